/**
 * The least extra money, spread over several envelopes, that lets a deferred project be funded
 * without displacing any benefit of the original plan. Used when no single (source, year) top-up
 * suffices, typically a project short of money in several years of a source without carry-over.
 *
 * The auxiliary MILP is the portfolio program of the model with the project forced in, plus a
 * variable extra[f,t] >= 0 (R million) on the budget row of each envelope the project could draw on,
 * plus one row: the benefit of every other project at least the original optimum. Its objective
 * minimises the sum of the extras. It is built from the portfolio program's rows (via its layout),
 * so the formulation itself is untouched.
 *
 * The envelopes are of both kinds (2026-12-02): capital envelopes the project's cash flow
 * may draw on, and operating envelopes its running costs may be charged to (funding.csv rows with
 * purpose operating, src/rules/operating-envelope.ts). Before, only capital envelopes got a
 * variable, so a project short of running-cost money (the default model's WC011-T-01) was answered
 * with capital money that moved other projects, or not at all. A rand of either kind counts the
 * same in the objective: the model has no exchange rate between them, and both are envelope money
 * a budget holder would have to find. An operating top-up says so (`purpose: 'operating'`).
 *
 * Since 2026-12-03 (task r1) the money is ring-fenced for the project (or for the blocking
 * prerequisite whose envelope it tops up): "R2.1 million of MIG in 2028/29 ring-fenced for X", the
 * scenario key `ring_fenced`. Raised for everyone, the envelope was usually better spent on other
 * projects, so the answer as worded was not true and its proof could not succeed (task t1). Ring-fenced,
 * a plan without the project cannot spend it, which makes the check nearly free (explain-deferral.ts,
 * ringFencedBoundApplies).
 */
import { explainBoxesInCpuSeconds, explainEngine } from './explain-limits.js';
import type { Dataset, FundingPurpose, FundingSource, RingFence } from '../dataset/types.js';
import { eligibleOperatingSourceIds } from '../dataset/facilities.js';
import { horizonOf } from '../dataset/horizon.js';
import { allowedStartYears, completionYear } from '../dataset/project-windows.js';
import { computeIndices } from '../indicators/indices.js';
import type { LinearProgram, LinearTerm, Variable } from '../program/linear-program.js';
import { toRand } from '../program/money-unit.js';
import { buildPortfolioProgram, type PortfolioLayout } from '../program/portfolio.js';
import { plannedDataset } from '../pipeline/plan-run.js';
import { withStartsFixed } from './plan-shortcut.js';
import { decisionsOfValues, type Decisions } from '../plan/baseline-stability.js';
import type { Engine } from '../solve/engine.js';
import { solveProgram } from '../solve/solve-program.js';
import type { PlanOptions } from '../plan/plan-model.js';
import type { SuggestedChange } from './explain-changes.js';
import { solveFailure, type SolveFailure } from './explain-failure.js';
import { hasSolution, type SolveResult, type SolveStatus } from '../solve/engine.js';

/** The auxiliary program and where its extra-money variables are. */
export interface ExtraMoneyProgram {
  /** The MILP (minimise). */
  readonly program: LinearProgram;
  /**
   * Extra-money variables, R million, by source and year, with the source's purpose (capital or
   * operating money) and the project the money is ring-fenced for (`sourceId` is the source it is of, `MIG`).
   */
  readonly extraVariables: readonly { readonly sourceId: string; readonly financialYear: number; readonly purpose: FundingPurpose; readonly variable: number; readonly projectId: string }[];
  /** The portfolio layout the program was built from (start variables keep their indices). */
  readonly layout: PortfolioLayout;
}

/** A (source, year) envelope that may receive extra money, ring-fenced for one project. */
export interface TopUpEnvelope {
  /** Funding source id. */
  readonly sourceId: string;
  /** Financial year (2026 = 2026/27). */
  readonly financialYear: number;
  /** The project the money would be ring-fenced for (the deferred project, or a blocking prerequisite); default the deferred project. */
  readonly projectId?: string;
}

/**
 * The operating envelopes the running costs of the projects `projectIds` (a deferred project and
 * its blocking prerequisites) could be charged to: each operating source a project names, in every
 * year from its earliest completion (its first start year allowed) to the end of the horizon, in
 * source order then year. Empty for projects without running costs. The capital envelopes are the
 * caller's (explain-deferral.ts, the years the cash flow could spend in); with both, the MILP may
 * top up either kind.
 */
export function operatingTopUpEnvelopes(dataset: Dataset, projectIds: readonly string[]): TopUpEnvelope[] {
  const { lastYear } = horizonOf(dataset.config);
  const keys = new Set<string>();
  const envelopes: TopUpEnvelope[] = [];
  for (const projectId of projectIds) {
    const project = dataset.projects.find((candidate) => candidate.id === projectId);
    if (project === undefined || project.operatingCostRandPerYear <= 0) continue;
    const startYears = allowedStartYears(project, dataset);
    if (startYears.length === 0) continue;
    // Running costs are charged from the completion year on; the earliest start completes first.
    const firstChargedYear = Math.min(...startYears.map((startYear) => completionYear(project, startYear)));
    for (const sourceId of eligibleOperatingSourceIds(project, dataset)) {
      for (let financialYear = firstChargedYear; financialYear <= lastYear; financialYear += 1) {
        const key = `${sourceId}|${financialYear}`;
        if (keys.has(key)) continue;
        keys.add(key);
        envelopes.push({ sourceId, financialYear });
      }
    }
  }
  return envelopes;
}

/**
 * Build the auxiliary MILP for `projectId` in `dataset` (already carrying any structural change),
 * or null when the project has no start that fits or no envelope may be topped up.
 * `benefitFloor` is the least benefit of the plan with the project and the money (the caller's: the
 * plan explained's benefit, or its proven bound over 1 + the gap when that is higher); `envelopes` the (source, year) pairs that may receive money,
 * capital and operating alike (a pair whose source has no budget row in the program is ignored).
 */
export function buildExtraMoneyProgram(
  dataset: Dataset,
  projectId: string,
  benefitFloor: number,
  envelopes: readonly TopUpEnvelope[],
): ExtraMoneyProgram | null {
  // The program the plan was solved from (with a master plan, its stage first: benefit of a capacity
  // project is the shortfall it closes), with the project forced in by one row of the program. Not by
  // setting it `committed` in the dataset (before 2026-12-02): the master plan stage regenerates a
  // row of origin `masterplan` as a candidate, so the commitment was lost (the default model's
  // water-source alternatives got money under which the MILP's plan did not fund them), and a
  // committed row with capacity counts as existing capacity in the stage's balances, a program other
  // than the one the answer is checked on.
  //
  // The money is ring-fenced (task r1): each envelope gets a source of its own that only the project
  // it is for names (src/dataset/ring-fences.ts), with no money, and extra[f,t] raises that source's
  // envelope. So the MILP's plan is a plan of the model with the ring-fenced money (the answer is
  // checked on that model), and the other projects cannot spend the money.
  const fences: RingFence[] = [];
  const fenceKeys = new Set<string>();
  for (const envelope of envelopes) {
    const key = `${envelope.projectId ?? projectId}|${envelope.sourceId}|${envelope.financialYear}`;
    if (fenceKeys.has(key) || !dataset.fundingSources.some((source) => source.id === envelope.sourceId && source.ringFencedFor === undefined)) continue;
    fenceKeys.add(key);
    fences.push({ projectId: envelope.projectId ?? projectId, sourceId: envelope.sourceId, financialYear: envelope.financialYear, amountRand: 0 });
  }
  if (fences.length === 0) return null;
  const staged = plannedDataset({ ...dataset, ringFences: [...(dataset.ringFences ?? []), ...fences] }).dataset;
  const { program, layout } = buildPortfolioProgram(staged, computeIndices(staged));
  if (layout.infeasibleReasons.length > 0) return null;
  const ownStartVariables = (layout.startVariables.get(projectId) ?? []).map((entry) => entry.variable);
  if (ownStartVariables.length === 0) return null;
  const sourcesById = new Map(staged.fundingSources.map((source) => [source.id, source]));
  const rows = layout.budgetRows.filter((row) => {
    const ringFence = sourcesById.get(row.sourceId)?.ringFencedFor;
    return ringFence !== undefined && fenceKeys.has(`${ringFence.projectId}|${ringFence.parentSourceId}|${row.financialYear}`);
  });
  if (rows.length === 0) return null;
  const variables: Variable[] = [...program.variables];
  const extraVariables = rows.map((row) => {
    // Every such row is of a ring-fenced source of the staged dataset (filtered above).
    const source = sourcesById.get(row.sourceId) as FundingSource;
    const ringFence = source.ringFencedFor as NonNullable<FundingSource['ringFencedFor']>;
    variables.push({ label: `extra[${row.sourceId},${row.financialYear}]`, kind: 'continuous', lower: 0, upper: Infinity });
    return { sourceId: ringFence.parentSourceId, projectId: ringFence.projectId, financialYear: row.financialYear, purpose: source.purpose, variable: variables.length - 1, row: row.index };
  });
  const extraByRow = new Map(extraVariables.map((extra) => [extra.row, extra.variable]));
  // Budget rows read spending (+ carry out − carry in) against the envelope; −extra raises the
  // envelope. Capital and operating rows have the same form (portfolio.ts, addBudgetRows).
  const constraints = program.constraints.map((constraint, index) => {
    const extra = extraByRow.get(index);
    return extra === undefined ? constraint : { ...constraint, terms: [...constraint.terms, { variable: extra, coefficient: -1 }] };
  });
  constraints.push({ label: `funded[${projectId}]`, group: 'extra_money', terms: ownStartVariables.map((variable) => ({ variable, coefficient: 1 })), lower: 1, upper: 1 });
  // The row is on the whole plan's benefit, the project's included (task r1). Before, it held the
  // benefit of every *other* project at the original optimum; with money only the project may spend,
  // that row is often infeasible whatever the amount: funding it moves another project (a rule such as
  // the cap on projects under construction, or a shortfall both close), and untied money used to buy
  // that benefit back elsewhere. On the tiny master-plan fixture WC011-S-BL-1 and WC012-S-01 had no
  // ring-fenced answer under the old row. The whole plan worth at least the floor is what the check needs.
  const floor = benefitFloor - 1e-7 * Math.max(1, Math.abs(benefitFloor));
  constraints.push({ label: 'benefit_of_plan_kept', group: 'benefit_floor', terms: [...program.objective], lower: floor, upper: Infinity });
  return {
    program: {
      name: `${program.name}-extra-money-${projectId}`,
      sense: 'minimize',
      variables,
      constraints,
      objective: extraVariables.map((extra) => ({ variable: extra.variable, coefficient: 1 })),
      objectiveConstant: 0,
    },
    extraVariables: extraVariables.map(({ sourceId, financialYear, purpose, variable, projectId: fencedFor }) => ({ sourceId, financialYear, purpose, variable, projectId: fencedFor })),
    layout,
  };
}

/**
 * A MIP start for the auxiliary MILP: the plan's own decisions plus the project at one of its start
 * years, with the extra money one LP finds for that (the cheapest start year wins). The plan keeps
 * its benefit, so this point meets the benefit row whenever money alone can fund the project.
 * When no start year fits (a rule the project breaks with every other start fixed, typically the
 * minimum sanitation share for a water project: the plan needs more sanitation spending beside it),
 * the keep-or-add MILP: every project the plan funds keeps its start, the project and the projects
 * the plan leaves out may be added, the least extra money (to KEEP_OR_ADD_GAP, in at most
 * `secondsEach`). Measured on the default model (2026-12-02, load 9–10): for WC044-W-SRC-1-groundwater
 * and WC014-W-SRC-1-desalination, where the auxiliary MILP found no plan in its 15 s box without a
 * start, it found R737.4 million (6.2 s) and R1,448.2 million (0.9 s), each within 0.1% of the least
 * for plans that keep the plan's decisions. Then (task tp) the keep-or-drop repair (extraMoneyStarts),
 * kept as a start only when it meets the benefit row. Null when none gives a feasible point.
 * `movableIds` (the blocking prerequisites) may change their start in the keep-or-add and repair MILPs.
 */
export async function extraMoneyStart(engine: Engine, built: ExtraMoneyProgram, projectId: string, planDecisions: Decisions, secondsEach: number, movableIds: readonly string[] = []): Promise<readonly number[] | null> {
  return (await extraMoneyStarts(engine, built, projectId, planDecisions, secondsEach, movableIds)).start;
}

/**
 * A plan of the auxiliary program's model (the money ring-fenced) that funds the project but is
 * worth less than the benefit row asks: the keep-or-drop repair's, when no start meets the row.
 */
export interface RepairedMoneyPlan {
  /** A value per variable of the auxiliary program (its benefit row aside, every row holds). */
  readonly values: readonly number[];
  /** Its benefit, benefit points. */
  readonly benefitPoints: number;
}

/** The auxiliary MILP's start, and the repaired plan below its benefit row when no start meets it. */
export interface ExtraMoneyStarts {
  /** A point meeting every row of the auxiliary MILP, or null. */
  readonly start: readonly number[] | null;
  /** The keep-or-drop repair's plan when it is below the benefit row (so not a start), else null. */
  readonly repaired: RepairedMoneyPlan | null;
}

/**
 * The starts of extraMoneyStart, and when none meets the benefit row, the keep-or-drop repair's plan
 * (task tp, issue 14: "the plan + p repaired to feasibility when the change broke it"). The repair:
 * every project the plan funds keeps its start or is dropped, the project and `movableIds` (its
 * blocking prerequisites) take any start, the rest stay out, with no benefit row and the most
 * benefit (to REPAIR_GAP, in at most `secondsEach`); then one LP with those starts and the least
 * money that keeps that benefit. Measured on the default model (`explain --top 10`, 2026-12-04):
 * WC053-W-WTW-1 (a water works the minimum sanitation share keeps out: it joins only when water
 * spending gives way) and WC043-W-WTW-3 / WC053-S-SEWER-1 (their prerequisite, funded, must start
 * earlier) had no start: the plan + p breaks a rule at every start year, and the keep-or-add MILP
 * can add but not drop or move. The repair's plan is a start when it meets the benefit row; else it
 * is still a plan that funds the project with the money, and its check says what funding it costs.
 */
export async function extraMoneyStarts(engine: Engine, built: ExtraMoneyProgram, projectId: string, planDecisions: Decisions, secondsEach: number, movableIds: readonly string[] = []): Promise<ExtraMoneyStarts> {
  let best: { values: readonly number[]; objective: number } | null = null;
  for (const entry of built.layout.startVariables.get(projectId) ?? []) {
    const decisions: Decisions = { ...planDecisions, [projectId]: entry.financialYear };
    const fixed = await solveProgram(engine, withStartsFixed(built.program, built.layout, decisions), { timeLimitSeconds: secondsEach });
    if (hasSolution(fixed) && (best === null || fixed.objective < best.objective)) best = { values: fixed.values, objective: fixed.objective };
  }
  if (best !== null) return { start: best.values, repaired: null };
  const movable = new Set([projectId, ...movableIds]);
  const keepOrAdd = await solveProgram(engine, keepOrAddProgram(built, movable, planDecisions), { timeLimitSeconds: secondsEach, relativeGap: KEEP_OR_ADD_GAP });
  if (hasSolution(keepOrAdd)) return { start: keepOrAdd.values, repaired: null };
  const repaired = await repairedMoneyPlan(engine, built, movable, planDecisions, secondsEach);
  if (repaired === null) return { start: null, repaired: null };
  return repaired.benefitPoints >= benefitFloorOf(built.program) ? { start: repaired.values, repaired: null } : { start: null, repaired };
}

/** The keep-or-add MILP solves to this gap on the money: it is a start, which the auxiliary MILP then improves. */
const KEEP_OR_ADD_GAP = 0.01;

/** The keep-or-drop repair solves to this gap on the benefit: the plan it keeps is what funding the project costs, so sought close. */
const REPAIR_GAP = 1e-4;

/** Label of the auxiliary MILP's benefit row. */
const BENEFIT_ROW_LABEL = 'benefit_of_plan_kept';

/** The auxiliary program's benefit row (buildExtraMoneyProgram adds it last but one). */
function benefitRowOf(program: LinearProgram): LinearProgram['constraints'][number] {
  const row = program.constraints.find((constraint) => constraint.label === BENEFIT_ROW_LABEL);
  if (row === undefined) throw new Error('the least-extra-money program has no benefit row');
  return row;
}

/** The least benefit the auxiliary MILP's row asks. */
function benefitFloorOf(program: LinearProgram): number {
  return benefitRowOf(program).lower;
}

/** The auxiliary program with its benefit row at `lower` (−∞: no row). */
function withBenefitFloor(program: LinearProgram, lower: number): LinearProgram {
  return { ...program, constraints: program.constraints.map((constraint) => (constraint.label === BENEFIT_ROW_LABEL ? { ...constraint, lower } : constraint)) };
}

/** Benefit points of a point of the auxiliary program (its benefit row's terms: the portfolio's objective). */
function benefitOf(program: LinearProgram, values: readonly number[]): number {
  return benefitRowOf(program).terms.reduce((sum, term) => sum + term.coefficient * values[term.variable], 0);
}

/**
 * The keep-or-drop repair of extraMoneyStarts: the most benefit with the project funded, each
 * project the plan funds keeping its start or dropped, `movable` free, then the least money for
 * those starts at that benefit. Null when it finds no plan in its time.
 */
async function repairedMoneyPlan(engine: Engine, built: ExtraMoneyProgram, movable: ReadonlySet<string>, planDecisions: Decisions, seconds: number): Promise<RepairedMoneyPlan | null> {
  const benefitRow = benefitRowOf(built.program);
  const closed = new Set<number>();
  for (const [id, entries] of built.layout.startVariables) {
    if (movable.has(id)) continue;
    const startYear = planDecisions[id] ?? null;
    for (const entry of entries) if (entry.financialYear !== startYear) closed.add(entry.variable);
  }
  const unfloored = withBenefitFloor(built.program, -Infinity);
  const keepOrDrop: LinearProgram = {
    ...unfloored,
    name: `${built.program.name}-keep-or-drop`,
    sense: 'maximize',
    objective: benefitRow.terms,
    objectiveConstant: 0,
    variables: unfloored.variables.map((variable, index) => (closed.has(index) ? { ...variable, lower: 0, upper: 0 } : variable)),
  };
  const kept = await solveProgram(engine, keepOrDrop, { timeLimitSeconds: seconds, relativeGap: REPAIR_GAP });
  if (!hasSolution(kept)) return null;
  const keptBenefit = benefitOf(built.program, kept.values);
  // The least money for these starts that keeps their benefit (a hair below, for the LP's tolerance).
  const floored = withBenefitFloor(built.program, keptBenefit - 1e-7 * Math.max(1, Math.abs(keptBenefit)));
  const money = await solveProgram(engine, withStartsFixed(floored, built.layout, decisionsOfValues(built.layout, kept.values)), { timeLimitSeconds: seconds });
  const values = hasSolution(money) ? money.values : kept.values;
  return { values, benefitPoints: benefitOf(built.program, values) };
}

/** The auxiliary MILP with every project the plan funds fixed at its start (the others, and `movable`, free). */
function keepOrAddProgram(built: ExtraMoneyProgram, movable: ReadonlySet<string>, planDecisions: Decisions): LinearProgram {
  const fixed = new Map<number, number>();
  for (const [id, entries] of built.layout.startVariables) {
    const startYear = movable.has(id) ? null : (planDecisions[id] ?? null);
    if (startYear === null) continue;
    for (const entry of entries) fixed.set(entry.variable, entry.financialYear === startYear ? 1 : 0);
  }
  return {
    ...built.program,
    name: `${built.program.name}-keep-or-add`,
    variables: built.program.variables.map((variable, index) => {
      const value = fixed.get(index);
      return value === undefined ? variable : { ...variable, lower: value, upper: value };
    }),
  };
}

/** What the auxiliary MILP found: the top-ups, and its status and gap (a time box may stop it). */
export interface ExtraMoneyAnswer {
  /** Discriminant: a top-up was found. */
  readonly kind: 'answer';
  /** The top-ups, each rounded up to the precision. */
  readonly changes: SuggestedChange[];
  /** The MILP's status. */
  readonly status: SolveStatus;
  /** Its proven relative gap on the money, or null. */
  readonly gap: number | null;
  /** The MILP's decisions (start year per project id) with the extra money: they fund the project. */
  readonly decisions: Decisions;
  /**
   * Set when the answer is the keep-or-drop repair's plan (extraMoneyStarts), below the benefit row:
   * the MILP found no plan meeting it (`floorUnreachable` true when it proved there is none). Funding
   * the project with this money then makes other projects give way; the check says what that costs.
   */
  readonly belowFloor?: { readonly benefitPoints: number; readonly floorBenefitPoints: number; readonly floorUnreachable: boolean };
}

/**
 * No top-up can fund the project, proven: no start fits or no envelope may be topped up (the
 * program is not built), or the solver proved the auxiliary MILP infeasible (no amount of money in
 * these envelopes lets a plan fund it and keep the rest's benefit, e.g. a policy rule blocks it).
 */
export interface NoTopUp {
  /** Discriminant. */
  readonly kind: 'no_top_up';
  /** Why, in words. */
  readonly words: string;
  /**
   * The keep-or-drop repair's plan, when it funds the project with no extra money at all (so it is no
   * top-up) but below the benefit row: funding the project makes other projects give way (task tp).
   */
  readonly repaired?: ExtraMoneyAnswer;
}

/** The least-extra-money MILP's outcome: an answer, proven none, or a failed solve (said apart: a failed solve proves nothing). */
export type ExtraMoneyOutcome = ExtraMoneyAnswer | NoTopUp | SolveFailure;

/**
 * Solve an answer MILP (least extra money, least policy relaxation) with the plan's time limit and
 * gap, from a MIP start when there is one.
 */
export function solveAnswerProgram(engine: Engine, program: LinearProgram, planOptions: PlanOptions, startValues: readonly number[] | null): Promise<SolveResult> {
  return solveProgram(engine, program, {
    ...(planOptions.timeLimitSeconds !== undefined ? { timeLimitSeconds: planOptions.timeLimitSeconds } : {}),
    ...(planOptions.relativeGap !== undefined ? { relativeGap: planOptions.relativeGap } : {}),
    ...(startValues !== null ? { startValues } : {}),
  });
}

/**
 * Solve the auxiliary MILP and return the top-ups it asks for, each rounded up to `precisionRand`;
 * `movableIds` (blocking prerequisites) may move in its starts; with `onlyFromStart`, `no_top_up` at
 * once when no start meets the benefit row (a probe: the MILP runs only where an answer is in hand);
 * `no_top_up` when none can fund the project (see NoTopUp), `solve_failed` when the MILP found no
 * plan for another reason (its time box, a solver error): before 2026-12-02 both were null, and
 * explain then said "no change found" for a MILP that had only run out of time.
 */
export async function leastExtraMoney(
  dataset: Dataset,
  projectId: string,
  benefitFloor: number,
  envelopes: readonly TopUpEnvelope[],
  precisionRand: number,
  planOptions: PlanOptions,
  planDecisions?: Decisions,
  movableIds: readonly string[] = [],
  onlyFromStart = false,
): Promise<ExtraMoneyOutcome> {
  const built = buildExtraMoneyProgram(dataset, projectId, benefitFloor, envelopes);
  if (built === null) return { kind: 'no_top_up', words: 'no start year of it fits, or no envelope it may draw on can take more money' };
  // Every limit of this MILP and its start counts CPU seconds (explain-limits.ts), so a busy machine does not cut it short (where a CPU limit stops it can still move a little with the machine's speed).
  const engine = explainEngine(planOptions.engine);
  // Issue 14: the plan with the project added is a MIP start, so a time box always leaves an answer;
  // when it breaks a rule, the plan repaired to feasibility (task tp).
  const starts: ExtraMoneyStarts = planDecisions === undefined || !engine.capabilities.integers ? { start: null, repaired: null } : await extraMoneyStarts(engine, built, projectId, planDecisions, Math.min(10, planOptions.timeLimitSeconds ?? 10), movableIds);
  // A probe (a policy project, explain-deferral.ts): the MILP only when a start meets the benefit row, so its answer is checked by the plan's bound.
  if (onlyFromStart && starts.start === null) return { kind: 'no_top_up', words: 'no start of the least-extra-money MILP keeps the plan\'s benefit (probe)' };
  const result = await solveAnswerProgram(engine, built.program, planOptions, starts.start);
  // No plan meets the benefit row (proven, or none found in the box), but the repair found one that
  // funds the project with the money: that plan is the answer, and its check says what funding it
  // costs the rest of the plan (task tp: before, "no answer" for three of `--top 10`).
  if (!hasSolution(result) && starts.repaired !== null && (result.status === 'infeasible' || result.status === 'time_limit' || result.status === 'feasible')) {
    const found = answerOfValues(built, projectId, starts.repaired.values, precisionRand, 'feasible', null);
    const answer: ExtraMoneyAnswer | null = found === null ? null : { ...found, belowFloor: { benefitPoints: starts.repaired.benefitPoints, floorBenefitPoints: benefitFloorOf(built.program), floorUnreachable: result.status === 'infeasible' } };
    // No money at all in it: no top-up is the answer (proven when the MILP is infeasible), the plan kept for the check.
    if (answer !== null && answer.changes.length === 0 && result.status === 'infeasible') return { kind: 'no_top_up', words: 'the least-extra-money MILP is infeasible: no extra money in the envelopes it may draw on lets a plan fund it and keep the rest of the plan\'s benefit', repaired: answer };
    if (answer !== null) return answer;
  }
  if (result.status === 'infeasible') return { kind: 'no_top_up', words: 'the least-extra-money MILP is infeasible: no extra money in the envelopes it may draw on lets a plan fund it and keep the rest of the plan\'s benefit' };
  if (!hasSolution(result)) return solveFailure('the least-extra-money MILP', result.status, result.rawStatus, planOptions.timeLimitSeconds ?? null, explainBoxesInCpuSeconds(planOptions.engine));
  const answer = answerOfValues(built, projectId, result.values, precisionRand, result.status, result.gap);
  // The row funded[p] holds in every solution; a plan that left p out breaks it: the solver's fault, said so.
  if (answer === null) return solveFailure('the least-extra-money MILP', 'error', 'its plan leaves the project out, against its own row funded[p]', planOptions.timeLimitSeconds ?? null, explainBoxesInCpuSeconds(planOptions.engine));
  return answer;
}

/** The top-ups of a point of the auxiliary program, each rounded up to the precision; null when its plan leaves the project out. */
function answerOfValues(built: ExtraMoneyProgram, projectId: string, values: readonly number[], precisionRand: number, status: SolveStatus, gap: number | null): ExtraMoneyAnswer | null {
  const decisions = decisionsOfValues(built.layout, values);
  if (decisions[projectId] === null || decisions[projectId] === undefined) return null;
  const changes = built.extraVariables
    .map((extra) => ({ extra, amountRand: Math.ceil(toRand(values[extra.variable]) / precisionRand - 1e-6) * precisionRand }))
    .filter(({ amountRand }) => amountRand > 0)
    // A top-up without a purpose is capital (SuggestedChange), as the single top-ups of the wider search are.
    .map(({ extra, amountRand }): SuggestedChange => ({ kind: 'top_up', sourceId: extra.sourceId, financialYear: extra.financialYear, amountRand, ...(extra.purpose === 'operating' ? { purpose: extra.purpose } : {}), ringFencedFor: extra.projectId }));
  return { kind: 'answer', changes, status, gap, decisions };
}
