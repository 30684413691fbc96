/**
 * An analysis in which nothing has a plan (issue 9 review, finding 4): compare where no scenario
 * has one, a sweep where no budget level has one, a stress test whose plan without overruns has
 * none. Writing a folder of empty bars and saying "Every scenario funds the same projects" would
 * present plans that do not exist; instead the command says why, and which settings would give a
 * plan, writes nothing and exits 1, as `run` does.
 */
import { EXIT_CRASH, EXIT_INVALID, UserFacingError } from '../errors/exit-codes.js';
import { hasSolution } from '../solve/engine.js';
import type { SolveStatus } from '../solve/engine.js';

/** What a solved job holds that this check reads. */
interface PlanStatus {
  readonly status: SolveStatus;
  readonly warnings?: readonly string[];
}

/**
 * Throw UserFacingError (exit 1; 2 when every solve failed with an engine error) when none of
 * `plans` has a solution. `labels` name the plans (scenario names, `budget ×0.8`), `none` says what
 * has none: `no scenario has a plan`.
 */
export function refuseWithoutAnyPlan(plans: readonly PlanStatus[], labels: readonly string[], none: string): void {
  if (plans.length === 0 || plans.some((plan) => hasSolution(plan))) return;
  const statuses = plans.map((plan, index) => `${labels[index]}: ${plan.status}`).join(', ');
  // The advice is the same for every plan of one run (same engine and limit): each sentence once.
  const advice = [...new Set(plans.flatMap((plan) => plan.warnings ?? []))];
  throw new UserFacingError(
    `No plan to report: ${none} (${statuses}); no folder was written.${advice.map((line) => `\n  - ${line}`).join('')}`,
    plans.every((plan) => plan.status === 'error') ? EXIT_CRASH : EXIT_INVALID,
  );
}
