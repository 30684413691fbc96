/**
 * `shortfalls_met_by_year`: from that financial year on, every master plan balance's design demand
 * is met — the capacity of its funded projects in service is at least the unmet design demand the
 * stage found without new projects. Off (0) by default; active only when the run uses the master
 * plan (Dataset.capacityBalances). When lead times or money cannot make it hold, the infeasibility
 * diagnosis names the balances and years that conflict.
 */
import { formatFinancialYear } from '../dataset/financial-year.js';
import type { Project } from '../dataset/types.js';
import type { RuleRecord } from './rule-types.js';
import { municipalityInWords, settingNow } from './rule-words.js';

/** True when a project adds to the balance of `municipality|service|asset types` in the program (not committed: a commitment already counts as capacity). */
function addsTo(project: Project, balance: { readonly municipalityCode: string; readonly service: string; readonly projectTypes: readonly string[] }): boolean {
  return (
    project.status !== 'committed' &&
    project.benefitOverride === null &&
    project.capacityAddedMlPerDay > 0 &&
    project.municipalityCode === balance.municipalityCode &&
    project.service === balance.service &&
    balance.projectTypes.includes(project.type)
  );
}

/** The asset type in words: `water_treatment_works` -> `water treatment works`. */
function assetTypeWords(assetType: string | undefined): string {
  return (assetType ?? '').replace(/_/g, ' ');
}

/** The rule. */
export const SHORTFALLS_MET: RuleRecord = {
  key: 'shortfalls_met_by_year',
  setting: {
    key: 'shortfalls_met_by_year',
    field: 'shortfallsMetByYear',
    unit: 'financial year, written as the calendar year it starts (2030 = 2030/31); 0 = off',
    numberKind: 'financialYearOrOff',
    perService: false,
    defaultValue: 0,
    meaning: () => 'Every master plan shortfall met from this financial year on (2030 = 2030/31; 0 = off)',
  },
  offValue: 0,
  words: () => 'the requirement that every master plan shortfall is met',
  activeInstances: (dataset) =>
    dataset.config.policy.shortfallsMetByYear > 0 && (dataset.capacityBalances ?? []).length > 0 ? [{ keyPath: 'shortfalls_met_by_year', ruleKey: 'shortfalls_met_by_year' }] : [],
  portfolio: (context) => {
    const fromYear = context.dataset.config.policy.shortfallsMetByYear;
    if (fromYear <= 0) return;
    for (const balance of context.dataset.capacityBalances ?? []) {
      const members = context.fundable.filter((project) => addsTo(project, balance));
      for (const year of context.years) {
        const shortfall = balance.shortfallMlPerDayByYear[year] ?? 0;
        if (year < fromYear || shortfall <= 0) continue;
        context.addRow({
          label: `shortfall_met[${balance.municipalityCode},${balance.service},${balance.assetType},${formatFinancialYear(year)}]`,
          group: 'shortfall_met',
          // Capacity in service by the year: started no later than the year minus its build years.
          expression: context.sumOverStarts(members, (project, startYear) => (startYear + project.cashFlowRandByBuildYear.length <= year ? project.capacityAddedMlPerDay : 0)),
          lower: shortfall,
          upper: Infinity,
          tag: { ruleKey: 'shortfalls_met_by_year', municipalityCode: balance.municipalityCode, serviceId: balance.service, financialYear: year, assetType: balance.assetType },
        });
      }
    }
  },
  describeConflict: (tag, row, _formulation, dataset) =>
    `the ${assetTypeWords(tag.assetType)} shortfall of ${municipalityInWords(dataset, tag.municipalityCode)} met in ${tag.financialYear === undefined ? '' : formatFinancialYear(tag.financialYear)}: at least ${Number(row.lower.toFixed(2))} Ml/day of new capacity in service`,
  settingToChange: (_tag, _formulation, dataset) => settingNow('shortfalls_met_by_year', dataset.config.policy.shortfallsMetByYear),
  switchOff: (policy) => ({ ...policy, shortfallsMetByYear: 0 }),
};
