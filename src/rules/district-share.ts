/**
 * District shares of total spending: each district's share at least `district_share_min` and at
 * most `district_share_max`. Written as `share × total <= district` (and `>=`) rows that are
 * linear in the decisions: Σ (1 − share) × inside − share × outside >= 0.
 */
import type { Dataset, Project } from '../dataset/types.js';
import type { AllocationEntry, AllocationRuleContext, PortfolioRuleContext, RuleRecord } from './rule-types.js';
import { districtInWords, percentInWords, settingNow } from './rule-words.js';

/** Which bound of the share a rule sets. */
type Bound = 'min' | 'max';

/** District code per municipality code. */
function districtsOf(dataset: Dataset): Map<string, string> {
  return new Map(dataset.municipalities.map((municipality) => [municipality.code, municipality.districtCode]));
}

/** The share of a bound and whether it is active (a minimum above 0, a maximum below 1). */
function shareOf(dataset: Dataset, bound: Bound): { share: number; active: boolean } {
  const policy = dataset.config.policy;
  return bound === 'min' ? { share: policy.districtShareMin, active: policy.districtShareMin > 0 } : { share: policy.districtShareMax, active: policy.districtShareMax < 1 };
}

/** The rows of one bound in the portfolio: one per district with a fundable project. */
function portfolioRows<Expression>(context: PortfolioRuleContext<Expression>, bound: Bound): void {
  const { share, active } = shareOf(context.dataset, bound);
  if (!active) return;
  const districtOf = districtsOf(context.dataset);
  for (const district of [...new Set(context.dataset.municipalities.map((municipality) => municipality.districtCode))]) {
    const inDistrict = (project: Project): boolean => districtOf.get(project.municipalityCode) === district;
    if (!context.fundable.some(inDistrict)) {
      if (bound === 'min') context.warn(`district ${district} has no fundable project, so its minimum share of spending (${share}) is not applied`);
      continue;
    }
    context.addRow({
      label: `district_share_${bound}[${district}]`,
      group: 'district_share',
      expression: context.sumOverStarts(context.fundable, (project) => (inDistrict(project) ? 1 - share : -share) * context.programMoney(project.capexRand)),
      lower: bound === 'min' ? 0 : -Infinity,
      upper: bound === 'min' ? Infinity : 0,
      tag: { ruleKey: `district_share_${bound}`, districtCode: district },
    });
  }
}

/** The rows of one bound in the allocation: one per district with a priced need. */
function allocationRows<Expression>(context: AllocationRuleContext<Expression>, bound: Bound): void {
  const { share, active } = shareOf(context.dataset, bound);
  if (!active) return;
  const districtOf = districtsOf(context.dataset);
  for (const district of [...new Set(context.needs.map((need) => districtOf.get(need.municipalityCode) ?? ''))]) {
    const inDistrict = (entry: AllocationEntry): boolean => districtOf.get(entry.municipalityCode) === district;
    context.addRow({
      label: `district_share_${bound}[${district}]`,
      group: 'district_share',
      expression: context.sumOverAllocations((entry) => (inDistrict(entry) ? 1 - share : -share)),
      lower: bound === 'min' ? 0 : -Infinity,
      upper: bound === 'min' ? Infinity : 0,
      tag: { ruleKey: `district_share_${bound}`, districtCode: district },
    });
  }
}

/** `district_share_min`: each district gets at least this share of all spending. */
export const DISTRICT_SHARE_MIN: RuleRecord = {
  key: 'district_share_min',
  setting: {
    key: 'district_share_min',
    field: 'districtShareMin',
    unit: 'share of spending, 0 to 1',
    numberKind: 'share',
    perService: false,
    defaultValue: 0,
    meaning: () => "Each district's share of spending at least (0 = off)",
  },
  offValue: 0,
  words: () => 'the minimum district share',
  activeInstances: (dataset) => (shareOf(dataset, 'min').active ? [{ keyPath: 'district_share_min', ruleKey: 'district_share_min' }] : []),
  portfolio: (context) => portfolioRows(context, 'min'),
  allocation: (context) => allocationRows(context, 'min'),
  describeConflict: (tag, _row, _formulation, dataset) => `district ${districtInWords(dataset, tag.districtCode)} gets at least ${percentInWords(dataset.config.policy.districtShareMin)} of spending`,
  settingToChange: (_tag, _formulation, dataset) => settingNow('district_share_min', dataset.config.policy.districtShareMin),
  switchOff: (policy) => ({ ...policy, districtShareMin: 0 }),
};

/** `district_share_max`: no district gets more than this share of all spending. */
export const DISTRICT_SHARE_MAX: RuleRecord = {
  key: 'district_share_max',
  setting: {
    key: 'district_share_max',
    field: 'districtShareMax',
    unit: 'share of spending, 0 to 1',
    numberKind: 'share',
    perService: false,
    defaultValue: 1,
    meaning: () => "Each district's share of spending at most (1 = off)",
  },
  offValue: 1,
  words: () => 'the maximum district share',
  activeInstances: (dataset) => (shareOf(dataset, 'max').active ? [{ keyPath: 'district_share_max', ruleKey: 'district_share_max' }] : []),
  portfolio: (context) => portfolioRows(context, 'max'),
  allocation: (context) => allocationRows(context, 'max'),
  describeConflict: (tag, _row, _formulation, dataset) => `district ${districtInWords(dataset, tag.districtCode)} gets at most ${percentInWords(dataset.config.policy.districtShareMax)} of spending`,
  settingToChange: (_tag, _formulation, dataset) => settingNow('district_share_max', dataset.config.policy.districtShareMax),
  switchOff: (policy) => ({ ...policy, districtShareMax: 1 }),
  keepsOut: ({ project, funded, policy }) => {
    if (policy.districtShareMax >= 1) return null;
    const district = funded.districtOf.get(project.municipalityCode);
    const districtRand = district === undefined ? 0 : (funded.randByDistrict.get(district) ?? 0);
    const newTotal = funded.totalRand + project.capexRand;
    if ((districtRand + project.capexRand) / newTotal > policy.districtShareMax + 1e-9) {
      return `Funding it would lift district ${district}'s share of spending above the maximum of ${policy.districtShareMax}.`;
    }
    return null;
  },
};
