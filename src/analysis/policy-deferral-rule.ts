/**
 * Which policy rule keeps a project out of a plan, as a record and in words: the plan's reason is
 * only `policy` (with its sentence), and an analyst comparing scenarios needs "the minimum
 * sanitation share of 30%". The plan records the rule and its setting on each project it defers
 * for policy (PlannedProject.deferredBy, src/plan/interpret.ts); this reads that record, in the
 * same words the Summary uses (src/plan/deferral-rule.ts), and works nothing out again.
 */
import type { Dataset } from '../dataset/types.js';
import type { PortfolioPlan } from '../plan/types.js';
import { deferredByWords } from '../plan/deferral-rule.js';
import { PORTFOLIO_ROW_RULES } from '../rules/registry.js';
import { hasSolution } from '../solve/engine.js';

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

/**
 * The policy rule of every project a plan defers for `policy`, by project id, as the plan records
 * it. `dataset` is the model the plan was made from (for the service's declaration and the
 * baseline lock in the words). A project without the record (a plan written before it existed)
 * is left out of the map; its plan sentence still says why.
 */
export function policyRulesOfPlan(plan: PortfolioPlan, dataset: Pick<Dataset, 'config' | 'baselineLock'>): ReadonlyMap<string, DeferralRule> {
  const rules = new Map<string, DeferralRule>();
  if (!hasSolution(plan)) return rules;
  for (const planned of plan.projects) {
    const deferredBy = planned.deferredBy ?? null;
    if (planned.funded || planned.deferralReason !== 'policy' || deferredBy === null) continue;
    rules.set(planned.id, { ruleKey: deferredBy.rule, keyPath: deferredBy.settingKey, value: deferredBy.setting, words: deferredByWords(deferredBy, PORTFOLIO_ROW_RULES, dataset) });
  }
  return rules;
}
