/**
 * Which policy rule keeps a project out of a plan, as a record and in words: the plan says only
 * `policy` (with its sentence), and an analyst comparing scenarios needs "the minimum sanitation
 * share of 30%". The rule is found the way the plan's interpretation finds it (src/plan/interpret.ts):
 * the rule records of src/rules/ are asked, in registry order, whether they bar the project outright
 * (`forbids`) and then whether they keep it out given what the plan funds (`keepsOut`). No display
 * string is parsed; the rule whose own sentence is the plan's is preferred, so the two always agree.
 */
import type { Dataset, PolicySettings, Project, ServiceDeclaration } from '../dataset/types.js';
import type { PlannedProject, PortfolioPlan } from '../plan/types.js';
import type { DeferralQuestion, FundedSummary, RuleInstance, RuleRecord } from '../rules/rule-types.js';
import { PORTFOLIO_ROW_RULES } from '../rules/registry.js';
import { percentInWords } from '../rules/rule-words.js';
import { allowedStartYears } from '../dataset/project-windows.js';
import { formatFinancialYear } from '../dataset/financial-year.js';
import { formatRandMillion } from '../dataset/money-text.js';
import { hasSolution } from '../solve/engine.js';
import { formatNumber } from './analysis-options.js';

/** The policy rule that keeps one project out of a plan. */
export interface DeferralRule {
  /** The rule's key (`min_service_share`, `max_concurrent_projects_per_municipality`, `baseline_lock`). */
  readonly ruleKey: string;
  /** The setting as a scenario writes it under `policy:` (`min_service_share.sanitation`); null for a rule no policy key sets (the baseline lock). */
  readonly keyPath: string | null;
  /** The setting's value in the plan's model (a share 0 to 1, a count); null when no policy key sets it. */
  readonly value: number | null;
  /** The rule and its parameter in words: `the minimum sanitation share of 30%`. */
  readonly words: string;
}

/** The funded projects of a plan summed as the deferral rules read them (interpret.ts sums them the same way). */
function fundedSummary(plan: PortfolioPlan, dataset: Dataset): FundedSummary {
  const districtOf = new Map(dataset.municipalities.map((municipality) => [municipality.code, municipality.districtCode]));
  const facilityTypeOf = new Map(dataset.projects.map((project) => [project.id, project.facilityType]));
  const randByService = new Map<string, number>();
  const randByDistrict = new Map<string, number>();
  const activeByMunicipalityYear = new Map<string, number>();
  const facilitiesOpenedByServiceYear = new Map<string, number>();
  let totalRand = 0;
  for (const planned of plan.projects) {
    if (!planned.funded) continue;
    totalRand += planned.capexRand;
    randByService.set(planned.service, (randByService.get(planned.service) ?? 0) + planned.capexRand);
    const district = districtOf.get(planned.municipalityCode);
    if (district !== undefined) randByDistrict.set(district, (randByDistrict.get(district) ?? 0) + planned.capexRand);
    if (planned.startYear !== null && planned.completionYear !== null) {
      for (let year = planned.startYear; year <= planned.completionYear; year += 1) {
        const key = `${planned.municipalityCode}|${year}`;
        activeByMunicipalityYear.set(key, (activeByMunicipalityYear.get(key) ?? 0) + 1);
      }
    }
    if ((facilityTypeOf.get(planned.id) ?? null) !== null && planned.completionYear !== null) {
      const key = `${planned.service}|${planned.completionYear}`;
      facilitiesOpenedByServiceYear.set(key, (facilitiesOpenedByServiceYear.get(key) ?? 0) + 1);
    }
  }
  return { districtOf, totalRand, randByService, randByDistrict, activeByMunicipalityYear, facilitiesOpenedByServiceYear };
}

/** The start years its prerequisites leave a project, given what the plan funds (as interpret.ts takes them). */
function candidateYearsOf(project: Project, dataset: Dataset, fundedById: ReadonlyMap<string, PlannedProject>): number[] {
  return allowedStartYears(project, dataset).filter((startYear) =>
    project.prerequisiteIds.every((prerequisiteId) => {
      const prerequisite = fundedById.get(prerequisiteId);
      return prerequisite !== undefined && prerequisite.completionYear !== null && prerequisite.completionYear < startYear;
    }),
  );
}

/** A rule's sentence on the project under `policy`, or null when the rule does not keep it out. */
function ruleSentence(rule: RuleRecord, project: Project, question: Omit<DeferralQuestion, 'policy'>, policy: PolicySettings, outright: boolean): string | null {
  if (outright) return rule.forbids?.(project, policy) ?? null;
  if (question.candidateYears.length === 0) return null;
  return rule.keepsOut?.({ ...question, policy }) ?? null;
}

/** `2`, `R12.0 million`, `30%`: a setting's value as its kind of number reads. */
function valueWords(rule: RuleRecord, value: number): string {
  switch (rule.setting?.numberKind) {
    case 'share':
      return percentInWords(value);
    case 'rand':
      return formatRandMillion(value);
    case 'financialYearOrOff':
      return formatFinancialYear(value);
    default:
      return formatNumber(value, Number.isInteger(value) ? 0 : 2);
  }
}

/** The rule and its parameter in words, e.g. `the minimum sanitation share of 30%`. */
function ruleInWords(rule: RuleRecord, instance: RuleInstance | undefined, dataset: Dataset): Omit<DeferralRule, 'ruleKey'> {
  const service: ServiceDeclaration | undefined = dataset.config.services.find((candidate) => candidate.id === instance?.serviceId);
  const words = rule.words(service);
  const setting = rule.setting;
  if (setting === null) {
    // The baseline lock is set on the command line (--lock-years), not under policy:.
    const lock = dataset.baselineLock;
    return { keyPath: null, value: null, words: lock ? `${words} (${lock.lockYears} year${lock.lockYears === 1 ? '' : 's'}, to ${formatFinancialYear(lock.lastLockedYear)})` : words };
  }
  const raw = dataset.config.policy[setting.field] as unknown;
  const value = setting.perService ? ((raw as Readonly<Record<string, number>>)[instance?.serviceId ?? ''] ?? null) : typeof raw === 'number' ? raw : null;
  const keyPath = instance?.keyPath ?? setting.key;
  // An on/off rule is named by its words alone ("the anchor-department rule").
  if (value === null || setting.numberKind === 'onOff') return { keyPath, value, words };
  return { keyPath, value, words: setting.numberKind === 'share' ? `${words} of ${valueWords(rule, value)}` : `${words}, set at ${valueWords(rule, value)}` };
}

/**
 * The instance of a rule that keeps the project out: for a rule with several active instances (a
 * minimum share for two services), the one that still keeps it out with every other instance
 * switched off; the only instance when there is one.
 */
function instanceOf(rule: RuleRecord, project: Project, question: Omit<DeferralQuestion, 'policy'>, dataset: Dataset, outright: boolean): RuleInstance | undefined {
  const instances = rule.activeInstances(dataset);
  if (instances.length <= 1 || rule.switchOff === undefined) return instances[0];
  const switchOff = rule.switchOff;
  return (
    instances.find((instance) => {
      const alone = instances.filter((other) => other !== instance).reduce((policy, other) => switchOff(policy, other), dataset.config.policy);
      return ruleSentence(rule, project, question, alone, outright) !== null;
    }) ?? instances[0]
  );
}

/**
 * The policy rule of every project a plan defers for `policy`, by project id. `dataset` is the
 * model the plan was made from (after the master plan stage, when the model has one: the
 * register the plan holds). A project whose rule the records cannot name (a dataset that is not
 * the plan's) is left out of the map; its plan sentence still says why.
 */
export function policyRulesOfPlan(plan: PortfolioPlan, dataset: Dataset): ReadonlyMap<string, DeferralRule> {
  const rules = new Map<string, DeferralRule>();
  if (!hasSolution(plan)) return rules;
  const deferred = plan.projects.filter((project) => !project.funded && project.deferralReason === 'policy');
  if (deferred.length === 0) return rules;
  const funded = fundedSummary(plan, dataset);
  const fundedById = new Map(plan.projects.filter((project) => project.funded).map((project) => [project.id, project]));
  const projectById = new Map(dataset.projects.map((project) => [project.id, project]));
  for (const planned of deferred) {
    const project = projectById.get(planned.id);
    if (project === undefined) continue;
    const question = {
      project,
      candidateYears: candidateYearsOf(project, dataset, fundedById),
      funded,
      services: dataset.config.services,
      ...(dataset.baselineLock ? { baselineLock: dataset.baselineLock } : {}),
    };
    // As the interpretation asks: every rule that bars it outright first, then the plan-dependent ones.
    const answers = [true, false].flatMap((outright) =>
      PORTFOLIO_ROW_RULES.flatMap((rule) => {
        const sentence = ruleSentence(rule, project, question, dataset.config.policy, outright);
        return sentence === null ? [] : [{ rule, outright, sentence }];
      }),
    );
    const answer = answers.find((candidate) => candidate.sentence === planned.deferralDetail) ?? answers[0];
    if (answer === undefined) continue;
    const instance = instanceOf(answer.rule, project, question, dataset, answer.outright);
    rules.set(planned.id, { ruleKey: answer.rule.key, ...ruleInWords(answer.rule, instance, dataset) });
  }
  return rules;
}
