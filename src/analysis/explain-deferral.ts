/**
 * Explanations for deferred projects: for each project the plan leaves out, the cheapest change
 * that gets it funded, found by re-solving modified models (never guessed) and then verified by
 * applying the change once more and solving again. See docs/explanations.md.
 *
 * The search, per project p:
 *  1. a structural change the deferral reason calls for (include p, move its window, include or
 *     move a blocking prerequisite, drop the funded exclusive alternative);
 *  2. one MILP: for a `policy` project the least relaxation of the policy rules (explain-policy.ts),
 *     else (or when none exists) the least extra money (explain-extra-money.ts), each verified by
 *     one proof (verifyByBound); only when that does not verify, the wider search:
 *  3. each active policy rule switched off on its own: a rule whose removal funds p at no extra
 *     money is reported as the blocker;
 *  4. a top-up of one envelope (source, year) found by bisection, to `precisionRand`: the smallest
 *     amount for which the re-solved optimal plan funds p. Only sources p (or a blocking
 *     prerequisite) may draw on and years it could spend in are tried.
 * Independent re-solves run through the solve pool, so both cores are used when the CLI runs the
 * compiled code.
 */
import os from 'node:os';
import { formatFinancialYear } from '../dataset/financial-year.js';
import { InvalidInputError, quoteValue, type DataProblem } from '../errors/problems.js';
import type { Dataset, Project } from '../dataset/types.js';
import { computeIndices } from '../indicators/indices.js';
import { indexByMunicipality, projectBenefit } from '../indicators/benefit.js';
import { horizonOf } from '../dataset/horizon.js';
import { costFactorOf } from '../dataset/cost-factors.js';
import { allowedStartYears, buildYears, completionYear, eligibleSourceIds } from '../dataset/project-windows.js';
import { startYearsWithPrerequisites } from '../program/portfolio.js';
import { checkPlan, PlanCheckError } from '../plan/check-plan.js';
import { datasetRun, plannedDataset, planRun } from '../pipeline/plan-run.js';
import type { PlanOptions } from '../plan/plan-model.js';
import type { DeferralReason, PortfolioPlan } from '../plan/types.js';
import { COMMAND_LINE } from '../scenario/command-line-layer.js';
import { hasSolution, type SolveStatus } from '../solve/engine.js';
import { formatNumber } from './analysis-options.js';
import { activePolicyRules, applyChanges, describeChange, extraMoneyRand, formatRuleValue, type PolicyRule, type SuggestedChange } from './explain-changes.js';
import { leastExtraMoney, operatingTopUpEnvelopes, type ExtraMoneyAnswer } from './explain-extra-money.js';
import { decisionsOfValues } from '../plan/baseline-stability.js';
import { decisionsOfPlan, lpBoundGap, neighbourPlan, percentWords, planFromNeighbour, relativeGapOf, type AnalysisPlan, type ShortcutRequest } from './plan-shortcut.js';
import { leastPolicyRelaxation } from './explain-policy.js';
import { solveFailure, type SolveFailure } from './explain-failure.js';
import { buildFormulation } from '../program/formulation.js';
import type { LinearProgram } from '../program/linear-program.js';
import { capitalShortAt, interpretPortfolio } from '../plan/interpret.js';
import { solveProgram } from '../solve/solve-program.js';
import type { SolveOptions, SolveResult } from '../solve/engine.js';
import { BASELINE_SCENARIO_NAME } from '../scenario/resolve-scenario.js';
import { HIGHS_DEFAULT_RELATIVE_GAP } from './frontier.js';
import { solveJobs, type ProgressEvent } from './solve-pool.js';
import { PORTFOLIO_ROW_RULES } from '../rules/registry.js';
import { budgetSecondsLeft, chargeSolve, createSolveBudget, EXPLAIN_WALL_FACTOR, explainBoxesInCpuSeconds, explainEngine, type SolveBudget } from './explain-limits.js';

/**
 * What the verifying re-solve found, at the gap the answer states (the analysis gap):
 * `funded_within_gap`: its plan funds the project and is proven within the gap of the best plan with
 * the change; `start_within_gap`: it found a better plan without the project, but the plan it started
 * from (which funds it) is still proven within the gap of the best, so funding it costs no more than
 * the gap; `funded_above_gap`: its plan funds the project but the time box stopped it above the gap,
 * so a plan without the project may be better by more than the gap; `better_without`: it found a
 * plan without the project better than the gap allows (the money is better spent elsewhere: the
 * change is not enough); `not_funded`: its plan does not fund the project (a cold re-solve, or a
 * start that no longer fits); `checker`: the independent checker rejected the plan; `solve_failed`:
 * the re-solve or the proof found no plan or no bound (time limit, solver error), said in `failure`.
 */
export type VerificationOutcome = 'funded_within_gap' | 'start_within_gap' | 'funded_above_gap' | 'better_without' | 'not_funded' | 'checker' | 'solve_failed';

/** The outcome of applying an explanation's changes and solving again. */
export interface Verification {
  /**
   * True only when a plan that funds the project, with the change, passes the independent checker
   * and is proven within the gap the answer states of the best plan with the change (outcome
   * `funded_within_gap` or `start_within_gap`). A re-solve stopped above the gap is not verified.
   */
  readonly verified: boolean;
  /** What the re-solve found (see VerificationOutcome); absent in answers written before it existed. */
  readonly outcome?: VerificationOutcome;
  /** The gap the answer is verified at (the analysis gap), or null when unknown. */
  readonly requestedGap?: number | null;
  /** Benefit of the plan that funds the project, when the re-solve's best plan does not (outcomes start_within_gap and better_without), else null. */
  readonly fundingPlanBenefitPoints?: number | null;
  /** Status of the re-solve. */
  readonly status: SolveStatus;
  /** Whether the re-solved plan funds the project. */
  readonly projectFunded: boolean;
  /** Start financial year of the project in the re-solved plan, or null. */
  readonly startYear: number | null;
  /** Violations the independent checker found (empty when it passed). */
  readonly violations: readonly string[];
  /** Objective (benefit) of the original plan. */
  readonly objectiveBefore: number | null;
  /** Objective (benefit) of the re-solved plan. */
  readonly objectiveAfter: number | null;
  /** Proven relative gap of the plan that funds the project when there is one (a time box may leave one above the gap asked for), else of the re-solved plan; or null. */
  readonly gap?: number | null;
  /** How the re-solve was done: accepted from the suggested plan by the LP bound, or a MILP from it as MIP start. */
  readonly howSolved?: string | null;
  /**
   * How it was verified: `resolve` (a re-solve with the change, started from a plan that funds the
   * project) or `bound_without` (issue 14: the plan that funds it, from the answer's MILP, against the
   * proven bound of the changed model with the project forced out) or `ring_fenced_bound` (task r1:
   * the change only ring-fences money for the project, so every plan without it is a plan of the
   * model explained, worth at most its proven bound `planBoundBenefitPoints`, B0; the plan that funds
   * it, V = `objectiveAfter`, passed the checker and is within the gap of B0, with no solve).
   * Absent in older answers (resolve).
   */
  readonly method?: 'resolve' | 'bound_without' | 'ring_fenced_bound';
  /** With `bound_without`: the proven upper bound on the benefit of every plan without the project, or null when the solve proved none. */
  readonly boundWithoutBenefitPoints?: number | null;
  /** With `bound_without`: the benefit every plan without the project had to be proven within (the plan that funds it × (1 + the gap)), or null. */
  readonly targetBenefitPoints?: number | null;
  /**
   * With `bound_without`: the proven bound of the plan explained (its run's), or null when unknown.
   * A target below it asks the proof to be closer than the plan explained's own (task x1: why
   * answers of `--top 10` did not verify at 0.1%); the answer then says so.
   */
  readonly planBoundBenefitPoints?: number | null;
  /** With outcome `solve_failed`: which solve failed, why, and what to try. */
  readonly failure?: SolveFailure;
}

/**
 * What an answer came to: `verified` (a change, verified), `not_verified` (a change that did not
 * verify, said why), `no_change_found` (the search ended without a change, said why), or
 * `solve_failed` (a solve the answer needed failed: the sentence says which, why and what to try;
 * nothing about the project follows from it).
 */
export type ExplanationOutcome = 'verified' | 'not_verified' | 'no_change_found' | 'solve_failed';

/** Why a project is deferred and the cheapest change found that funds it. */
/** Money short for a project at the start its verifying plan gives it, under the plan explained. */
export interface CheckedStartShort {
  /** The start year checked (financial year). */
  readonly startYear: number;
  /** The first build year short of money. */
  readonly year: number;
  /** Rand its cash flow needs that year. */
  readonly needRand: number;
  /** Rand left in its capital sources that year under the plan explained. */
  readonly roomRand: number;
  /** Its capital sources with an envelope. */
  readonly sourceIds: readonly string[];
}

export interface Explanation {
  /** Project id. */
  readonly projectId: string;
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** Municipality name. */
  readonly municipalityName: string;
  /** The plan's deferral reason. */
  readonly reason: DeferralReason;
  /** The plan's one-sentence detail. */
  readonly detail: string;
  /**
   * The benefit the project would add if funded (benefit points), used for --top: the plan's own
   * `benefitIfFunded` (discounted, with the master plan shortfall it would close, as the objective
   * counts it) where the plan has it; else the undiscounted benefit of the project alone.
   */
  readonly derivedBenefit: number;
  /** Projects that block it (an unfunded prerequisite or the funded exclusive alternative). */
  readonly blockingProjectIds: readonly string[];
  /** Its exclusive group (projects.csv `exclusive_group`: at most one of the group may be funded), or null. */
  readonly exclusiveGroup: string | null;
  /**
   * The other projects of its exclusive group, in register order (empty without a group). With
   * --top a group is counted once: this project is its representative (its deferred alternative of
   * the highest benefit) and these alternatives are not explained unless --each-alternative.
   */
  readonly alternativeIds: readonly string[];
  /** Policy rules each of which, switched off alone (after the structural change), funds it. */
  readonly policyBlockers: readonly PolicyRule[];
  /** The suggested changes, applied together; empty when no change was found. */
  readonly changes: readonly SuggestedChange[];
  /** Rand of extra envelope the changes add (0 when none). */
  readonly extraMoneyRand: number;
  /** The explanation in words. */
  readonly summary: string;
  /** Result of applying the changes and re-solving; null when no change was found. */
  readonly verification: Verification | null;
  /** Model solves spent on this project (search and verification). */
  readonly solveCount: number;
  /** What the answer came to (see ExplanationOutcome). */
  readonly outcome: ExplanationOutcome;
  /** The failed solve the answer reports (outcome `solve_failed`, or a `not_verified` answer whose search lost a solve), else null. */
  readonly failure: SolveFailure | null;
  /** Solves of this project's search and verification that failed (time limit without a plan, solver error). */
  readonly failedSolveCount: number;
  /**
   * Where money runs out under the plan explained for the start the verifying plan gives the
   * project, when that differs from the start `detail` speaks of (its earliest); null when they
   * agree or the money does not run out then. The same figures as the workbook's sentence
   * (interpret.ts `capitalShortAt`), so explain's words and the workbook never give two amounts
   * for one start (new-user review u2, finding 10).
   */
  readonly checkedStartShort?: CheckedStartShort | null;
  /**
   * The time this answer's search was given, when it had a budget: `seconds` (CPU seconds where the
   * engine has a per-thread clock), and with `--top`'s shared allowance (ExplainOptions.totalSearchSeconds)
   * `shared` (the allowance and the answers sharing it) and `fullSeconds` (what `--project` alone
   * would give it) when its share was smaller; absent without a budget (task t1).
   */
  readonly searchAllowance?: SearchAllowance;
}

/** The time an answer's search was given (Explanation.searchAllowance). */
export interface SearchAllowance {
  /** Seconds of its search budget (CPU seconds with HiGHS). */
  readonly seconds: number;
  /** True when the seconds count CPU time of the solver's thread, false for wall-clock seconds (jslp). */
  readonly cpuSeconds: boolean;
  /** With a shared allowance smaller than the project's own: the seconds `explain --project` gives one project; else null. */
  readonly fullSeconds: number | null;
  /** With a shared allowance: the whole allowance's seconds and the answers sharing it; else null. */
  readonly shared: { readonly totalSeconds: number; readonly answerCount: number } | null;
}

/** An explanation as the search builds it, before its outcome is settled (settleAnswer). */
type SearchAnswer = Omit<Explanation, 'outcome' | 'failure' | 'failedSolveCount'>;

/** Options of explainDeferrals. */
export interface ExplainOptions {
  /** Explain only these project ids (each must be deferred in the plan). */
  readonly projectIds?: readonly string[];
  /**
   * Explain only the N deferred projects with the highest derived benefit, an exclusive group
   * counted once (its deferred alternative of the highest benefit stands for it) unless `eachAlternative`.
   */
  readonly top?: number;
  /** With `top`: count every alternative of an exclusive group as an answer of its own; default false. */
  readonly eachAlternative?: boolean;
  /** Bisection precision of a top-up, rand; default 100 000. */
  readonly precisionRand?: number;
  /** Options of every re-solve (engine, gap, time limit, scenario name); marginal values are never computed. */
  readonly planOptions?: PlanOptions;
  /** Worker threads for the re-solves; default the number of CPUs, or 1 when the plan solved in under QUICK_SOLVE_SECONDS (in-process when running from sources). */
  readonly workers?: number;
  /**
   * Seconds of the solve that made the plan, for the quick-model rule of `workers`; null when no
   * solve made it (taken from a run folder: its `seconds` are the completion LP's, about 2 s on the
   * default model, so the rule then depended on the machine's load; task x1). Default `plan.seconds`.
   */
  readonly planSolveSeconds?: number | null;
  /** Worker script for the solve pool (tests pass the compiled one). */
  readonly workerScript?: URL;
  /** Called as each re-solve starts. */
  readonly onProgress?: (event: ProgressEvent) => void;
  /**
   * Seconds after which the wider search of one project (policy rules, single top-ups) stops with
   * what it has, said in the answer; default none. The CLI sets 4 × its time box (issue 14: a
   * question answered in bounded time, never a silent hour). CPU seconds where the engine has a
   * per-thread clock (HiGHS), charged solve by solve, with a wall-clock guard at
   * EXPLAIN_WALL_FACTOR × it (explain-limits.ts); wall-clock seconds otherwise.
   */
  readonly searchSecondsPerProject?: number;
  /**
   * Seconds all answers together may take (task t1; the CLI sets it for `--top`), in the unit of
   * `searchSecondsPerProject`, shared adaptively: a project starting its search is given its fair
   * share of what no other project holds (what is left ÷ the answers not yet started that need a
   * solve), at most `searchSecondsPerProject`, and what it does not use goes back to the ones after
   * it. A project whose share is below its own budget solves its answer MILP in
   * SHARED_ANSWER_MILP_SHARE of it, leaving the rest to the proof. Default none.
   */
  readonly totalSearchSeconds?: number;
  /** Try the LP bound to accept re-solves without a MILP (default: when the plan's own LP bound is within the gap; one LP decides, solved when the first re-solve through the shortcut needs it). */
  readonly tryLpBound?: boolean;
  /**
   * Called once the projects are chosen, before the first solve, with how many answers there will
   * be, the solves they are expected to need (ESTIMATED_SOLVES_PER_ANSWER each, one more with a
   * structural change) and how many are searched at once: the CLI's first time-left estimate.
   */
  readonly onStart?: (start: ExplainStart) => void;
  /** Called as each answer MILP or batch of re-solves of the search ends, with its wall-clock seconds per solve (the CLI's estimate before the first answer). */
  readonly onSolved?: (secondsPerSolve: number) => void;
  /** Called with each explanation as soon as it is found (the CLI prints and writes it then), with its number and the count. */
  readonly onExplanation?: (explanation: Explanation, number: number, count: number) => void | Promise<void>;
}

/** What explainDeferrals tells onStart. */
export interface ExplainStart {
  /** Answers to find. */
  readonly answerCount: number;
  /** Solves the answers are expected to need (an estimate: the wider search, when an answer needs it, takes more). */
  readonly estimatedSolves: number;
  /** Projects searched at once (each on a thread of its own). */
  readonly concurrency: number;
}

/**
 * Solves an answer is expected to need: its answer MILP (least extra money, or least relaxation)
 * and one proof; one more when a structural change is tried first. An estimate for the time left,
 * not a limit: a change that does not verify sends the search wider.
 */
export const ESTIMATED_SOLVES_PER_ANSWER = 2;

/** Default bisection precision of a top-up, rand. */
export const DEFAULT_PRECISION_RAND = 100_000;

/**
 * Share of a project's budget its answer MILP (least extra money, least relaxation) may take when
 * the budget is a share of `--top`'s allowance smaller than its own (task t1); the proof has the
 * rest. A third was tried first: at load 17 a money MILP without a MIP start (WC043-W-WTW-3) then
 * found no plan in its 8 CPU s, and an answer without its change is worth less than an unproven
 * one (docs/benchmarks.md, task t1).
 */
export const SHARED_ANSWER_MILP_SHARE = 1 / 2;

/** The shortest box a shared budget gives a solve (seconds): below it HiGHS does not get past its presolve on the default model. */
const MIN_SHARED_BOX_SECONDS = 3;

/** A plan solved faster than this (seconds) is explained in-process unless workers are requested. */
export const QUICK_SOLVE_SECONDS = 2;

/** What the search for one project shares. */
interface SearchContext {
  readonly dataset: Dataset;
  readonly plan: PortfolioPlan;
  readonly options: ExplainOptions;
  readonly planOptions: PlanOptions;
  /** Every re-solve starts from the plan's decisions (issue 14); `tryLpBound` is false here: the answer MILPs and proofs do not read it. */
  readonly shortcut: ShortcutRequest;
  /** The shortcut of the re-solves (wider search, structural change, their verification): accepted by the LP bound when it proves them, else as MIP start; its one LP is solved at the first call. */
  readonly lpShortcut: () => Promise<ShortcutRequest>;
  /** The search budget of this project (CPU seconds, with a wall-clock guard: explain-limits.ts), charged solve by solve; null for none. */
  readonly budget: SolveBudget | null;
  /**
   * True when a worker thread is free beside this project's search (fewer projects searched at once
   * than workers): proofs use it. Asked at each proof, so the last projects of `--top` use the
   * threads the others have left (task t1: the last answer ran alone beside an idle core).
   */
  readonly spareThread: () => boolean;
  /** The time this project's search was given (Explanation.searchAllowance), or null without a budget. */
  readonly allowance: SearchAllowance | null;
  /** The options of its answer MILP (least extra money, least relaxation): `planOptions`, with a smaller box when its budget is a cut share of `--top`'s allowance. */
  readonly answerPlanOptions: PlanOptions;
  /** Set when the search budget stopped a bisection: its top-up funds p but may not be the smallest. */
  bisectionCut?: boolean;
  /** Set when the search budget left envelopes of the top-up bracket untried: "no single top-up" is then not known. */
  bracketCut?: boolean;
  solveCount: number;
  /** Solves that failed (no plan: time limit, solver error), in order; the first is the one an answer reports. */
  readonly failures: SolveFailure[];
}

/** The re-solve options of a verification: the time box, or the rest of the search budget when that is longer. */
function verificationOptions(context: SearchContext): PlanOptions {
  const box = context.planOptions.timeLimitSeconds;
  if (box === undefined || context.budget === null) return context.planOptions;
  // A cut share of --top's allowance (task t1): the proof has what is left of it, not a whole box more.
  const least = context.allowance?.fullSeconds != null ? MIN_SHARED_BOX_SECONDS : box;
  return { ...context.planOptions, timeLimitSeconds: Math.max(least, budgetSecondsLeft(context.budget)) };
}

/**
 * Seconds an answer MILP may take with its MIP start (leastExtraMoney, leastPolicyRelaxation): the
 * start's box, at most ANSWER_START_SECONDS, then the MILP's. Charged so (the smaller of it and the
 * wall time) to the project's budget: charging the MILP's box alone let a policy answer's keep-or-drop
 * start go unpaid, 16 s of every 39 (task t1).
 */
function answerMilpSeconds(context: SearchContext): number | undefined {
  const box = context.answerPlanOptions.timeLimitSeconds;
  return box === undefined ? undefined : box + Math.min(ANSWER_START_SECONDS, box);
}

/** The most seconds the MIP start of an answer MILP takes (explain-extra-money.ts and explain-policy.ts: min(10, the box)). */
const ANSWER_START_SECONDS = 10;

/**
 * How many re-solves one round may still start within the project's search budget: the whole
 * boxes left times the workers (0 when less than a box is left), or null without a budget. A round's
 * jobs are not interrupted, so a round of 18 boxed top-ups on 2 workers would otherwise take
 * 9 boxes, twice the budget (measured on the default model: 2 min 38 s for one answer).
 */
function affordableJobs(context: SearchContext): number | null {
  const box = context.planOptions.timeLimitSeconds;
  if (context.budget === null || box === undefined || box <= 0) return null;
  const leftSeconds = budgetSecondsLeft(context.budget);
  return Math.max(0, Math.floor(leftSeconds / box) * workerCount(context));
}

/** Worker threads of the solve pool. */
function workerCount(context: SearchContext): number {
  return Math.max(1, Math.floor(context.options.workers ?? os.availableParallelism()));
}

/** True when the project's search budget is spent. */
function outOfSearchTime(context: SearchContext): boolean {
  return context.budget !== null && budgetSecondsLeft(context.budget) <= 0;
}

/** Charge a solve (or a round of `jobCount` solves on the pool) that took `wallSeconds` to the project's search budget, at most its boxes (explain-limits.ts). */
function chargeSearch(context: SearchContext, wallSeconds: number, limitSeconds: number | undefined = context.planOptions.timeLimitSeconds, jobCount = 1): void {
  if (context.budget === null) return;
  chargeSolve(context.budget, limitSeconds === undefined ? undefined : limitSeconds * Math.ceil(jobCount / workerCount(context)), wallSeconds);
}

/** A change list together with the plan its re-solve produced. */
interface SolvedVariant {
  readonly changes: readonly SuggestedChange[];
  readonly plan: PortfolioPlan;
}

/** True when the plan is a solution and funds the project. */
function funds(plan: PortfolioPlan, projectId: string): boolean {
  if (!hasSolution(plan)) return false;
  return plan.projects.some((project) => project.id === projectId && project.funded);
}

/** Solve each change list applied to the dataset, independently, through the solve pool. */
async function solveVariants(context: SearchContext, variants: readonly (readonly SuggestedChange[])[], label: string, solveWords: string): Promise<SolvedVariant[]> {
  if (variants.length === 0) return [];
  const shortcut = await context.lpShortcut();
  const jobs = variants.map((changes, index) => ({
    kind: 'dataset' as const,
    label: `${label} ${index + 1}/${variants.length}`,
    dataset: applyChanges(context.dataset, changes),
    planOptions: context.planOptions,
    shortcut,
  }));
  context.solveCount += jobs.length;
  const started = performance.now();
  const plans = await solveJobs(jobs, {
    ...(context.options.workers !== undefined ? { workers: context.options.workers } : {}),
    ...(context.options.workerScript !== undefined ? { workerScript: context.options.workerScript } : {}),
    ...(context.options.onProgress !== undefined ? { onProgress: context.options.onProgress } : {}),
  });
  const wallSeconds = (performance.now() - started) / 1000;
  context.options.onSolved?.(wallSeconds / Math.max(1, Math.ceil(jobs.length / workerCount(context))));
  chargeSearch(context, wallSeconds, context.planOptions.timeLimitSeconds, jobs.length);
  // A re-solve without a plan proves nothing about the project (a relaxing change cannot make the model infeasible): kept, to be said if the answer rests on it.
  for (const plan of plans) if (!hasSolution(plan)) context.failures.push(solveFailure(solveWords, plan.status, null, context.planOptions.timeLimitSeconds ?? null, explainBoxesInCpuSeconds(context.planOptions.engine)));
  return plans.map((plan, index) => ({ changes: variants[index], plan }));
}

/**
 * Apply `changes` to the dataset (a new object), re-solve with planModel in this thread, and
 * check the result independently. Exported so callers and tests can re-verify any explanation.
 */
export async function verifyChanges(
  dataset: Dataset,
  projectId: string,
  changes: readonly SuggestedChange[],
  objectiveBefore: number | null,
  planOptions: PlanOptions = {},
  shortcut?: ShortcutRequest,
): Promise<Verification> {
  const changed = applyChanges(dataset, changes);
  try {
    const { scenarioName, overridesApplied, ...options } = planOptions;
    const run = datasetRun(changed, scenarioName, overridesApplied);
    const runOptions = { ...options, formulation: 'portfolio', marginalValues: false, diagnoseInfeasibility: false } as const;
    // Issue 14: from a plan known to fund the project with the change (the least-extra-money MILP's), the re-solve is a check of that plan against the LP bound, else a MILP started from it.
    // keepStart: when HiGHS finds a better plan, the plan it started from (which funds the project) comes back too, to be judged at the gap.
    const plan: AnalysisPlan = shortcut !== undefined ? await planFromNeighbour(run, runOptions, { ...shortcut, keepStart: true }) : (await planRun(run, runOptions)).plan;
    const requestedGap = shortcut?.relativeGap ?? planOptions.relativeGap ?? HIGHS_DEFAULT_RELATIVE_GAP;
    // The plan is of the dataset the program was built from: with a master plan, its merged register and balances.
    const plannedChanged = plannedDataset(changed).dataset;
    const violations = checkPlan(plan, plannedChanged).violations;
    const projectFunded = funds(plan, projectId);
    const start = plan.startPlan !== undefined && funds(plan.startPlan, projectId) && checkPlan(plan.startPlan, plannedChanged).violations.length === 0 ? plan.startPlan : null;
    const startGap = start === null ? null : start.gap;
    const common = { status: plan.status, violations, objectiveBefore, objectiveAfter: plan.objectiveBenefitPoints, requestedGap, howSolved: plan.howSolved?.words ?? null };
    const yearOf = (funding: PortfolioPlan): number | null => funding.projects.find((project) => project.id === projectId)?.startYear ?? null;
    if (!hasSolution(plan) && !(plan.startPlan !== undefined && hasSolution(plan.startPlan))) {
      const failure = solveFailure('the verifying re-solve', plan.status, null, planOptions.timeLimitSeconds ?? null, shortcut?.boxInCpuSeconds === true && explainBoxesInCpuSeconds(planOptions.engine));
      return { ...common, verified: false, outcome: 'solve_failed', failure, projectFunded: false, startYear: null, fundingPlanBenefitPoints: null, gap: null };
    }
    if (violations.length > 0) return { ...common, verified: false, outcome: 'checker', projectFunded, startYear: yearOf(plan), fundingPlanBenefitPoints: null, gap: plan.gap };
    if (projectFunded) {
      const outcome: VerificationOutcome = withinGap(plan.status, plan.gap, requestedGap) ? 'funded_within_gap' : 'funded_above_gap';
      return { ...common, verified: outcome === 'funded_within_gap', outcome, projectFunded, startYear: yearOf(plan), fundingPlanBenefitPoints: null, gap: plan.gap };
    }
    if (start !== null) {
      // The better plan found does not fund it; the plan that does is judged against the same proven bound.
      const outcome: VerificationOutcome = startGap !== null && startGap <= requestedGap + GAP_TOLERANCE ? 'start_within_gap' : 'better_without';
      return { ...common, verified: outcome === 'start_within_gap', outcome, projectFunded: outcome === 'start_within_gap', startYear: yearOf(start), fundingPlanBenefitPoints: start.objectiveBenefitPoints, gap: startGap };
    }
    return { ...common, verified: false, outcome: 'not_funded', projectFunded, startYear: null, fundingPlanBenefitPoints: null, gap: plan.gap };
  } catch (error) {
    if (!(error instanceof PlanCheckError)) throw error;
    return { verified: false, outcome: 'checker', status: 'error', projectFunded: false, startYear: null, violations: error.violations, objectiveBefore, objectiveAfter: null };
  }
}

/**
 * A re-solve's verification settled by the ring-fence argument (task r1) when the re-solve alone did
 * not settle it: with `changes` ring-fencing money for the project (ringFencedBoundApplies), every
 * plan without it is worth at most the plan explained's proven bound `planBound`, so the plan that
 * funds it the re-solve found (checked) verifies when it is within the gap of that bound. The
 * verification as it was otherwise.
 */
export function withRingFencedBound(verification: Verification, changes: readonly SuggestedChange[], projectId: string, planBound: number | null): Verification {
  if (verification.verified || planBound === null || verification.violations.length > 0 || !ringFencedBoundApplies(changes, projectId)) return verification;
  const funding = verification.outcome === 'funded_above_gap' ? verification.objectiveAfter : verification.outcome === 'better_without' ? verification.fundingPlanBenefitPoints : null;
  const gap = verification.requestedGap;
  if (funding === null || funding === undefined || gap === null || gap === undefined) return verification;
  if (planBound > funding + (gap + GAP_TOLERANCE) * Math.max(1, Math.abs(funding))) return verification;
  return {
    ...verification,
    verified: true,
    outcome: 'funded_within_gap',
    method: 'ring_fenced_bound',
    projectFunded: true,
    objectiveAfter: funding,
    fundingPlanBenefitPoints: null,
    boundWithoutBenefitPoints: planBound,
    planBoundBenefitPoints: planBound,
    targetBenefitPoints: funding + gap * Math.max(1, Math.abs(funding)),
    gap: relativeGapOf(planBound, funding),
    howSolved: `${verification.howSolved ?? 're-solve'}; settled by the proven bound of the plan explained, ${formatNumber(planBound, 1)}: with the money ring-fenced for the project, every plan without it is a plan of the model explained`,
  };
}

/** The best plan without the project a proof found (or started from), for a next round of the policy answer. */
export interface PlanWithout {
  /** Start year per project id (the project itself null). */
  readonly decisions: Readonly<Record<string, number | null>>;
  /** Its benefit. */
  readonly benefitPoints: number;
}

/**
 * Verify a change by one proof rather than a search (issue 14): with the change applied, is a plan
 * that funds the project within the gap of the best? See proveByBound.
 */
export async function verifyByBound(...proof: Parameters<typeof proveByBound>): Promise<Verification> {
  return (await proveByBound(...proof)).verification;
}

/** How proveByBound may run. */
export interface ProofOptions {
  /**
   * A thread is free beside this proof (one project searched on 2 workers): the search with the
   * project forced in and the proof's first round then run at once, each with the whole time.
   */
  readonly spareThread?: boolean;
  /**
   * Prove with an objective cutoff at the target (SolveOptions.objectiveCutoff) instead of the gap
   * stop; default true where the engine takes a cutoff (HiGHS) since task x1: the explain tests give
   * the same answers with it, and on the default model it proves in fewer CPU seconds
   * (docs/benchmarks.md, "explain in CPU seconds"). False: the gap stop of before.
   */
  readonly cutoff?: boolean;
  /** The proven bound of the plan explained, recorded in the verification (Verification.planBoundBenefitPoints); default unknown. */
  readonly planBoundBenefitPoints?: number | null;
  /**
   * True when `knownBoundWithout` is the plan explained's bound B0 by the ring-fence argument
   * (ringFencedBoundApplies): an answer it proves is recorded as `ring_fenced_bound`, and the
   * short re-solve runs only when the plan that funds the project is below B0 / (1 + gap).
   */
  readonly ringFenced?: boolean;
}

/**
 * True when every plan of the changed model that leaves the project out is a plan of the model
 * explained, so the plan explained's proven bound B0 bounds them all (task r1, docs/explanations.md
 * "Ring-fenced money"): the changes are money ring-fenced for the project itself (no other project
 * may spend it), its own inclusion or start window (a plan without it is unchanged), and dropping a
 * funded alternative (fewer plans). Not with money ring-fenced for a prerequisite (a plan may fund
 * the prerequisite with it and still leave the project out), nor with a rule relaxed.
 */
export function ringFencedBoundApplies(changes: readonly SuggestedChange[], projectId: string): boolean {
  return (
    changes.some((change) => change.kind === 'top_up') &&
    changes.every((change) =>
      change.kind === 'top_up'
        ? change.ringFencedFor === projectId
        : change.kind === 'drop_alternative' || ((change.kind === 'include' || change.kind === 'widen_window') && change.projectId === projectId),
    )
  );
}

/** Share of the request's gap the search with the project forced in solves to: its plan V is what the proof must reach, so it is sought closer than the gap. */
const WITH_PROJECT_GAP_SHARE = 0.5;

/** Share of the verification's time the search with the project forced in may take; the proof has the rest. */
const WITH_PROJECT_TIME_SHARE = 0.5;

/** Proof rounds at most: a proof stopped by its gap after its incumbent rose is run once more from that incumbent. */
const PROOF_ROUNDS = 2;

/**
 * The proof behind verifyByBound, with the best plan without the project it found. `fundingDecisions`
 * (the answer MILP's plan) fund the project; completed by one LP on the changed model they are the
 * start of a search with the project forced in, which comes first and solves to half the gap: an
 * answer MILP minimises the change, not the benefit, so the best plan that funds the project with
 * the new values is usually worth more (the lexicographic answer: least change, then most benefit).
 * Its plan, V, passes the independent checker. Then the changed model with the project forced out,
 * started from `withoutStart` (the original plan, which does not fund it and stays feasible when the
 * change only relaxes; value S), with HiGHS's sub-MIP heuristics off, is solved to the gap that
 * proves exactly what is asked: V·(1 + gap) / S − 1, so that HiGHS stops as soon as its bound U
 * reaches V·(1 + gap) while its incumbent is the start (when a better incumbent raised the stop, the
 * proof runs once more from it). `funded_within_gap` when U <= V·(1 + gap) (every plan better than V
 * by more than the gap funds the project too); `better_without` when a plan without it above that is
 * known (S itself, without any proof, when S > V·(1 + gap)); else `funded_above_gap` (the box stopped
 * it before a proof): never verified without the bound. With `proofOptions.spareThread` the search
 * and the proof's first round run at once (see the comment at `concurrent`).
 */
export async function proveByBound(
  dataset: Dataset,
  projectId: string,
  changes: readonly SuggestedChange[],
  fundingDecisions: Readonly<Record<string, number | null>>,
  withoutStart: Readonly<Record<string, number | null>>,
  objectiveBefore: number | null,
  planOptions: PlanOptions,
  requestedGap: number,
  knownBoundWithout: number | null = null,
  proofOptions: ProofOptions = {},
): Promise<{ readonly verification: Verification; readonly bestWithout: PlanWithout | null; readonly solveCount: number }> {
  const started = performance.now();
  const changed = applyChanges(dataset, changes);
  const staged = plannedDataset(changed);
  const planned = staged.dataset;
  const indices = computeIndices(planned);
  const built = buildFormulation(planned, indices, 'portfolio');
  // The proof's limits count CPU seconds (explain-limits.ts): what it proves does not depend on the machine's load.
  const engine = explainEngine(planOptions.engine);
  const cpuLimits = explainBoxesInCpuSeconds(engine.name);
  const common = { objectiveBefore, requestedGap, method: 'bound_without' as const };
  let improved: SolveResult | null = null;
  const failed = (why: string, violations: readonly string[] = []): { verification: Verification; bestWithout: null; solveCount: number } => ({
    verification: {
      ...common, verified: false, outcome: violations.length > 0 ? 'checker' : 'not_funded', status: 'error', projectFunded: false, startYear: null, violations, objectiveAfter: null, fundingPlanBenefitPoints: null, gap: null, howSolved: why, boundWithoutBenefitPoints: null,
    },
    bestWithout: null,
    solveCount: improved === null ? 0 : 1,
  });
  if (built.kind !== 'portfolio' || built.infeasibleReasons.length > 0) return failed('the changed model has no portfolio to check');
  const { program, layout } = built;
  const asPlan = (result: SolveResult): PortfolioPlan =>
    interpretPortfolio({ dataset: planned, indices, result, scenarioName: planOptions.scenarioName ?? BASELINE_SCENARIO_NAME, overridesApplied: planOptions.overridesApplied ?? [], warnings: [...built.warnings] }, layout);
  // The plan that funds the project: the answer's decisions, completed by one LP on the changed model.
  const funding = fundingDecisions[projectId] === null || fundingDecisions[projectId] === undefined ? null : await neighbourPlan(engine, program, layout, fundingDecisions);
  if (funding === null || !funding.exact) return failed('the answer\'s plan does not fit the changed model as it is');
  const own = new Set((layout.startVariables.get(projectId) ?? []).map((entry) => entry.variable));
  // The verification's time, charged solve by solve (the two LPs above are not boxed and not charged: they take a second or two on the default model).
  const proofBudget = planOptions.timeLimitSeconds === undefined ? null : createSolveBudget(planOptions.timeLimitSeconds, cpuLimits ? EXPLAIN_WALL_FACTOR : 1);
  const secondsLeft = (): number | undefined => (proofBudget === null ? undefined : budgetSecondsLeft(proofBudget));
  /** Solve and charge the solve to the verification's time (not when it runs beside a charged one: the search on a spare thread). */
  const charged = async (seconds: number | undefined, solve: () => Promise<SolveResult>, charge = true): Promise<SolveResult> => {
    const solveStarted = performance.now();
    const result = await solve();
    if (charge && proofBudget !== null) chargeSolve(proofBudget, seconds, (performance.now() - solveStarted) / 1000);
    return result;
  };
  const boxed = (seconds: number | undefined, startValues: readonly number[] | null, subMipHeuristics: boolean, relativeGap: number): SolveOptions => ({
    relativeGap,
    subMipHeuristics,
    ...(startValues !== null ? { startValues } : {}),
    ...(seconds !== undefined ? { timeLimitSeconds: seconds } : {}),
  });
  const withProject: LinearProgram = { ...program, name: `${program.name}-with-${projectId}`, constraints: [...program.constraints, { label: `funded[${projectId}]`, group: 'verification', terms: [...own].map((variable) => ({ variable, coefficient: 1 })), lower: 1, upper: 1 }] };
  const without: LinearProgram = { ...program, name: `${program.name}-without-${projectId}`, variables: program.variables.map((variable, index) => (own.has(index) ? { ...variable, lower: 0, upper: 0 } : variable)) };
  const provenAlready = knownBoundWithout !== null && knownBoundWithout <= funding.benefitPoints + (requestedGap + GAP_TOLERANCE) * Math.max(1, Math.abs(funding.benefitPoints));
  // The plan without the project to prove from (one LP); not needed when a known bound proves the answer already (a ring-fenced answer, task r1).
  const start = provenAlready ? null : await neighbourPlan(engine, without, layout, { ...withoutStart, [projectId]: null });
  // First the best plan that funds the project with the change, from the answer's plan (the search keeps the sub-MIP heuristics: it looks for better plans).
  // Only when the answer's plan is worth less than the original plan with the change: else (a money answer keeps the rest's benefit) the proof is at least the answer's gap already, and the search would only take its time.
  const firstLeft = secondsLeft();
  /** The target from a plan that funds the project worth `benefitPoints`: a plan without it must stay within it. */
  const targetOf = (benefitPoints: number): number => benefitPoints + (requestedGap + GAP_TOLERANCE) * Math.max(1, Math.abs(benefitPoints));
  // The proof's rounds, each from the best plan without the project known, to the gap that proves `target` from it.
  let bestWithout: { values: readonly number[]; benefitPoints: number } | null = start === null ? null : { values: start.values, benefitPoints: start.benefitPoints };
  // A bound already proven for every plan of this program (the plan explained's, when the change is none) may prove it without a solve.
  let bound: number | null = knownBoundWithout;
  let status: SolveStatus = 'feasible';
  let rounds = 0;
  let proofFailure: SolveFailure | null = null;
  let proofWords = knownBoundWithout === null
    ? 'no time left for the proof'
    : proofOptions.ringFenced === true
      ? `the proven bound of the plan explained, ${formatNumber(knownBoundWithout, 1)}: with the money ring-fenced for the project, every plan without it is a plan of the model explained, no solve needed`
      : `the proven bound of the plan explained, ${formatNumber(knownBoundWithout, 1)}, no solve needed`;
  // Task e2: with an engine that takes an objective cutoff (HiGHS), the proof searches only for plans
  // without the project better than the target: every branch that cannot beat it is pruned at once,
  // where the gap stop above only ends the search once the bound of every open branch has come down
  // to it (measured on the default model, docs/benchmarks.md "explain at working speed").
  // The default since task x1 (ProofOptions.cutoff false turns it off).
  const cutoffProof = proofOptions.cutoff !== false && engine.name === 'highs' && engine.capabilities.integers;
  /** One proof round with the cutoff at `target`; true when it found a better plan and proved its gap (the caller's next target may need another round). */
  const cutoffRound = async (target: number, seconds: number | undefined): Promise<boolean> => {
    const solved = await charged(seconds, () => solveProgram(engine, without, { relativeGap: requestedGap, subMipHeuristics: false, objectiveCutoff: target, ...(seconds !== undefined ? { timeLimitSeconds: seconds } : {}) }));
    rounds += 1;
    // Nothing beats the target: every plan without the project is worth at most the target.
    if (solved.status === 'infeasible') {
      status = 'optimal';
      bound = bound === null ? target : Math.min(bound, target);
      proofWords = `no plan without it beats ${formatNumber(target, 1)}`;
      return false;
    }
    status = solved.status;
    // The branches the cutoff pruned hold nothing above the target; the bound HiGHS proved covers the rest.
    const roundBound = solved.bestBound === null ? null : Math.max(solved.bestBound, target);
    if (solved.status === 'error' || solved.status === 'unbounded' || (!hasSolution(solved) && roundBound === null)) {
      proofFailure ??= solveFailure('the verifying proof (the changed model with the project forced out)', solved.status, solved.rawStatus, seconds ?? null, cpuLimits);
      return false;
    }
    if (roundBound !== null) bound = bound === null ? roundBound : Math.min(bound, roundBound);
    if (hasSolution(solved) && solved.objective > target && (bestWithout === null || solved.objective > bestWithout.benefitPoints)) bestWithout = { values: solved.values, benefitPoints: solved.objective };
    proofWords = `${solved.status}${bound === null || !Number.isFinite(bound) ? '' : `, bound ${formatNumber(bound, 1)}`}`;
    return hasSolution(solved) && solved.status === 'optimal';
  };
  /** One round of the proof; true when another round may help (stopped by its gap after its incumbent rose). */
  const proofRound = async (target: number, round: number): Promise<boolean> => {
    if (bound !== null && bound <= target) return false;
    // A known plan without it above the target already answers: no proof needed.
    if (bestWithout !== null && bestWithout.benefitPoints > target) {
      if (round === 0) proofWords = 'the original plan with the change is better by more than the gap, no proof needed';
      return false;
    }
    const seconds = secondsLeft();
    if (seconds !== undefined && seconds < 0.05) return false;
    if (cutoffProof) return cutoffRound(target, seconds);
    const incumbent = bestWithout?.benefitPoints ?? null;
    // HiGHS stops when its bound is within this gap of its incumbent: from the start, exactly at the target.
    const proofGap = incumbent === null || incumbent <= 0 ? requestedGap : Math.min(MAX_PROOF_GAP, Math.max(MIN_PROOF_GAP, target / incumbent - 1));
    const solved = await charged(seconds, () => solveProgram(engine, without, boxed(seconds, bestWithout?.values ?? null, false, proofGap)));
    rounds += 1;
    status = solved.status;
    // No plan and no bound (a solver error, or a time box that left HiGHS nothing, even from its start): a failed proof, not a gap.
    if (solved.status === 'error' || solved.status === 'unbounded' || (!hasSolution(solved) && solved.status !== 'infeasible' && solved.bestBound === null)) {
      proofFailure ??= solveFailure('the verifying proof (the changed model with the project forced out)', solved.status, solved.rawStatus, seconds ?? null, cpuLimits);
      return false;
    }
    if (solved.status === 'infeasible') {
      bound = -Infinity;
      return false;
    }
    let roundBound: number | null = solved.bestBound;
    if (roundBound === null && solved.status === 'optimal' && solved.objective !== null) roundBound = solved.objective + proofGap * Math.max(1, Math.abs(solved.objective));
    if (roundBound !== null) bound = bound === null ? roundBound : Math.min(bound, roundBound);
    if (hasSolution(solved) && (bestWithout === null || solved.objective > bestWithout.benefitPoints)) bestWithout = { values: solved.values, benefitPoints: solved.objective };
    proofWords = `${solved.status}${bound === null || !Number.isFinite(bound) ? '' : `, bound ${formatNumber(bound, 1)}`}`;
    // Proven, or stopped by its box: another round would not help. Only a round stopped by its gap after its incumbent rose runs again.
    return !((bound !== null && bound <= target) || solved.status !== 'optimal' || incumbent === null || solved.objective === null || solved.objective <= incumbent);
  };
  // With a thread to spare (issue 14: `explain --project` left one of the 2 cores idle), the search
  // with the project forced in and the first round of the proof run at once, each with the whole
  // time: the proof's stop is set from the answer's plan (a target no higher than the search's
  // plan gives, so it is never looser), and the answer is judged against the better plan at the end.
  // The search then runs for a money answer too: a better plan with the money raises the target.
  // Not when the original plan is above the answer's target already: the first round would solve
  // nothing, and the proof at the search's target would then start with no time left.
  const concurrent = proofOptions.spareThread === true && !provenAlready && !(start !== null && start.benefitPoints > targetOf(funding.benefitPoints));
  const searchFirst = !provenAlready && (concurrent || start === null || funding.benefitPoints < start.benefitPoints);
  const searchSeconds = firstLeft === undefined ? undefined : concurrent ? firstLeft : firstLeft * WITH_PROJECT_TIME_SHARE;
  const searchWithProject = (signal?: AbortSignal): Promise<SolveResult | null> =>
    !searchFirst || (searchSeconds !== undefined && searchSeconds < 0.05)
      ? Promise.resolve(null)
      : charged(searchSeconds, () => solveProgram(engine, withProject, { ...boxed(searchSeconds, funding.values, true, requestedGap * WITH_PROJECT_GAP_SHARE), ...(signal !== undefined ? { signal } : {}) }), !concurrent);
  let firstRoundAgain = false;
  if (concurrent) {
    // Once the first round has proved the answer's own plan, the search beside it can only raise the
    // benefit stated, not the verdict: it is stopped, keeping the best plan it had (task x1: on
    // `explain --project WC051-T-01` the proof took 5 s and the search the rest of the budget, 49 s).
    const stopSearch = new AbortController();
    const firstTarget = targetOf(funding.benefitPoints);
    const [searched, again] = await Promise.all([
      searchWithProject(stopSearch.signal),
      proofRound(firstTarget, 0).then((more) => {
        if (bound !== null && bound <= firstTarget) stopSearch.abort();
        return more;
      }),
    ]);
    improved = searched;
    firstRoundAgain = again;
  } else {
    improved = await searchWithProject();
  }
  const better = improved !== null && hasSolution(improved) && improved.objective > funding.benefitPoints ? improved : null;
  const fundingResult: SolveResult = better ?? { engine: engine.name, status: 'feasible', rawStatus: 'the answer\'s plan, completed by one LP', objective: funding.benefitPoints, bestBound: null, gap: null, nodes: 0, seconds: 0, values: funding.values, duals: null };
  const fundingPlan = asPlan(fundingResult);
  const fundingViolations = checkPlan(fundingPlan, planned).violations;
  if (fundingViolations.length > 0) return failed('the checker rejected the plan that funds it', fundingViolations);
  if (!funds(fundingPlan, projectId)) return failed('the answer\'s plan does not fund it');
  const value = fundingResult.objective as number;
  const startYear = fundingPlan.projects.find((project) => project.id === projectId)?.startYear ?? null;
  /** The benefit a plan without the project must stay within for the answer to verify. */
  const target = targetOf(value);
  // The proof's rounds against the target of the plan that funds it. After a concurrent first round
  // only when it stopped at its gap after its incumbent rose, or solved nothing: else it proved the
  // lower target already, or its box is spent.
  if (!concurrent || firstRoundAgain || rounds === 0) {
    for (let round = concurrent ? 1 : 0; round < PROOF_ROUNDS; round += 1) {
      if (!(await proofRound(target, round))) break;
    }
  }
  const fundingWords = better === null ? "the answer's, completed by one LP" : `the best found from the answer's, a MILP with it forced in: ${formatNumber(value, 1)} against the answer's ${formatNumber(funding.benefitPoints, 1)}`;
  const words = `the plan that funds it (${fundingWords}) against the proven bound of the changed model without it (${rounds === 0 && knownBoundWithout !== null ? '' : (cutoffProof ? 'MILP searching only for plans above the target, sub-MIP heuristics off: ' : 'MILP from the original plan, sub-MIP heuristics off: ')}${proofWords}${rounds > 1 ? `, ${rounds} rounds` : ''}, ${formatNumber((performance.now() - started) / 1000, 1)} s)`;
  const base = { ...common, status, violations: [] as string[], howSolved: words, boundWithoutBenefitPoints: bound === null || !Number.isFinite(bound) ? null : bound, targetBenefitPoints: target, planBoundBenefitPoints: proofOptions.planBoundBenefitPoints ?? null };
  const solveCount = rounds + (improved === null ? 0 : 1);
  const foundWithout = bestWithout === null ? null : { decisions: { ...decisionsOfValues(layout, bestWithout.values), [projectId]: null }, benefitPoints: bestWithout.benefitPoints };
  const bestWithoutValue = bestWithout?.benefitPoints ?? null;
  if (bound !== null && bound <= target) {
    if (proofOptions.ringFenced === true && rounds === 0) return { verification: { ...base, method: 'ring_fenced_bound', verified: true, outcome: 'funded_within_gap', projectFunded: true, startYear, objectiveAfter: value, fundingPlanBenefitPoints: null, gap: relativeGapOf(bound, value) }, bestWithout: foundWithout, solveCount };
    return { verification: { ...base, verified: true, outcome: 'funded_within_gap', projectFunded: true, startYear, objectiveAfter: value, fundingPlanBenefitPoints: null, gap: Number.isFinite(bound) ? relativeGapOf(bound, value) : 0 }, bestWithout: foundWithout, solveCount };
  }
  if (bestWithoutValue !== null && bestWithoutValue > target) {
    return {
      verification: { ...base, verified: false, outcome: 'better_without', projectFunded: false, startYear, objectiveAfter: bestWithoutValue, fundingPlanBenefitPoints: value, gap: relativeGapOf(Math.max(bound ?? bestWithoutValue, bestWithoutValue), value) },
      bestWithout: foundWithout,
      solveCount,
    };
  }
  if (bound === null && proofFailure !== null) {
    return { verification: { ...base, verified: false, outcome: 'solve_failed', failure: proofFailure, projectFunded: true, startYear, objectiveAfter: value, fundingPlanBenefitPoints: null, gap: null }, bestWithout: foundWithout, solveCount };
  }
  return { verification: { ...base, verified: false, outcome: 'funded_above_gap', projectFunded: true, startYear, objectiveAfter: value, fundingPlanBenefitPoints: null, gap: bound === null ? null : relativeGapOf(bound, value) }, bestWithout: foundWithout, solveCount };
}

/** The proof's gap stays within these: below the first HiGHS would branch for nothing, above the second its stop says little. */
const MIN_PROOF_GAP = 1e-6;
const MAX_PROOF_GAP = 0.05;

/** Slack on comparing gaps: a gap is computed from two rounded objectives. */
const GAP_TOLERANCE = 1e-9;

/** True when a plan of this status and proven gap is within the requested gap (an optimal status is, by the engine's own test). */
function withinGap(status: SolveStatus, gap: number | null, requestedGap: number): boolean {
  if (status === 'optimal') return true;
  return status === 'feasible' && gap !== null && gap <= requestedGap + GAP_TOLERANCE;
}

/** The structural changes a deferral reason calls for, and the projects that block p. */
function structuralChanges(project: Project, context: SearchContext, reason: DeferralReason): { changes: SuggestedChange[]; blocking: string[]; impossible: string | null } {
  const { dataset, plan } = context;
  const changes: SuggestedChange[] = [];
  const blocking: string[] = [];
  /** Include or re-window one project so that it has an allowed start; returns a reason when it cannot fit at all. */
  const makeStartable = (target: Project): string | null => {
    if (target.status === 'excluded') changes.push({ kind: 'include', projectId: target.id });
    const included: Project = { ...target, status: target.status === 'excluded' ? 'candidate' : target.status };
    if (allowedStartYears(included, dataset).length > 0) return null;
    const { firstYear, lastYear } = horizonOf(dataset.config);
    const lastStart = lastYear - buildYears(target) + 1;
    if (lastStart < firstYear) {
      return `${target.id} needs ${buildYears(target)} build years but the horizon ${formatFinancialYear(firstYear)}–${formatFinancialYear(lastYear)} has only ${dataset.config.horizonYears}`;
    }
    // The nearest window that fits: keep what overlaps the feasible starts, else the closest start.
    const earliestStartYear = Math.min(Math.max(target.earliestStartYear, firstYear), lastStart);
    const latestStartYear = Math.max(Math.min(target.latestStartYear, lastStart), earliestStartYear);
    changes.push({ kind: 'widen_window', projectId: target.id, earliestStartYear, latestStartYear });
    return null;
  };
  const projectsById = new Map(dataset.projects.map((candidate) => [candidate.id, candidate]));
  let impossible: string | null = null;
  if (reason === 'excluded' || reason === 'start_window') impossible = makeStartable(project);
  if (reason === 'prerequisite' || reason === 'excluded' || reason === 'start_window') {
    const fundedIds = new Set(plan.projects.filter((planned) => planned.funded).map((planned) => planned.id));
    for (const prerequisiteId of project.prerequisiteIds) {
      const prerequisite = projectsById.get(prerequisiteId);
      if (!prerequisite) continue;
      if (!fundedIds.has(prerequisiteId) || reason === 'prerequisite') blocking.push(prerequisiteId);
      impossible ??= makeStartable(prerequisite);
    }
  }
  // A rule that bars the project outright (a centre without an anchor department): that rule off is the change to try first.
  if (reason === 'policy') {
    const forbidding = PORTFOLIO_ROW_RULES.find((rule) => rule.switchOff !== undefined && rule.forbids?.(project, dataset.config.policy));
    if (forbidding !== undefined) changes.push({ kind: 'relax_policy', rule: forbidding.setting?.perService === true ? `${forbidding.key}.${project.service}` : forbidding.key });
  }
  if (reason === 'exclusive_alternative' && project.exclusiveGroup !== null) {
    for (const planned of plan.projects) {
      const other = projectsById.get(planned.id);
      if (planned.funded && other && other.id !== project.id && other.exclusiveGroup === project.exclusiveGroup) {
        blocking.push(other.id);
        changes.push({ kind: 'drop_alternative', projectId: other.id, exclusiveGroup: project.exclusiveGroup });
      }
    }
  }
  return { changes, blocking: [...new Set(blocking)], impossible };
}

/**
 * The (source, year) envelopes a top-up may go to: where p or a blocking prerequisite could spend,
 * each with the project the money would be ring-fenced for (task r1): p's own first, then each
 * prerequisite's.
 */
export function topUpCandidates(project: Project, blockingIds: readonly string[], dataset: Dataset): { sourceId: string; financialYear: number; projectId: string }[] {
  const projectsById = new Map(dataset.projects.map((candidate) => [candidate.id, candidate]));
  // The project as the structural change left it (an excluded project is included there).
  const spenders = [projectsById.get(project.id) ?? project, ...blockingIds.map((id) => projectsById.get(id)).filter((other): other is Project => other !== undefined)];
  const keys = new Set<string>();
  const candidates: { sourceId: string; financialYear: number; projectId: string }[] = [];
  for (const spender of spenders) {
    const years = new Set<number>();
    for (const startYear of allowedStartYears(spender, dataset)) {
      for (let year = startYear; year <= completionYear(spender, startYear); year += 1) years.add(year);
    }
    for (const sourceId of eligibleSourceIds(spender, dataset)) {
      for (const financialYear of [...years].sort((left, right) => left - right)) {
        const key = `${spender.id}|${sourceId}|${financialYear}`;
        if (keys.has(key)) continue;
        keys.add(key);
        candidates.push({ sourceId, financialYear, projectId: spender.id });
      }
    }
  }
  return candidates;
}

/**
 * The cheapest single top-up (to `precisionRand`) that, added to the structural changes, makes the
 * re-solved plan fund p; null when no single envelope up to four times the capex concerned does.
 */
async function cheapestTopUp(
  context: SearchContext,
  project: Project,
  blockingIds: readonly string[],
  baseChanges: readonly SuggestedChange[],
): Promise<readonly SuggestedChange[] | null> {
  const precisionRand = context.options.precisionRand ?? DEFAULT_PRECISION_RAND;
  const baseDataset = applyChanges(context.dataset, baseChanges);
  const candidates = topUpCandidates(project, blockingIds, baseDataset);
  if (candidates.length === 0) return null;
  const projectsById = new Map(baseDataset.projects.map((candidate) => [candidate.id, candidate]));
  // The escalated cost (a scenario's cost_escalation_percent, a draw's overrun): the program pays that, not the register's capex.
  const capexRand = [project.id, ...blockingIds].reduce((sum, id) => sum + (projectsById.get(id)?.capexRand ?? 0) * costFactorOf(baseDataset.costFactors ?? {}, id), 0);
  // Ring-fenced for the project that spends it (task r1), as the one-MILP answer's money is.
  const topUp = (candidate: { sourceId: string; financialYear: number; projectId: string }, steps: number): SuggestedChange[] => [
    ...baseChanges,
    { kind: 'top_up', sourceId: candidate.sourceId, financialYear: candidate.financialYear, amountRand: steps * precisionRand, ringFencedFor: candidate.projectId },
  ];
  // Bracket: the capex of p (and its blocking prerequisites) in one envelope usually suffices;
  // four times that allows for the optimum rearranging other projects around it.
  let brackets: { candidate: (typeof candidates)[number]; low: number; high: number }[] = [];
  for (const factor of [1, 4]) {
    if (outOfSearchTime(context)) return null;
    const high = Math.max(1, Math.ceil((factor * capexRand) / precisionRand));
    const affordable = affordableJobs(context);
    const tried = affordable === null ? candidates : candidates.slice(0, affordable);
    if (tried.length < candidates.length) context.bracketCut = true;
    const solved = await solveVariants(context, tried.map((candidate) => topUp(candidate, high)), `${project.id} top-up bracket`, 'a top-up re-solve (the bracket of one envelope)');
    brackets = tried.filter((_, index) => funds(solved[index].plan, project.id)).map((candidate) => ({ candidate, low: 0, high }));
    if (brackets.length > 0) break;
  }
  if (brackets.length === 0) return null;
  // Bisection, all candidates in one batch per round; a candidate whose lower end already reaches
  // the best upper end cannot win and is dropped.
  for (;;) {
    const bestHigh = Math.min(...brackets.map((bracket) => bracket.high));
    brackets = brackets.filter((bracket) => bracket.low < bestHigh);
    const open = brackets.filter((bracket) => bracket.high - bracket.low > 1);
    if (open.length === 0) break;
    // Out of search time: the best upper end found so far still funds p (checked), only not proven the smallest.
    if (outOfSearchTime(context)) {
      context.bisectionCut = true;
      break;
    }
    // Within the budget, the most promising brackets (lowest upper end) first; the others keep theirs.
    const affordable = affordableJobs(context);
    const round = affordable === null || open.length <= affordable ? open : [...open].sort((left, right) => left.high - right.high).slice(0, affordable);
    // Less than a box left: the best upper end found so far stands, as when the budget is spent.
    if (round.length === 0) {
      context.bisectionCut = true;
      break;
    }
    const middles = round.map((bracket) => Math.floor((bracket.low + bracket.high) / 2));
    const solved = await solveVariants(context, round.map((bracket, index) => topUp(bracket.candidate, middles[index])), `${project.id} top-up bisection`, 'a top-up re-solve (the bisection of one envelope)');
    round.forEach((bracket, index) => {
      if (funds(solved[index].plan, project.id)) bracket.high = middles[index];
      else bracket.low = middles[index];
    });
  }
  // Cheapest; ties go to the earlier candidate (source order, then year).
  const best = brackets.reduce((left, right) => (right.high < left.high ? right : left));
  return topUp(best.candidate, best.high);
}

/** Why no start of p can follow its prerequisites inside the horizon, naming the latest-finishing prerequisite. */
function prerequisiteTimingSentence(project: Project, dataset: Dataset): string {
  const { lastYear } = horizonOf(dataset.config);
  const lastStart = Math.min(project.latestStartYear, lastYear - buildYears(project) + 1);
  const startYears = startYearsWithPrerequisites(dataset);
  let binding: { id: string; finishes: number } | null = null;
  for (const prerequisiteId of project.prerequisiteIds) {
    const prerequisite = dataset.projects.find((candidate) => candidate.id === prerequisiteId);
    const starts = startYears.get(prerequisiteId) ?? [];
    if (!prerequisite || starts.length === 0) return `No start year works inside the horizon: its prerequisite ${prerequisiteId} cannot be funded itself, so ${project.id} cannot follow it.`;
    const finishes = completionYear(prerequisite, starts[0]);
    if (binding === null || finishes > binding.finishes) binding = { id: prerequisiteId, finishes };
  }
  if (binding === null) return `No start year works inside the horizon for ${project.id}.`;
  return (
    `No start year works inside the horizon: ${binding.id} finishes in ${formatFinancialYear(binding.finishes)} at the earliest, so ${project.id} could start in ` +
    `${formatFinancialYear(binding.finishes + 1)} at the earliest, but its ${buildYears(project)}-year cash flow and window allow no start after ${formatFinancialYear(lastStart)} ` +
    `(the horizon ends ${formatFinancialYear(lastYear)}); a longer horizon or an earlier start of ${binding.id} would be needed.`
  );
}

/** The sentence for an explanation. */
function summarise(dataset: Dataset, changes: readonly SuggestedChange[], verification: Verification | null, fallback: string, projectId: string | null = null): string {
  if (changes.length === 0 || verification === null) return fallback;
  const words = changes.map((change) => describeChange(change, dataset)).join(' and ');
  const sentence = `${words.charAt(0).toUpperCase()}${words.slice(1)} funds it`;
  const objective = (value: number | null | undefined): string => (value === null || value === undefined ? 'n/a' : formatNumber(value, 1));
  const gapWords = (gap: number | null | undefined): string => (gap === null || gap === undefined ? 'an unknown gap' : percentWords(gap));
  const requested = gapWords(verification.requestedGap);
  if (!verification.verified) {
    if (verification.outcome === 'solve_failed' && verification.failure !== undefined) {
      return `${words.charAt(0).toUpperCase()}${words.slice(1)} may fund it, NOT VERIFIED: ${verification.failure.sentence}`;
    }
    if (verification.outcome === 'funded_above_gap') {
      if (verification.method === 'bound_without') {
        return `${sentence}: NOT VERIFIED at the ${requested} gap: the proof (the changed model without the project) stopped at its time box; what it proved: no plan without it is better than the plan that funds it by more than ${gapWords(verification.gap)}, so a plan without it may be better by more than the gap${closerThanPlanWords(verification)}.`;
      }
      return `${sentence}: NOT VERIFIED at the ${requested} gap: the re-solve with the change stopped at its time box with a plan that funds it, ${gapWords(verification.gap)} from the best, so a plan without it may be better by more than the gap.`;
    }
    if (verification.outcome === 'better_without' && projectId !== null && ringFencedMoneyOnly(changes, projectId)) {
      // Ring-fenced money cannot be spent elsewhere (task r1): a plan without the project better by more
      // than the gap means funding it makes other projects give way (a rule such as a service share).
      return (
        `${words.charAt(0).toUpperCase()}${words.slice(1)} lets a plan fund it, but not the best plan (NOT ENOUGH): the plan that funds it is worth ${objective(verification.fundingPlanBenefitPoints)}, ` +
        `against ${objective(verification.objectiveAfter)} for a plan without it, ${gapWords(verification.gap)} less, more than the ${requested} gap: with the money ring-fenced for it, other projects give way to it in that plan (so that the rules, such as the service shares, hold with it funded).`
      );
    }
    if (verification.outcome === 'better_without') {
      return (
        `${words.charAt(0).toUpperCase()}${words.slice(1)} is not enough (NOT VERIFIED): with it the re-solve found a plan without the project worth ${objective(verification.objectiveAfter)}, ` +
        `against ${objective(verification.fundingPlanBenefitPoints)} for the plan that funds it, ${gapWords(verification.gap)} short of the best, more than the ${requested} gap: the change is better used elsewhere.`
      );
    }
    const why = verification.violations.length > 0 ? `the checker found ${verification.violations.length} violation${verification.violations.length === 1 ? '' : 's'}` : `the re-solved plan (${verification.status}) does not fund it`;
    return `${sentence}: NOT VERIFIED, ${why}.`;
  }
  const funded = verification.fundingPlanBenefitPoints ?? verification.objectiveAfter;
  const change = (funded ?? 0) - (verification.objectiveBefore ?? 0);
  const lost = change < 0 ? ` (${formatNumber(-change, 1)} benefit lost)` : '';
  const start = verification.startYear === null ? '' : `, starting ${formatFinancialYear(verification.startYear)}`;
  // The re-solve's proven gap, so the answer is read at the gap it was verified at.
  const proven = verification.gap === undefined || verification.gap === null
    ? ''
    : verification.method === 'ring_fenced_bound'
      ? ` (no plan without it is better by more than ${percentWords(verification.gap)}: with the money ring-fenced for it, a plan without it is a plan of the model explained, worth at most its proven bound ${objective(verification.planBoundBenefitPoints)}; verified at the ${requested} gap)`
      : verification.method === 'bound_without'
      ? ` (no plan without it is better by more than ${percentWords(verification.gap)}: the proven bound of the model with the change and without the project; verified at the ${requested} gap)`
      : ` (that plan is within ${percentWords(verification.gap)} of the best with the change, verified at the ${requested} gap)`;
  const tie = verification.outcome === 'start_within_gap' ? `; the best plan found with the change (${objective(verification.objectiveAfter)}) does not fund it, but is better by no more than the gap` : '';
  return `${sentence}; verified: benefit ${objective(verification.objectiveBefore)} → ${objective(funded)}${lost}${start}${proven}${tie}.`;
}

/**
 * True when every money change is ring-fenced (task r1) for the project itself and no rule is relaxed: a plan without the
 * project cannot spend the money, so "better spent elsewhere" cannot be why the best plan leaves it out.
 */
export function ringFencedMoneyOnly(changes: readonly SuggestedChange[], projectId: string): boolean {
  // Money ring-fenced for a prerequisite is not: a plan without the project may spend it on the prerequisite.
  return changes.some((change) => change.kind === 'top_up') && changes.every((change) => (change.kind === 'top_up' ? change.ringFencedFor === projectId : change.kind !== 'relax_policy'));
}

/**
 * When the proof's target (the plan that funds it × (1 + gap)) is below the plan explained's own
 * proven bound, the proof had to show more than the run that made the plan ever did: that no plan is
 * better than the target, which is closer to the plan explained than its own proof. Said in the
 * analyst's sentence (task x1: why no answer of `--top 10` verified at 0.1%); '' otherwise.
 */
export function closerThanPlanWords(verification: Verification): string {
  const target = verification.targetBenefitPoints;
  const planBound = verification.planBoundBenefitPoints;
  if (target === null || target === undefined || planBound === null || planBound === undefined || target >= planBound) return '';
  return `; at this gap it could verify only with a proof closer than the plan explained's own: a plan without it must be proven worth at most ${formatNumber(target, 1)}, below the plan explained's proven bound ${formatNumber(planBound, 1)}`;
}

/** The structural changes plus the least extra money over every envelope p may draw on (one MILP), or null when none is found. */
async function extraMoneyChanges(
  context: SearchContext,
  project: Project,
  blockingIds: readonly string[],
  structuralChanges: readonly SuggestedChange[],
  onlyFromStart = false,
): Promise<{ readonly changes: SuggestedChange[]; readonly answer: ExtraMoneyAnswer } | null> {
  if (context.plan.objectiveBenefitPoints === null) return null;
  const baseDataset = applyChanges(context.dataset, structuralChanges);
  // Capital envelopes where the cash flow could spend, and operating envelopes its running costs could be charged to.
  const envelopes = [
    ...topUpCandidates(project, blockingIds, baseDataset),
    ...[project.id, ...blockingIds].flatMap((spenderId) => operatingTopUpEnvelopes(baseDataset, [spenderId]).map((envelope) => ({ ...envelope, projectId: spenderId }))),
  ];
  context.options.onProgress?.({ jobNumber: 1, jobCount: 1, label: `${project.id} least extra money (one MILP)` });
  const started = performance.now();
  // The plan with the money is worth at least the plan explained, and at least its proven bound over
  // 1 + the gap: then, the money ring-fenced, the check needs no solve (ringFencedBoundApplies).
  const planBound = context.plan.bestBoundBenefitPoints !== null && Number.isFinite(context.plan.bestBoundBenefitPoints) ? context.plan.bestBoundBenefitPoints : -Infinity;
  // (A millionth above it, so the solver's tolerance on the row cannot leave the plan a hair below what the check asks.)
  const benefitFloor = Math.max(context.plan.objectiveBenefitPoints, (planBound / (1 + context.shortcut.relativeGap)) * (1 + 1e-6));
  const answer = await leastExtraMoney(baseDataset, project.id, benefitFloor, envelopes, context.options.precisionRand ?? DEFAULT_PRECISION_RAND, context.answerPlanOptions, context.shortcut.startFrom, blockingIds, onlyFromStart);
  context.options.onSolved?.((performance.now() - started) / 1000);
  chargeSearch(context, (performance.now() - started) / 1000, answerMilpSeconds(context));
  // A probe that found no start solved only its start LPs (no MILP): not counted as a solve.
  if (!(onlyFromStart && answer.kind === 'no_top_up')) context.solveCount += 1;
  if (answer.kind === 'solve_failed') context.failures.push(answer);
  if (answer.kind === 'no_top_up' && answer.repaired !== undefined) return { changes: [...structuralChanges], answer: answer.repaired };
  if (answer.kind !== 'answer') return null;
  // The repaired plan (task tp) may fund the project with no extra money at all: the money is not what
  // keeps it out (a prerequisite moved earlier, other projects giving way); its check says what it costs.
  if (answer.changes.length === 0 && answer.belowFloor === undefined) return null;
  return { changes: [...structuralChanges, ...answer.changes], answer };
}

/** Rounds of the policy answer at most (each a relaxation MILP and its proof). */
const POLICY_ROUNDS = 6;

/**
 * The policy answer (issue 14): the least relaxation of the rules under which the *best* plan funds
 * the project, within the answer's gap. Each round solves the relaxation MILP with the floor
 * "the plan with the project worth at least H / (1 + gap)", H the best plan without the project
 * known (first the plan explained: relaxing only adds plans, so no plan with the project below that
 * floor can be within the gap of the best), then proves its answer (proveByBound: the best plan
 * with the new values, against the bound without the project). When the proof finds a plan without
 * the project better by more than the gap, H rises to it and the next round relaxes further (never
 * less than this round: H was found at these values, so it holds for every further relaxation).
 * Null when no relaxation of the parametrised rules lets a plan fund the project at the first floor.
 */
async function policyRelaxationAnswer(
  context: SearchContext,
  project: Project,
  base: Omit<SearchAnswer, 'policyBlockers' | 'changes' | 'extraMoneyRand' | 'summary' | 'verification' | 'solveCount'>,
  structuralChanges: readonly SuggestedChange[],
  planBenefitPoints: number,
): Promise<SearchAnswer | null> {
  const { dataset } = context;
  const requestedGap = context.shortcut.relativeGap;
  const baseDataset = applyChanges(dataset, structuralChanges);
  let bestWithout: PlanWithout = { decisions: context.shortcut.startFrom, benefitPoints: planBenefitPoints };
  let minimumMoves: ReadonlyMap<PolicyRule, number> = new Map();
  let answer: SearchAnswer | null = null;
  /** Relaxations tried that a better plan without the project beat, in words. */
  const notEnough: string[] = [];
  let unprovenLeast = false;
  for (let round = 1; round <= POLICY_ROUNDS; round += 1) {
    if (round > 1 && outOfSearchTime(context)) break;
    context.options.onProgress?.({ jobNumber: round, jobCount: POLICY_ROUNDS, label: `${project.id} least policy relaxation (one MILP${round > 1 ? `, round ${round}` : ''})` });
    // Task x1: the floor is also the plan explained's proven bound over (1 + gap). Below it the proof
    // would have to show that no plan without the project beats the plan explained by more than what
    // is left of the gap after the plan's own (no plan that funds it worth less could be shown within
    // the gap: it needs a proof closer than the run's). Measured on the default model (2026-12-03),
    // every policy answer of `--top 10` sat at the floor B / (1 + gap), so its target was B itself,
    // below the run's bound: 0 of 6 verified, each "proven within 0.4–1.4%".
    const provable = context.plan.bestBoundBenefitPoints !== null && Number.isFinite(context.plan.bestBoundBenefitPoints) ? context.plan.bestBoundBenefitPoints : -Infinity;
    const floor = Math.max(bestWithout.benefitPoints, provable) / (1 + requestedGap);
    const started = performance.now();
    const relaxed = await leastPolicyRelaxation(baseDataset, project.id, floor, context.answerPlanOptions, bestWithout.decisions, minimumMoves);
    context.options.onSolved?.((performance.now() - started) / 1000);
    chargeSearch(context, (performance.now() - started) / 1000, answerMilpSeconds(context));
    context.solveCount += 1;
    if (relaxed?.kind === 'solve_failed') context.failures.push(relaxed);
    const relaxation = relaxed?.kind === 'answer' ? relaxed : null;
    if (relaxation === null) {
      if (answer !== null && notEnough.length > 0) {
        const words = `${answer.summary.replace(/\.$/, '')}; no further relaxation of the rules lets a plan that funds it come within the ${percentWords(requestedGap)} gap of the best plan without it (${formatNumber(bestWithout.benefitPoints, 1)}).`;
        answer = { ...answer, summary: words, solveCount: context.solveCount };
      }
      break;
    }
    if (relaxation.status !== 'optimal') unprovenLeast = true;
    const changes = [...structuralChanges, ...relaxation.changes];
    context.options.onProgress?.({ jobNumber: round, jobCount: POLICY_ROUNDS, label: `${project.id} verifying the policy relaxation (the best plan with it, then one proof: the bound without it)` });
    // No change at all: the plan explained's own proven bound bounds every plan without the project (a run folder's, reused).
    const knownBound = changes.length === 0 ? context.plan.bestBoundBenefitPoints : null;
    const proofOptions = verificationOptions(context);
    const proofStarted = performance.now();
    const { verification, bestWithout: foundWithout, solveCount } = await proveByBound(dataset, project.id, changes, relaxation.decisions, bestWithout.decisions, context.plan.objectiveBenefitPoints, proofOptions, requestedGap, knownBound, { spareThread: context.spareThread(), planBoundBenefitPoints: context.plan.bestBoundBenefitPoints });
    chargeSearch(context, (performance.now() - proofStarted) / 1000, proofOptions.timeLimitSeconds);
    // At least one: a proof that needed no solve (the original plan already better) still counts as the answer's check.
    context.solveCount += Math.max(1, solveCount);
    const blockers = relaxation.changes.flatMap((change) => (change.kind === 'relax_policy' ? [change.rule] : []));
    const summary = relaxation.changes.length === 0 && structuralChanges.length === 0 ? noChangeSentence(verification) : summarise(dataset, changes, verification, '');
    const before = notEnough.length === 0 ? '' : ` (${notEnough.length === 1 ? 'a smaller relaxation' : 'smaller relaxations'}, ${notEnough.join(', then ')}, let a plan fund it, but the best plan without it is then better by more than the gap)`;
    // A relaxation MILP stopped by its box found a relaxation, not necessarily the least: said so.
    const unproven = unprovenLeast ? ` (a relaxation MILP stopped at its time box${relaxation.gap === null ? '' : ` ${percentWords(relaxation.gap)} from the least relaxation`}: a smaller one may be enough too)` : '';
    answer = { ...base, policyBlockers: blockers, changes, extraMoneyRand: extraMoneyRand(changes), summary: `${summary.replace(/\.$/, '')}${before}${unproven}.`, verification, solveCount: context.solveCount };
    if (verification.verified) break;
    // A better plan without the project than the gap allows: the least relaxation that lets a plan fund it is not enough for the best plan to; relax further.
    if (verification.outcome !== 'better_without' || foundWithout === null || foundWithout.benefitPoints <= bestWithout.benefitPoints) break;
    notEnough.push(relaxation.changes.length === 0 ? 'none at all' : relaxation.changes.map((change) => (change.kind === 'relax_policy' && change.value !== undefined ? `${change.rule} ${formatRuleValue(change.value)}` : describeChange(change, dataset))).join(' with '));
    bestWithout = foundWithout;
    minimumMoves = relaxation.moves;
  }
  return answer;
}

/** The sentence when no rule needs to change: a plan that funds the project is within the gap of the best already (or is not, said so). */
function noChangeSentence(verification: Verification): string {
  const requested = verification.requestedGap === null || verification.requestedGap === undefined ? 'the' : `the ${percentWords(verification.requestedGap)}`;
  if (verification.verified) {
    return `No rule needs to change: a plan that funds it (benefit ${formatNumber(verification.objectiveAfter ?? 0, 1)}) is within ${requested} gap of the best plan (the proven bound without it${verification.boundWithoutBenefitPoints === null || verification.boundWithoutBenefitPoints === undefined ? '' : ` ${formatNumber(verification.boundWithoutBenefitPoints, 1)}`}); the plan explained leaves it out within the solver's gap.`;
  }
  if (verification.outcome === 'better_without' && verification.fundingPlanBenefitPoints !== null && verification.fundingPlanBenefitPoints !== undefined) {
    return (
      `No change found that makes the best plan fund it: a plan that funds it exists with the money and the rules as they are, but only with other projects giving way (NOT ENOUGH): ` +
      `it is worth ${formatNumber(verification.fundingPlanBenefitPoints, 1)} against ${formatNumber(verification.objectiveAfter ?? 0, 1)} for a plan without it, ${percentWords(verification.gap ?? 0)} less, more than ${requested} gap.`
    );
  }
  return `No rule change found: a plan that funds it exists with the rules as they are, but it is NOT VERIFIED within ${requested} gap of the best (${verification.outcome ?? 'unknown'}).`;
}

/** Search and verify the cheapest change for one deferred project. */
async function explainProject(context: SearchContext, entry: DeferredEntry): Promise<SearchAnswer> {
  const { project, reason, detail, derivedBenefit } = entry;
  const { dataset, plan } = context;
  const municipality = dataset.municipalities.find((candidate) => candidate.code === project.municipalityCode);
  const structural = structuralChanges(project, context, reason);
  const base = {
    projectId: project.id,
    municipalityCode: project.municipalityCode,
    municipalityName: municipality?.name ?? project.municipalityCode,
    reason,
    detail,
    derivedBenefit,
    blockingProjectIds: structural.blocking,
    exclusiveGroup: project.exclusiveGroup,
    alternativeIds: entry.alternativeIds,
  };
  const finish = async (changes: readonly SuggestedChange[], policyBlockers: readonly PolicyRule[], fallback: string, startFrom?: Readonly<Record<string, number | null>>): Promise<SearchAnswer> => {
    const verifyStarted = performance.now();
    const resolved = changes.length === 0 ? null : await verifyChanges(dataset, project.id, changes, plan.objectiveBenefitPoints, context.planOptions, { ...(await context.lpShortcut()), ...(startFrom !== undefined ? { startFrom } : {}) });
    const bound = plan.bestBoundBenefitPoints !== null && Number.isFinite(plan.bestBoundBenefitPoints) ? plan.bestBoundBenefitPoints : null;
    const verification = resolved === null ? null : withRingFencedBound(resolved, changes, project.id, bound);
    if (verification) {
      context.solveCount += 1;
      chargeSearch(context, (performance.now() - verifyStarted) / 1000);
    }
    return { ...base, policyBlockers, changes, extraMoneyRand: extraMoneyRand(changes), summary: summarise(dataset, changes, verification, fallback, project.id), verification, solveCount: context.solveCount };
  };
  if (structural.impossible !== null) return finish([], [], `No change to the register funds it: ${structural.impossible}.`);
  // Funded, it would add no benefit the objective counts within the horizon (the plan's reason
  // no_benefit: needed only later, or its need already met), so every best plan leaves it out
  // whatever the money or the rules: a search would only find money it spends for nothing. Said
  // without a solve (new-user review u1, 2: such projects took a policy search each).
  if (reason === 'no_benefit') {
    return finish([], [], `No change of money or rules makes the best plan fund it: funded, it adds no benefit within the horizon (${detail.replace(/\.$/, '')}). A longer horizon (horizon_years) would count its benefit; to build it anyway, mark it committed.`);
  }
  const startable = startYearsWithPrerequisites(applyChanges(dataset, structural.changes)).get(project.id) ?? [];
  if (startable.length === 0) {
    return finish([], [], prerequisiteTimingSentence(project, applyChanges(dataset, structural.changes)));
  }

  if (structural.changes.length > 0) {
    const [solved] = await solveVariants(context, [structural.changes], `${project.id} structural`, 'the re-solve with the structural change');
    if (funds(solved.plan, project.id)) return finish(structural.changes, [], '');
  }

  // A project kept out by a policy rule is answered by one MILP (issue 14): the least relaxation of
  // the policy rules, each rule's value a variable, with the project funded and the rest of the plan
  // keeping its benefit; then one proof (verifyByBound). A project kept out by money (the usual
  // case), or a policy project no relaxation alone funds, by the least-extra-money MILP and one proof.
  // Only when that does not verify is the wider search run.
  let extraMoneyTried = false;
  let unverifiedMoney: SearchAnswer | null = null;
  const requestedGap = context.shortcut.relativeGap;
  // The plan explained's proven bound (the run's, with --baseline): B0 of the ring-fence argument.
  const planBound = plan.bestBoundBenefitPoints !== null && Number.isFinite(plan.bestBoundBenefitPoints) ? plan.bestBoundBenefitPoints : null;
  const answerOf = async (changes: readonly SuggestedChange[], decisions: Readonly<Record<string, number | null>>, policyBlockers: readonly PolicyRule[], what: string): Promise<SearchAnswer> => {
    context.options.onProgress?.({ jobNumber: 1, jobCount: 1, label: `${project.id} verifying the ${what} (one proof: the bound without it)` });
    const proofOptions = verificationOptions(context);
    const proofStarted = performance.now();
    // Task r1: money ring-fenced for the project leaves every plan without it a plan of the model
    // explained, so the plan explained's proven bound B0 bounds them all; the proof needs no solve when
    // the plan that funds it is within the gap of B0, and else starts from that bound.
    const ringFenced = ringFencedBoundApplies(changes, project.id) && planBound !== null;
    // No change at all (a repaired plan that needs no money, task tp): the plan explained's bound bounds every plan without it.
    const knownBound = ringFenced || changes.length === 0 ? planBound : null;
    const { verification, solveCount } = await proveByBound(dataset, project.id, changes, decisions, context.shortcut.startFrom, plan.objectiveBenefitPoints, proofOptions, requestedGap, knownBound, { spareThread: context.spareThread(), planBoundBenefitPoints: context.plan.bestBoundBenefitPoints, ringFenced });
    chargeSearch(context, (performance.now() - proofStarted) / 1000, proofOptions.timeLimitSeconds);
    context.solveCount += Math.max(1, solveCount);
    const summary = changes.length === 0 ? noChangeSentence(verification) : summarise(dataset, changes, verification, '', project.id);
    return { ...base, policyBlockers, changes, extraMoneyRand: extraMoneyRand(changes), summary, verification, solveCount: context.solveCount };
  };
  let relaxationFound = false;
  // A policy project: first the ring-fenced money, but only when its MILP has a start that keeps the
  // plan's benefit (found in a second or two, else nothing is solved): its answer is then checked by
  // the plan explained's bound with no proof (task tp). Measured on the default model (2026-12-04):
  // no lowered minimum share of `--top 10` verified at 0.1% in its share of the time (the proof's
  // bound stayed 0.3–0.5% above its target), while WC024-W-WTW-1 has R120.1 million ring-fenced for
  // it that funds it without lowering the plan's benefit. When it has no such start, the least
  // relaxation of the rules is sought as before.
  let moneyProbed = false;
  if (reason === 'policy' && structural.changes.length === 0 && planBound !== null && plan.objectiveBenefitPoints !== null) {
    const probed = await extraMoneyChanges(context, project, structural.blocking, structural.changes, true);
    if (probed !== null) {
      moneyProbed = true;
      extraMoneyTried = true;
      const answer = await answerOf(probed.changes, probed.answer.decisions, [], 'extra money');
      if (answer.verification?.verified === true) return answer;
      unverifiedMoney = answer;
    }
  }
  if (reason === 'policy' && plan.objectiveBenefitPoints !== null && !(moneyProbed && outOfSearchTime(context))) {
    const policyAnswer = await policyRelaxationAnswer(context, project, base, structural.changes, plan.objectiveBenefitPoints);
    relaxationFound = policyAnswer !== null;
    if (policyAnswer?.verification?.verified === true) return policyAnswer;
    unverifiedMoney = policyAnswer ?? unverifiedMoney;
  }
  if ((reason !== 'policy' || !relaxationFound) && !moneyProbed && plan.objectiveBenefitPoints !== null) {
    extraMoneyTried = true;
    const found = await extraMoneyChanges(context, project, structural.blocking, structural.changes);
    if (found !== null) {
      // The MILP's own plan funds the project with this money and keeps the rest's benefit: the
      // proof compares it with the bound of the changed model without the project, and has the
      // rest of the project's search budget (at least one box).
      const answer = await answerOf(found.changes, found.answer.decisions, [], 'extra money');
      if (answer.verification?.verified === true) return answer;
      unverifiedMoney ??= answer;
    }
  }
  /** The answer when the search budget runs out: the unverified money answer (said so), or none. */
  const stopped = async (): Promise<SearchAnswer> => {
    const budgetWords = `the search stopped at its budget of ${Math.round(context.budget?.limitSeconds ?? context.options.searchSecondsPerProject ?? 0)} ${context.shortcut.boxInCpuSeconds === true ? 'CPU s' : 's'} (--time-limit sets the box of each re-solve; the budget is 4 boxes${context.allowance?.shared != null && context.allowance.fullSeconds !== null ? ", or the project's share of --top's allowance" : ''})`;
    if (unverifiedMoney !== null) return { ...unverifiedMoney, summary: `${unverifiedMoney.summary.replace(/\.$/, '')}; ${budgetWords} before the wider search found a verified change.`, solveCount: context.solveCount };
    return finish([], [], `No change found: ${budgetWords}.`);
  };
  if (outOfSearchTime(context)) return stopped();

  // Policy rules, each switched off alone on top of the structural change.
  // As many as the budget holds (a round is not interrupted); rules left untried make the answer say the search stopped.
  const rules = activePolicyRules(dataset);
  const affordableRules = affordableJobs(context);
  const triedRules = affordableRules === null ? rules : rules.slice(0, affordableRules);
  const relaxed = await solveVariants(context, triedRules.map((rule) => [...structural.changes, { kind: 'relax_policy', rule }]), `${project.id} policy`, 'a re-solve with one policy rule switched off');
  const policyBlockers = triedRules.filter((_, index) => funds(relaxed[index].plan, project.id));
  if (policyBlockers.length > 0) return finish([...structural.changes, { kind: 'relax_policy', rule: policyBlockers[0] }], policyBlockers, '');
  if (triedRules.length < rules.length) return stopped();

  if (outOfSearchTime(context)) return stopped();
  const topUp = await cheapestTopUp(context, project, structural.blocking, structural.changes);
  if (topUp !== null) {
    const answer = await finish(topUp, [], '');
    if (!context.bisectionCut) return answer;
    return { ...answer, summary: `${answer.summary.replace(/\.$/, '')} (the search budget stopped the bisection: a smaller top-up may fund it too).` };
  }
  // A bracket cut by the budget left envelopes untried: that no single top-up suffices is not known.
  if (outOfSearchTime(context) || context.bracketCut === true) return stopped();
  // No single envelope suffices (typically money is short in several years of a source without
  // carry-over): the least total extra money over all its envelopes, from the auxiliary MILP.
  if (!extraMoneyTried && plan.objectiveBenefitPoints !== null) {
    const found = await extraMoneyChanges(context, project, structural.blocking, structural.changes);
    if (found !== null) return finish(found.changes, [], '', found.answer.decisions);
  }
  // The one-MILP answer did not verify and the wider search found nothing better: that answer stands, said so (the plan it found funds the project, but the optimiser prefers another).
  if (unverifiedMoney !== null) {
    return { ...unverifiedMoney, summary: `${unverifiedMoney.summary.replace(/\.$/, '')}; the wider search (one policy rule switched off, one top-up) found no change that verifies either.`, solveCount: context.solveCount };
  }
  return finish(
    [],
    [],
    `No change found: neither the structural change, nor switching off one policy rule, nor extra money in ${eligibleSourceIds(project, dataset).join(', ') || 'its sources'} makes the optimal plan fund it.`,
  );
}

/**
 * The answer's outcome, and the words of a failed solve where the answer rests on one: a
 * verification that failed says so in its summary already; an answer without a change whose search
 * lost a solve says the solve failed instead of "no change found" (issue 14: the relaxation MILP
 * that found no plan in its box was reported as "No change found"); an unverified change whose
 * search lost a solve adds how many failed and the first one's sentence.
 */
function settleAnswer(answer: SearchAnswer, failures: readonly SolveFailure[]): Explanation {
  const failedSolveCount = failures.length + (answer.verification?.outcome === 'solve_failed' ? 1 : 0);
  if (answer.verification?.outcome === 'solve_failed') {
    return { ...answer, outcome: 'solve_failed', failure: answer.verification.failure ?? failures[0] ?? null, failedSolveCount };
  }
  if (answer.verification?.verified === true) return { ...answer, outcome: 'verified', failure: null, failedSolveCount };
  const first = failures[0];
  const more = failures.length > 1 ? ` ${failures.length} of its ${answer.solveCount} solves failed.` : '';
  const lowered = (sentence: string): string => `${sentence.charAt(0).toLowerCase()}${sentence.slice(1)}`;
  if (answer.changes.length === 0) {
    if (first === undefined) return { ...answer, outcome: 'no_change_found', failure: null, failedSolveCount };
    return { ...answer, outcome: 'solve_failed', failure: first, failedSolveCount, summary: `No answer: ${lowered(first.sentence)}${more}` };
  }
  if (first === undefined) return { ...answer, outcome: 'not_verified', failure: null, failedSolveCount };
  return { ...answer, outcome: 'not_verified', failure: first, failedSolveCount, summary: `${answer.summary.replace(/\.$/, '')}; ${failures.length === 1 ? 'one solve of the search failed' : `${failures.length} solves of the search failed`}: ${lowered(first.sentence)}` };
}

/**
 * Throw InvalidInputError naming --project for each id that is not a project of the model: checked
 * before the plan is solved (which can take minutes on a loaded machine), so a mistyped id costs
 * nothing. Whether it is deferred is known only from the plan (selectDeferred).
 */
export function checkProjectIds(dataset: Dataset, projectIds: readonly string[]): void {
  // The projects a master plan generates are projects of the model too (they are planned and deferred like any other).
  const known = new Set(plannedDataset(dataset).dataset.projects.map((project) => project.id));
  const problems: DataProblem[] = [...new Set(projectIds)].filter((id) => !known.has(id)).map((id) => ({ file: COMMAND_LINE, row: null, column: '--project', message: `project ${quoteValue(id)} is not in the model` }));
  if (problems.length > 0) throw new InvalidInputError(problems);
}

/**
 * An answer that did not verify in a share of `--top`'s allowance smaller than its own budget says
 * so in the analyst's sentence, and what settles it (task t1): the sentence never claims more than
 * was proven, and the reader knows the answer is cut short by the shared time, not settled.
 */
export function sharedAllowanceSummary(answer: Pick<Explanation, 'projectId' | 'summary' | 'outcome' | 'verification'>, allowance: SearchAllowance): string {
  if (!cutShortByShare(answer, allowance) || allowance.shared === null || allowance.fullSeconds === null) return answer.summary;
  const unit = allowance.cpuSeconds ? 'CPU s' : 's';
  return `${answer.summary.replace(/\.$/, '')}; --top's ${answer.outcome === 'no_change_found' ? 'search' : 'check'} was cut short: the ${allowance.shared.answerCount} answers shared ${Math.round(allowance.shared.totalSeconds)} ${unit} and this one had ${Math.round(allowance.seconds)} ${unit} of it; explain --project ${answer.projectId} (${Math.round(allowance.fullSeconds)} ${unit} for it alone) or a looser --gap may settle it.`;
}

/**
 * True when an answer is unsettled and its search had a share of `--top`'s allowance smaller than its
 * own budget: a check that stopped above the gap or failed, or a search stopped at its budget. Not an
 * answer the search settled (verified; NOT ENOUGH, a plan without the project found better; no start
 * fits), which more time would not change.
 */
export function cutShortByShare(answer: Pick<Explanation, 'summary' | 'outcome' | 'verification'>, allowance: SearchAllowance | null | undefined): boolean {
  if (allowance === null || allowance === undefined || allowance.fullSeconds === null || allowance.shared === null) return false;
  if (answer.outcome === 'not_verified' || answer.outcome === 'solve_failed') return answer.verification?.outcome !== 'better_without' && answer.verification?.outcome !== 'checker';
  return answer.outcome === 'no_change_found' && /search stopped at its budget/.test(answer.summary);
}

/**
 * The money short at the start the verifying plan gives the project, when `detail` was worked out
 * for another (its earliest) start; null otherwise.
 */
function checkedStartShortOf(entry: DeferredEntry, answer: Explanation, dataset: Dataset, plan: PortfolioPlan): CheckedStartShort | null {
  const startYear = answer.verification?.startYear ?? null;
  const named = /^Starting in (\d{4}\/\d{2})\b/.exec(entry.detail);
  if (startYear === null || named === null || formatFinancialYear(startYear) === named[1]) return null;
  const short = capitalShortAt(entry.project, dataset, plan.envelopeUse, startYear);
  return short === null ? null : { startYear, ...short, sourceIds: eligibleSourceIds(entry.project, dataset) };
}

/** False for an answer that needs no solve (a project deferred for no benefit): it takes no share of `--top`'s allowance. */
function needsSolves(entry: DeferredEntry): boolean {
  return entry.reason !== 'no_benefit';
}

/** A deferred project to explain, with what the plan says about it. */
interface DeferredEntry {
  readonly project: Project;
  readonly reason: DeferralReason;
  readonly detail: string;
  readonly derivedBenefit: number;
  /** The other projects of its exclusive group, register order. */
  readonly alternativeIds: readonly string[];
}

/**
 * The deferred projects to explain, in order of derived benefit (highest first). With `top` an
 * exclusive group counts once: alternatives are ways of meeting one need, so ten answers about
 * one group's alternatives would answer one question ten times. The group's deferred alternative
 * of the highest benefit stands for it (the first in the ranking); `eachAlternative` keeps all.
 */
export function selectDeferred(dataset: Dataset, plan: PortfolioPlan, options: Pick<ExplainOptions, 'projectIds' | 'top' | 'eachAlternative'>): DeferredEntry[] {
  const indexOf = indexByMunicipality(dataset, computeIndices(dataset));
  const projectsById = new Map(dataset.projects.map((project) => [project.id, project]));
  const groupMembers = new Map<string, string[]>();
  for (const project of dataset.projects) {
    if (project.exclusiveGroup !== null) groupMembers.set(project.exclusiveGroup, [...(groupMembers.get(project.exclusiveGroup) ?? []), project.id]);
  }
  const deferred = plan.projects
    .filter((planned) => !planned.funded && planned.deferralReason !== null)
    .map((planned): DeferredEntry => {
      const project = projectsById.get(planned.id);
      if (!project) throw new Error(`plan project ${planned.id} is not in the dataset; explain the plan of this dataset`);
      const index = indexOf.get(project.municipalityCode);
      if (!index) throw new Error(`no index for municipality ${project.municipalityCode}`);
      const alternativeIds = project.exclusiveGroup === null ? [] : (groupMembers.get(project.exclusiveGroup) ?? []).filter((id) => id !== project.id);
      return {
        project,
        reason: planned.deferralReason as DeferralReason,
        detail: planned.deferralDetail ?? '',
        // What the objective would count, as the plan worked it out; the project's own benefit
        // rule counts capacity added whether or not a shortfall in the horizon needs it, so it ranked
        // projects needed only after the horizon first (new-user review u1, 2).
        derivedBenefit: planned.benefitIfFunded ?? projectBenefit(project, index, dataset.config.policy, { services: dataset.config.services }).total,
        alternativeIds,
      };
    })
    // Equal benefits keep register order (Array.prototype.sort is stable), so the representative is reproducible.
    .sort((left, right) => right.derivedBenefit - left.derivedBenefit);
  let chosen = deferred;
  if (options.projectIds !== undefined && options.projectIds.length > 0) {
    const wanted = new Set(options.projectIds);
    const problems: DataProblem[] = [];
    for (const id of wanted) {
      if (!projectsById.has(id)) problems.push({ file: COMMAND_LINE, row: null, column: '--project', message: `project ${quoteValue(id)} is not in the model` });
      else if (!deferred.some((entry) => entry.project.id === id)) problems.push({ file: COMMAND_LINE, row: null, column: '--project', message: `project ${id} is funded in the plan, so there is nothing to explain` });
    }
    if (problems.length > 0) throw new InvalidInputError(problems);
    chosen = deferred.filter((entry) => wanted.has(entry.project.id));
  }
  if (options.top === undefined) return chosen;
  if (options.eachAlternative === true) return chosen.slice(0, options.top);
  const groupsTaken = new Set<string>();
  const representatives = chosen.filter((entry) => {
    const group = entry.project.exclusiveGroup;
    if (group === null) return true;
    if (groupsTaken.has(group)) return false;
    groupsTaken.add(group);
    return true;
  });
  return representatives.slice(0, options.top);
}

/**
 * For each deferred project of a portfolio plan of `dataset`, the cheapest change found that funds
 * it, verified by re-solving. Throws when the plan is not a solved portfolio plan or a requested
 * project is unknown or funded.
 */
export async function explainDeferrals(modelDataset: Dataset, plan: PortfolioPlan, options: ExplainOptions = {}): Promise<Explanation[]> {
  if (plan.kind !== 'portfolio') throw new Error('explanations need a portfolio plan; the allocation formulation funds no projects');
  // The register the plan was made from: with a master plan, its generated projects are in the plan
  // but not in the model's own register (planning it again changes nothing, plan-run.ts).
  const dataset = plannedDataset(modelDataset).dataset;
  if (!hasSolution(plan)) throw new Error(`the plan is ${plan.status}, so there is no funded portfolio to explain deferrals against`);
  const planOptions: PlanOptions = { ...options.planOptions, formulation: 'portfolio', marginalValues: false };
  // The pool starts its worker threads afresh for every search round, which costs more than a
  // quick solve; so unless told otherwise, quick models are searched in this thread.
  const planSolveSeconds = options.planSolveSeconds === undefined ? plan.seconds : options.planSolveSeconds;
  const searchOptions: ExplainOptions = options.workers === undefined && planSolveSeconds !== null && planSolveSeconds < QUICK_SOLVE_SECONDS ? { ...options, workers: 1 } : options;
  // One LP for the whole run: when the LP bound of the plan's own model is already further from it than the gap, it cannot accept any re-solve.
  const relativeGap = planOptions.relativeGap ?? HIGHS_DEFAULT_RELATIVE_GAP;
  // Only re-solves through the shortcut (the wider search, a structural change) read it, so it is solved when the first of them needs it:
  // an answer of one MILP and one proof needs no LP of the whole model (issue 14: fewer solves).
  // The pool's re-solves count their boxes in CPU seconds too (explain-limits.ts), where the engine has a per-thread clock.
  const cpuLimits = explainBoxesInCpuSeconds(planOptions.engine);
  const shortcut: ShortcutRequest = { startFrom: decisionsOfPlan(plan), relativeGap, tryLpBound: false, ...(cpuLimits ? { boxInCpuSeconds: true } : {}) };
  let lpShortcutPromise: Promise<ShortcutRequest> | null = null;
  const lpShortcut = (): Promise<ShortcutRequest> => {
    lpShortcutPromise ??= (async () => {
      const lpGap = options.tryLpBound === false ? null : await lpBoundGap(datasetRun(dataset), plan.objectiveBenefitPoints ?? 0, planOptions.engine);
      return { ...shortcut, tryLpBound: lpGap !== null && lpGap.gap !== null && lpGap.gap <= relativeGap };
    })();
    return lpShortcutPromise;
  };
  const explanations: Explanation[] = [];
  const chosen = selectDeferred(dataset, plan, options);
  // Issue 14: projects are independent questions about the same plan, so as many are searched at
  // once as there are workers (each HiGHS solve runs on a thread of its own); answers are reported
  // as they come and returned in the order of the selection.
  const answers: (Explanation | undefined)[] = new Array(chosen.length);
  const workerThreads = Math.max(1, Math.floor(searchOptions.workers ?? os.availableParallelism()));
  const concurrency = Math.min(Math.max(1, chosen.length), workerThreads);
  // Fewer projects than workers (`--project` on 2 cores): each proof may use a thread beside its own.
  // Searches running now: once the queue is empty, a thread whose search has ended is spare for the others' proofs.
  let running = 0;
  const spareThread = (): boolean => workerThreads > (next < chosen.length ? concurrency : running);
  const structuralReasons: readonly DeferralReason[] = ['excluded', 'start_window', 'prerequisite', 'exclusive_alternative'];
  const estimatedSolves = chosen.reduce((sum, entry) => sum + ESTIMATED_SOLVES_PER_ANSWER + (structuralReasons.includes(entry.reason) ? 1 : 0), 0);
  options.onStart?.({ answerCount: chosen.length, estimatedSolves, concurrency });
  let next = 0;
  let reported = 0;
  // Task t1: `--top`'s allowance, shared as the projects start (see ExplainOptions.totalSearchSeconds).
  const shared = options.totalSearchSeconds === undefined ? null : { unreserved: options.totalSearchSeconds, waiting: chosen.filter(needsSolves).length };
  const searchNext = async (): Promise<void> => {
    while (next < chosen.length) {
      const index = next;
      next += 1;
      const entry = chosen[index];
      const own = options.searchSecondsPerProject;
      let seconds = own;
      if (shared !== null && needsSolves(entry)) {
        const fair = Math.max(0, shared.unreserved) / Math.max(1, shared.waiting);
        seconds = own === undefined ? fair : Math.min(own, fair);
        shared.unreserved -= seconds;
        shared.waiting -= 1;
      }
      const budget = seconds === undefined ? null : createSolveBudget(seconds, cpuLimits ? EXPLAIN_WALL_FACTOR : 1);
      const cut = own !== undefined && seconds !== undefined && seconds < own - 1e-9;
      const allowance: SearchAllowance | null = seconds === undefined
        ? null
        : { seconds, cpuSeconds: cpuLimits, fullSeconds: cut ? (own as number) : null, shared: shared === null || options.totalSearchSeconds === undefined ? null : { totalSeconds: options.totalSearchSeconds, answerCount: chosen.length } };
      // A share below the project's own budget: the answer MILP gets at most half of it, the proof (which has what is left) the rest.
      const box = planOptions.timeLimitSeconds;
      const answerPlanOptions: PlanOptions = cut && box !== undefined ? { ...planOptions, timeLimitSeconds: Math.min(box, Math.max(MIN_SHARED_BOX_SECONDS, (seconds as number) * SHARED_ANSWER_MILP_SHARE)) } : planOptions;
      const context: SearchContext = { dataset, plan, options: searchOptions, planOptions, answerPlanOptions, shortcut, lpShortcut, budget, spareThread, allowance, solveCount: 0, failures: [] };
      running += 1;
      let searched: SearchAnswer;
      try {
        searched = await explainProject(context, entry);
      } finally {
        running -= 1;
      }
      const settled = settleAnswer(searched, context.failures);
      const found: Explanation = { ...settled, checkedStartShort: checkedStartShortOf(entry, settled, dataset, plan) };
      // What the project did not use goes back to the ones after it; what it spent beyond its share
      // (a proof always has at least one box) is taken from them.
      if (shared !== null && budget !== null && needsSolves(entry)) shared.unreserved += budget.limitSeconds - budget.spentSeconds;
      const explanation: Explanation = allowance === null ? found : { ...found, searchAllowance: allowance, summary: sharedAllowanceSummary(found, allowance) };
      answers[index] = explanation;
      reported += 1;
      await options.onExplanation?.(explanation, reported, chosen.length);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, () => searchNext()));
  explanations.push(...(answers as Explanation[]));
  return explanations;
}
