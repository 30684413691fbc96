/**
 * The policy rule that defers a project, recorded once where the deferral is decided
 * (interpret.ts) and read by everything that reports it: the Summary's "kept out by" rows and the
 * comparison's reasons. Before this record each of them worked the rule out again after the fact
 * from the rule records; the plan now says which rule it was and at what setting.
 */
import type { Dataset, PolicySettings, Project } from '../dataset/types.js';
import { formatFinancialYear } from '../dataset/financial-year.js';
import { formatRandMillion } from '../dataset/money-text.js';
import type { DeferralQuestion, RuleInstance, RuleRecord } from '../rules/rule-types.js';
import { percentInWords } from '../rules/rule-words.js';
import type { DeferredBy } from './types.js';

/** A rule's sentence on the project under `policy`: its `forbids` (outright) or its `keepsOut` given what the plan funds; null when it does not keep the project out. */
function sentenceUnder(rule: RuleRecord, project: Project, question: Omit<DeferralQuestion, 'policy'>, policy: PolicySettings, outright: boolean): string | null {
  if (outright) return rule.forbids?.(project, policy) ?? null;
  if (question.candidateYears.length === 0) return null;
  return rule.keepsOut?.({ ...question, policy }) ?? null;
}

/**
 * The instance of a rule that keeps the project out: for a rule with several active instances (a
 * minimum share for two services), the one that still keeps it out with every other instance
 * switched off, its own sentence preferred; the only instance when there is one.
 */
function deferringInstance(rule: RuleRecord, project: Project, question: Omit<DeferralQuestion, 'policy'>, dataset: Dataset, outright: boolean, sentence: string): RuleInstance | undefined {
  const instances = rule.activeInstances(dataset);
  if (instances.length <= 1 || rule.switchOff === undefined) return instances[0];
  const switchOff = rule.switchOff;
  const alone = instances.map((instance) => {
    const policy = instances.filter((other) => other.keyPath !== instance.keyPath).reduce((rulePolicy, other) => switchOff(rulePolicy, other), dataset.config.policy);
    return { instance, sentence: sentenceUnder(rule, project, question, policy, outright) };
  });
  return (alone.find((entry) => entry.sentence === sentence) ?? alone.find((entry) => entry.sentence !== null))?.instance ?? instances[0];
}

/**
 * The record of the rule that defers `project`, as interpret.ts found it: `rule` gave `sentence`
 * (its `forbids` when `outright`, else its `keepsOut` for `question`). The setting is the model's
 * value of the instance that keeps the project out.
 */
export function deferredByRecord(rule: RuleRecord, project: Project, question: Omit<DeferralQuestion, 'policy'>, dataset: Dataset, outright: boolean, sentence: string): DeferredBy {
  const instance = deferringInstance(rule, project, question, dataset, outright, sentence);
  const service = instance?.serviceId !== undefined ? { serviceId: instance.serviceId } : {};
  if (rule.setting === null) return { rule: rule.key, ...service, settingKey: null, setting: null };
  const raw = dataset.config.policy[rule.setting.field] as unknown as number | Readonly<Record<string, number>>;
  const setting = typeof raw === 'number' ? raw : (raw[instance?.serviceId ?? ''] ?? null);
  return { rule: rule.key, ...service, settingKey: instance?.keyPath ?? rule.setting.key, setting };
}

/** A count in words: 51725 -> `51,725`. */
function wholeWords(value: number): string {
  return Math.round(value).toLocaleString('en-GB');
}

/**
 * A rule's setting in words, by the kind of number it holds: ` of 30%` for a share, ` of R5.0
 * million` for money, ` (at most 3)` for a cap, ` (by 2030/31)` for a target year; nothing for a
 * switch (on or off) or a rule without a setting.
 */
function settingWords(rule: RuleRecord, value: number | null): string {
  if (rule.setting === null || value === null) return '';
  switch (rule.setting.numberKind) {
    case 'share':
      return ` of ${percentInWords(value)}`;
    case 'rand':
    case 'positiveRand':
      return ` of ${formatRandMillion(value)}`;
    case 'households':
    case 'householdCount':
      return ` of ${wholeWords(value)} households`;
    case 'projectsAtOnce':
    case 'facilitiesPerYear':
      return ` (at most ${wholeWords(value)})`;
    case 'financialYearOrOff':
      return value > 0 ? ` (by ${formatFinancialYear(value)})` : '';
    case 'onOff':
      return '';
    default:
      return ` (${value.toLocaleString('en-GB')})`;
  }
}

/**
 * The rule of a deferral record and its setting, for a sentence: `the minimum sanitation share of
 * 30%`, `the cap on projects under construction at once per municipality (at most 2)`, `the lock
 * on the baseline's first years (2 years, to 2027/28)`. `rules` are the rule records to name it
 * from (the registry); `dataset` gives the service's declaration and the lock. A rule the records
 * do not know (a plan written by another version) reads `another policy rule`.
 */
export function deferredByWords(deferredBy: DeferredBy, rules: readonly RuleRecord[], dataset: Pick<Dataset, 'config' | 'baselineLock'>): string {
  const rule = rules.find((candidate) => candidate.key === deferredBy.rule);
  if (rule === undefined) return 'another policy rule';
  const service = dataset.config.services.find((declared) => declared.id === deferredBy.serviceId);
  const words = rule.words(service);
  if (rule.setting === null) {
    // The baseline lock is set on the command line (--lock-years), not under policy:.
    const lock = dataset.baselineLock;
    return lock ? `${words} (${lock.lockYears} year${lock.lockYears === 1 ? '' : 's'}, to ${formatFinancialYear(lock.lastLockedYear)})` : words;
  }
  return `${words}${settingWords(rule, deferredBy.setting)}`;
}
