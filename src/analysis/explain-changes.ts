/**
 * The changes an explanation of a deferred project may suggest, applied as Dataset transformations.
 * Every change makes a new Dataset and never edits the one given, so an explanation can be checked
 * by applying exactly what it says and solving again.
 */
import { formatFinancialYear } from '../dataset/financial-year.js';
import type { Dataset, PolicySettings, Project } from '../dataset/types.js';
import { formatRandMillion } from '../dataset/money-text.js';

/** A policy rule that can be switched off on its own, named by its model.yaml / scenario key. */
export type PolicyRule =
  | 'basic_package_floor_share'
  | 'basic_package_min_spend_rand'
  | 'min_sanitation_share'
  | 'district_share_min'
  | 'district_share_max'
  | 'max_concurrent_projects_per_municipality';

/** For each rule: the PolicySettings field, the value that switches it off, and a name for sentences. */
const POLICY_RULES: Readonly<Record<PolicyRule, { readonly field: keyof PolicySettings; readonly offValue: number; readonly words: string }>> = {
  basic_package_floor_share: { field: 'basicPackageFloorShare', offValue: 0, words: 'the basic-package floor' },
  basic_package_min_spend_rand: { field: 'basicPackageMinSpendRand', offValue: 0, words: 'the minimum spend per municipality' },
  min_sanitation_share: { field: 'minSanitationShare', offValue: 0, words: 'the minimum sanitation share' },
  district_share_min: { field: 'districtShareMin', offValue: 0, words: 'the minimum district share' },
  district_share_max: { field: 'districtShareMax', offValue: 1, words: 'the maximum district share' },
  max_concurrent_projects_per_municipality: { field: 'maxConcurrentProjectsPerMunicipality', offValue: 0, words: 'the cap on projects under construction at once per municipality' },
};

/** One change to a model; an explanation applies a list of them together. */
export type SuggestedChange =
  /** Set an excluded project's status to candidate. */
  | { readonly kind: 'include'; readonly projectId: string }
  /** Move a project's start window (financial years, 2026 = 2026/27) so it fits the horizon. */
  | { readonly kind: 'widen_window'; readonly projectId: string; readonly earliestStartYear: number; readonly latestStartYear: number }
  /** Exclude a funded project of the same exclusive group so the deferred one can take its place. */
  | { readonly kind: 'drop_alternative'; readonly projectId: string; readonly exclusiveGroup: string }
  /** Switch one policy rule off. */
  | { readonly kind: 'relax_policy'; readonly rule: PolicyRule }
  /** Add rand to one source's envelope in one financial year. */
  | { readonly kind: 'top_up'; readonly sourceId: string; readonly financialYear: number; readonly amountRand: number };

/** Policy rules that are switched on in the dataset, in a fixed order. */
export function activePolicyRules(dataset: Dataset): PolicyRule[] {
  const policy = dataset.config.policy;
  return (Object.keys(POLICY_RULES) as PolicyRule[]).filter((rule) => policy[POLICY_RULES[rule].field] !== POLICY_RULES[rule].offValue);
}

/** The current value of a policy rule, for sentences. */
export function policyRuleValue(dataset: Dataset, rule: PolicyRule): number {
  return dataset.config.policy[POLICY_RULES[rule].field];
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
      const { field, offValue } = POLICY_RULES[change.rule];
      return { ...dataset, config: { ...dataset.config, policy: { ...dataset.config.policy, [field]: offValue } } };
    }
    case 'top_up': {
      if (!dataset.fundingSources.some((source) => source.id === change.sourceId)) throw new Error(`no funding source ${change.sourceId} in the dataset`);
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

/** Apply changes in order, returning a new Dataset (the input is unchanged). */
export function applyChanges(dataset: Dataset, changes: readonly SuggestedChange[]): Dataset {
  return changes.reduce(applyChange, dataset);
}

/** Total rand of the top-ups among `changes`. */
export function extraMoneyRand(changes: readonly SuggestedChange[]): number {
  return changes.reduce((sum, change) => sum + (change.kind === 'top_up' ? change.amountRand : 0), 0);
}

/** One change in words, e.g. `R12.4 million more from RBIG in 2028/29`. */
export function describeChange(change: SuggestedChange, dataset: Dataset): string {
  switch (change.kind) {
    case 'include':
      return `include ${change.projectId} (now excluded)`;
    case 'widen_window':
      return `move the start window of ${change.projectId} to ${formatFinancialYear(change.earliestStartYear)}–${formatFinancialYear(change.latestStartYear)}`;
    case 'drop_alternative':
      return `drop ${change.projectId}, the funded project of exclusive group ${change.exclusiveGroup}`;
    case 'relax_policy':
      return `switch off ${POLICY_RULES[change.rule].words} (policy.${change.rule} = ${policyRuleValue(dataset, change.rule)})`;
    case 'top_up':
      return `${formatRandMillion(change.amountRand)} more from ${change.sourceId} in ${formatFinancialYear(change.financialYear)}`;
  }
}
