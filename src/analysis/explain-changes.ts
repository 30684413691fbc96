/**
 * The changes an explanation of a deferred project may suggest, applied as Dataset transformations.
 * Every change makes a new Dataset and never edits the one given, so an explanation can be checked
 * by applying exactly what it says and solving again.
 */
import { formatFinancialYear } from '../dataset/financial-year.js';
import type { Dataset, FundingPurpose, Project, RingFence } from '../dataset/types.js';
import { activePolicyRuleInstances, findRule } from '../rules/registry.js';
import type { RuleInstance, RuleRecord } from '../rules/rule-types.js';
import { formatRandMillion } from '../dataset/money-text.js';

/**
 * A policy rule that can be switched off on its own, named by its key path under `policy:` in
 * model.yaml and scenarios: `basic_package_floor_share`, `min_service_share.sanitation`. The rules
 * and their words come from the rule registry (src/rules/registry.ts).
 */
export type PolicyRule = string;

/** One change to a model; an explanation applies a list of them together. */
export type SuggestedChange =
  /** Set an excluded project's status to candidate. */
  | { readonly kind: 'include'; readonly projectId: string }
  /** Move a project's start window (financial years, 2026 = 2026/27) so it fits the horizon. */
  | { readonly kind: 'widen_window'; readonly projectId: string; readonly earliestStartYear: number; readonly latestStartYear: number }
  /** Exclude a funded project of the same exclusive group so the deferred one can take its place. */
  | { readonly kind: 'drop_alternative'; readonly projectId: string; readonly exclusiveGroup: string }
  /**
   * Relax one policy rule: to `value` (in the rule's own unit, e.g. a share of 0.27 where the model
   * has 0.3, or a cap of 4 projects where it has 3), or switch it off when no value is given.
   */
  | { readonly kind: 'relax_policy'; readonly rule: PolicyRule; readonly value?: number }
  /**
   * Add rand to one source's envelope in one financial year. `purpose` is the source's (funding.csv):
   * `operating` on a top-up of an operating (running-cost) envelope, which only the
   * least-extra-money MILP suggests; absent means capital (explain.json writes it on every top-up).
   * Applied the same way for both kinds.
   */
  | {
      readonly kind: 'top_up';
      readonly sourceId: string;
      readonly financialYear: number;
      readonly amountRand: number;
      readonly purpose?: FundingPurpose;
      /**
       * The project the money is ring-fenced for (a scenario's `ring_fenced`, src/dataset/ring-fences.ts):
       * only it may spend the amount, on top of the envelope. Every money answer of explain is ring-fenced
       * since 2026-12-03 (task r1): untied money is better spent on other projects, so an untied answer
       * seldom verified. Absent: the envelope itself is raised, for every project (older answers).
       */
      readonly ringFencedFor?: string;
    };

/** Policy rules that are switched on in the dataset, in the registry's order. */
export function activePolicyRules(dataset: Dataset): PolicyRule[] {
  return activePolicyRuleInstances(dataset).map((instance) => instance.keyPath);
}

/** The rule and instance of a policy rule's key path; throws for a key no active rule has (a bug in the caller). */
function ruleInstance(dataset: Dataset, rule: PolicyRule): { record: RuleRecord; instance: RuleInstance } {
  const [ruleKey, serviceId] = rule.split('.');
  const record = findRule(ruleKey);
  if (record === undefined || record.setting === null) throw new Error(`no policy rule ${rule}`);
  return { record, instance: { keyPath: rule, ruleKey, ...(serviceId !== undefined ? { serviceId } : {}) } };
}

/** The current value of a policy rule, for sentences. */
export function policyRuleValue(dataset: Dataset, rule: PolicyRule): number {
  const { record, instance } = ruleInstance(dataset, rule);
  const value = dataset.config.policy[record.setting!.field] as number | Readonly<Record<string, number>>;
  return typeof value === 'number' ? value : (value[instance.serviceId ?? ''] ?? 0);
}

/** The policy with one rule's value set: a number, or one service's value of a per-service setting. Rules are data: the setting record says where the value lives. */
export function withPolicyRuleValue(dataset: Dataset, rule: PolicyRule, value: number): Dataset['config']['policy'] {
  const { record, instance } = ruleInstance(dataset, rule);
  const setting = record.setting!;
  const policy = dataset.config.policy;
  if (!setting.perService) return { ...policy, [setting.field]: value };
  const values = policy[setting.field] as unknown as Readonly<Record<string, number>>;
  return { ...policy, [setting.field]: { ...values, [instance.serviceId ?? '']: value } };
}

/** A new project list with one project replaced; throws when the id is unknown (a bug in the caller). */
function replaceProject(projects: readonly Project[], projectId: string, change: (project: Project) => Project): Project[] {
  if (!projects.some((project) => project.id === projectId)) throw new Error(`no project ${projectId} in the dataset`);
  return projects.map((project) => (project.id === projectId ? change(project) : project));
}

/** Apply one change, returning a new Dataset. */
export function applyChange(dataset: Dataset, change: SuggestedChange): Dataset {
  switch (change.kind) {
    case 'include':
      return { ...dataset, projects: replaceProject(dataset.projects, change.projectId, (project) => ({ ...project, status: 'candidate' })) };
    case 'widen_window':
      return {
        ...dataset,
        projects: replaceProject(dataset.projects, change.projectId, (project) => ({
          ...project,
          earliestStartYear: change.earliestStartYear,
          latestStartYear: change.latestStartYear,
        })),
      };
    case 'drop_alternative':
      return { ...dataset, projects: replaceProject(dataset.projects, change.projectId, (project) => ({ ...project, status: 'excluded' })) };
    case 'relax_policy': {
      if (change.value !== undefined) return { ...dataset, config: { ...dataset.config, policy: withPolicyRuleValue(dataset, change.rule, change.value) } };
      const { record, instance } = ruleInstance(dataset, change.rule);
      if (record.switchOff === undefined) throw new Error(`policy rule ${change.rule} cannot be switched off`);
      return { ...dataset, config: { ...dataset.config, policy: record.switchOff(dataset.config.policy, instance) } };
    }
    case 'top_up': {
      if (!dataset.fundingSources.some((source) => source.id === change.sourceId && source.ringFencedFor === undefined)) throw new Error(`no funding source ${change.sourceId} in the dataset`);
      if (change.ringFencedFor !== undefined) {
        // Kept as a ring fence and made into a source after the master plan stage, as the scenario key `ring_fenced` is.
        const fence: RingFence = { projectId: change.ringFencedFor, sourceId: change.sourceId, financialYear: change.financialYear, amountRand: change.amountRand };
        return { ...dataset, ringFences: [...(dataset.ringFences ?? []), fence] };
      }
      return {
        ...dataset,
        fundingSources: dataset.fundingSources.map((source) =>
          source.id === change.sourceId
            ? {
                ...source,
                envelopeRandByYear: { ...source.envelopeRandByYear, [change.financialYear]: (source.envelopeRandByYear[change.financialYear] ?? 0) + change.amountRand },
              }
            : source,
        ),
      };
    }
  }
}

/** A rule's value for sentences: up to 4 significant decimals, no float noise (0.27, not 0.27000000000000002). */
export function formatRuleValue(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** Apply changes in order, returning a new Dataset (the input is unchanged). */
export function applyChanges(dataset: Dataset, changes: readonly SuggestedChange[]): Dataset {
  return changes.reduce(applyChange, dataset);
}

/** Total rand of the top-ups among `changes`, capital and operating money together. */
export function extraMoneyRand(changes: readonly SuggestedChange[]): number {
  return changes.reduce((sum, change) => sum + (change.kind === 'top_up' ? change.amountRand : 0), 0);
}

/** One change in words, e.g. `R12.4 million more from RBIG in 2028/29` (capital) or `R3.3 million more operating money from TOPS in 2035/36`. */
export function describeChange(change: SuggestedChange, dataset: Dataset): string {
  switch (change.kind) {
    case 'include':
      return `include ${change.projectId} (now excluded)`;
    case 'widen_window':
      return `move the start window of ${change.projectId} to ${formatFinancialYear(change.earliestStartYear)}–${formatFinancialYear(change.latestStartYear)}`;
    case 'drop_alternative':
      return `drop ${change.projectId}, the funded project of exclusive group ${change.exclusiveGroup}`;
    case 'relax_policy': {
      const { record, instance } = ruleInstance(dataset, change.rule);
      const service = instance.serviceId === undefined ? undefined : dataset.config.services.find((declared) => declared.id === instance.serviceId);
      if (change.value !== undefined) {
        const now = policyRuleValue(dataset, change.rule);
        const verb = change.value < now ? 'lower' : 'raise';
        return `${verb} ${record.words(service)} to ${formatRuleValue(change.value)} (policy.${change.rule}, now ${formatRuleValue(now)})`;
      }
      return `switch off ${record.words(service)} (policy.${change.rule} = ${policyRuleValue(dataset, change.rule)})`;
    }
    case 'top_up': {
      // The source says which kind of money it is (the change's purpose is a label for readers of the JSON).
      const operating = dataset.fundingSources.find((source) => source.id === change.sourceId)?.purpose === 'operating';
      if (change.ringFencedFor !== undefined) return `${formatRandMillion(change.amountRand)} of ${operating ? 'operating money of ' : ''}${change.sourceId} in ${formatFinancialYear(change.financialYear)} ring-fenced for ${change.ringFencedFor}`;
      return `${formatRandMillion(change.amountRand)} more ${operating ? 'operating money ' : ''}from ${change.sourceId} in ${formatFinancialYear(change.financialYear)}`;
    }
  }
}

/**
 * The scenario entry that reproduces the ring-fenced money among `changes`, e.g.
 * `ring_fenced: [{project: WC011-S-WWTW-1, source: MIG, years: '2028/29', amount_rand: 2100000}]`; null when there is none.
 */
export function ringFencedScenarioEntry(changes: readonly SuggestedChange[]): string | null {
  const entries = changes.flatMap((change) =>
    change.kind === 'top_up' && change.ringFencedFor !== undefined
      ? [`{project: ${change.ringFencedFor}, source: ${change.sourceId}, years: '${formatFinancialYear(change.financialYear)}', amount_rand: ${Math.round(change.amountRand)}}`]
      : [],
  );
  return entries.length === 0 ? null : `ring_fenced: [${entries.join(', ')}]`;
}
