/**
 * Plans that stay put (`--baseline`). Among the plans within the requested gap of the best, the
 * one closest to a baseline plan: fewest changed funding decisions, then fewest changed start
 * years. In three steps, cheapest first:
 *
 *  1. the baseline's decisions as a plan of this model (projects new to the register unfunded):
 *     the starts are fixed and one LP finds the spending split; when the baseline no longer fits,
 *     it is repaired by a small MILP in which each project may only keep its baseline start or be
 *     dropped (the most benefit kept). This is also the MIP start of the first solve;
 *  2. the acceptance shortcut: when the baseline's decisions fit and their benefit is within the
 *     gap of the first solve's bound, they are kept exactly (no second solve);
 *  3. otherwise a time-boxed second solve (at most `STABILITY_TIME_SHARE` of the first solve's
 *     time, started from the first plan, which is always feasible for it) minimises
 *     W × changed funding decisions + changed start years, W = projects + 1 so funding comes
 *     first, subject to benefit ≥ the floor the gap allows; the best plan found is kept, with
 *     its master-plan shortfalls closed as far as its starts allow (withShortfallsClosed).
 *
 * The research behind the numbers (why warm starts and an unbounded closest-plan solve were not
 * used for speed) is in docs/benchmarks.md.
 */
import type { BaselineDecisions, Dataset } from '../dataset/types.js';
import type { Constraint, LinearProgram, LinearTerm } from '../program/linear-program.js';
import type { PortfolioLayout } from '../program/portfolio.js';
import { hasSolution, type Engine, type SolvedResult, type SolveOptions, type SolveResult } from '../solve/engine.js';
import { solveProgram } from '../solve/solve-program.js';
import type { BaselineChange, BaselineChanges, PlannedProject } from './types.js';

/** Most of the first solve's time the closest-plan solve may take (the issue's "adds at most 30%"). */
export const STABILITY_TIME_SHARE = 0.3;

/** Least time given to the closest-plan solve, seconds: below this HiGHS cannot even read the model back. */
const SMALLEST_STABILITY_SECONDS = 0.5;

/** Most seconds the repair of a baseline that no longer fits may take. */
const REPAIR_SECONDS = 5;

/**
 * Most seconds the one LP that completes a baseline may take when no overall clock is running: it
 * takes about a second on the default model, but five seconds timed out on a machine shared by
 * several solves, and then the MIP start was silently lost.
 */
const COMPLETION_LP_SECONDS = 60;

/** Benefit tolerance of the floor, relative: the first objective itself carries the solver's tolerance. */
const FLOOR_TOLERANCE = 1e-7;

/** A start year per project id (null for unfunded), as a plan's decisions. */
export type Decisions = Readonly<Record<string, number | null>>;

/** The decisions in a solution's values. */
export function decisionsOfValues(layout: PortfolioLayout, values: readonly number[]): Record<string, number | null> {
  const decisions: Record<string, number | null> = {};
  for (const [id, entries] of layout.startVariables) decisions[id] = entries.find((entry) => values[entry.variable] > 0.5)?.financialYear ?? null;
  return decisions;
}

/** Benefit (objective) of values. */
function objectiveValue(program: LinearProgram, values: readonly number[]): number {
  let total = program.objectiveConstant;
  for (const term of program.objective) total += term.coefficient * values[term.variable];
  return total;
}

/** Every start variable of the layout. */
function startVariableSet(layout: PortfolioLayout): Set<number> {
  return new Set([...layout.startVariables.values()].flatMap((entries) => entries.map((entry) => entry.variable)));
}

/**
 * The program with every start fixed (1 for the decisions' starts, 0 otherwise): "can these
 * decisions be paid for, and what are they worth?". The objective stays: on a master-plan model
 * most benefit is the shortfall closed, continuous variables beside the starts, which an LP
 * without an objective may leave at 0 (a kept baseline then looked worthless).
 */
function withStartsFixed(program: LinearProgram, layout: PortfolioLayout, decisions: Decisions): LinearProgram {
  const chosen = new Set<number>();
  for (const [id, entries] of layout.startVariables) {
    const startYear = decisions[id] ?? null;
    const entry = startYear === null ? undefined : entries.find((candidate) => candidate.financialYear === startYear);
    if (entry) chosen.add(entry.variable);
  }
  const starts = startVariableSet(layout);
  return {
    ...program,
    name: `${program.name}-baseline-fixed`,
    variables: program.variables.map((variable, index) => (starts.has(index) ? { ...variable, kind: 'continuous', lower: chosen.has(index) ? 1 : 0, upper: chosen.has(index) ? 1 : 0 } : variable)),
  };
}

/** The repair MILP: each project may keep its baseline start or be dropped; the most benefit kept. */
function repairProgram(program: LinearProgram, layout: PortfolioLayout, decisions: Decisions): LinearProgram {
  const allowed = new Set<number>();
  for (const [id, entries] of layout.startVariables) {
    const startYear = decisions[id] ?? null;
    const entry = startYear === null ? undefined : entries.find((candidate) => candidate.financialYear === startYear);
    if (entry) allowed.add(entry.variable);
  }
  const starts = startVariableSet(layout);
  return { ...program, name: `${program.name}-baseline-repair`, variables: program.variables.map((variable, index) => (starts.has(index) && !allowed.has(index) ? { ...variable, upper: 0 } : variable)) };
}

/** A completed baseline: values for the whole program, and whether it needed repair. */
export interface BaselineStart {
  /** A value per variable: the baseline's decisions (repaired when needed) with a feasible spending split. */
  readonly values: readonly number[];
  /** Benefit of these values, benefit points. */
  readonly benefitPoints: number;
  /** True when the baseline's decisions fit as they are; false when projects had to be dropped. */
  readonly exact: boolean;
}

/**
 * The baseline's decisions as a feasible point of `program`: exactly (one LP), or repaired (a
 * small MILP, at most REPAIR_SECONDS); null when neither finds one (a rule with a floor the
 * baseline's projects alone cannot meet, or no time).
 */
export async function completeBaseline(engine: Engine, program: LinearProgram, layout: PortfolioLayout, decisions: Decisions, secondsLeft: number | null): Promise<BaselineStart | null> {
  const limit = (seconds: number): SolveOptions => (secondsLeft === null ? { timeLimitSeconds: seconds } : { timeLimitSeconds: Math.max(0.05, Math.min(seconds, secondsLeft)) });
  const fixed = await solveProgram(engine, withStartsFixed(program, layout, decisions), limit(COMPLETION_LP_SECONDS));
  if (hasSolution(fixed)) {
    // The LP's starts are exact 0/1 by their bounds; round away solver noise before anyone reads them as binaries.
    const starts = startVariableSet(layout);
    const values = fixed.values.map((value, index) => (starts.has(index) ? Math.round(value) : value));
    return { values, benefitPoints: objectiveValue(program, values), exact: true };
  }
  if (fixed.status !== 'infeasible') return null;
  const repaired = await solveProgram(engine, repairProgram(program, layout, decisions), { ...limit(REPAIR_SECONDS), relativeGap: 1e-3 });
  if (!hasSolution(repaired)) return null;
  return { values: repaired.values, benefitPoints: objectiveValue(program, repaired.values), exact: false };
}

/** The weight of a funding change against a start-year change: more than every start change together. */
function fundingWeight(layout: PortfolioLayout): number {
  return layout.startVariables.size + 1;
}

/**
 * The closest-plan program: the portfolio's rows, plus benefit ≥ `floorBenefitPoints`, minimising
 * W × changed funding decisions + changed start years against `decisions`.
 */
export function closestPlanProgram(program: LinearProgram, layout: PortfolioLayout, decisions: Decisions, floorBenefitPoints: number): LinearProgram {
  const weight = fundingWeight(layout);
  const objective: LinearTerm[] = [];
  let constant = 0;
  for (const [id, entries] of layout.startVariables) {
    const baselineStart = decisions[id] ?? null;
    if (baselineStart !== null) constant += weight;
    for (const entry of entries) {
      // Unfunded in the baseline: funding it is one funding change. Funded: W(1 − Σx) + Σ_{s≠s0} x.
      const coefficient = baselineStart === null ? weight : entry.financialYear === baselineStart ? -weight : -weight + 1;
      objective.push({ variable: entry.variable, coefficient });
    }
  }
  const floor: Constraint = { label: 'benefit_within_gap', group: 'benefit_floor', terms: program.objective, lower: floorBenefitPoints - program.objectiveConstant, upper: Infinity };
  return { ...program, name: `${program.name}-closest-to-baseline`, sense: 'minimize', objective, objectiveConstant: constant, constraints: [...program.constraints, floor] };
}

/** Changed funding decisions and start years between two sets of decisions, over the projects of `layout`. */
export function countChanges(layout: PortfolioLayout, baseline: Decisions, plan: Decisions): { readonly fundingChanges: number; readonly startYearChanges: number } {
  let fundingChanges = 0;
  let startYearChanges = 0;
  for (const id of layout.startVariables.keys()) {
    const before = baseline[id] ?? null;
    const after = plan[id] ?? null;
    if ((before === null) !== (after === null)) fundingChanges += 1;
    else if (before !== after) startYearChanges += 1;
  }
  return { fundingChanges, startYearChanges };
}

/** What the stability step decided, before it is put in words. */
export interface StabilityOutcome {
  /** The result to interpret: the first solve's, the kept baseline, or the closest plan. */
  readonly result: SolveResult;
  /** How it was chosen. */
  readonly method: BaselineChanges['method'];
  /** One sentence on why. */
  readonly why: string;
  /** Benefit of the baseline's decisions in this model, or null when they do not fit. */
  readonly baselineBenefitPoints: number | null;
  /** Benefit of the first solve's plan. */
  readonly firstSolveBenefitPoints: number;
  /** Seconds spent on the stability step (completion excluded, which the first solve's start shares). */
  readonly seconds: number;
}

/** The lowest benefit a plan may have and still be within `relativeGap` of the best: bound − gap × max(1, |bound|), never above the first objective. */
export function benefitFloor(first: SolvedResult, relativeGap: number): number {
  const bound = first.bestBound ?? first.objective;
  const floor = bound - relativeGap * Math.max(1, Math.abs(bound));
  return Math.min(first.objective, floor) - FLOOR_TOLERANCE * Math.max(1, Math.abs(first.objective));
}

/**
 * The values with every master-plan shortfall closed as far as their starts allow: each
 * closed[g,y] raised to min(shortfall, capacity in service by y). The closest-plan solve minimises
 * the distance to the baseline, so once the benefit floor holds it may leave closed variables
 * below what the chosen projects close; the plan's benefit (interpret, the checker) counts the
 * whole shortfall they close, and the stated objective must be that benefit. A closed variable is
 * in its own row and the objective only (src/program/portfolio.ts), so raising it keeps every row.
 */
export function withShortfallsClosed(program: LinearProgram, layout: PortfolioLayout, values: readonly number[]): number[] {
  const closedVariables = new Set(layout.shortfallVariables.map((entry) => entry.variable));
  const raised = [...values];
  if (closedVariables.size === 0) return raised;
  for (const row of program.constraints) {
    if (row.group !== 'shortfall_closed') continue;
    const closedTerm = row.terms.find((term) => closedVariables.has(term.variable));
    if (closedTerm === undefined) continue;
    // closed + Σ −capacity × start ≤ 0: the capacity in service is the rest of the row, negated.
    const inServiceMlPerDay = -row.terms.reduce((sum, term) => (term === closedTerm ? sum : sum + term.coefficient * values[term.variable]), 0);
    const upper = program.variables[closedTerm.variable].upper;
    raised[closedTerm.variable] = Math.max(raised[closedTerm.variable], Math.min(upper, Math.max(0, inServiceMlPerDay / closedTerm.coefficient)));
  }
  return raised;
}

/**
 * A result carrying other values of the same program: objective and gap recomputed against the
 * first solve's bound, after closing the shortfalls the starts close (withShortfallsClosed).
 */
function resultWithValues(first: SolvedResult, program: LinearProgram, layout: PortfolioLayout, closedValues: readonly number[], relativeGap: number, note: string): SolveResult {
  const values = withShortfallsClosed(program, layout, closedValues);
  const objective = objectiveValue(program, values);
  const bound = first.bestBound;
  const gap = bound === null ? first.gap : Math.abs(bound - objective) / Math.max(1, Math.abs(objective));
  const status = first.status === 'optimal' && (gap ?? 0) <= relativeGap * (1 + 1e-9) + 1e-9 ? 'optimal' : 'feasible';
  return { ...first, status, objective, gap, values, duals: null, rawStatus: `${first.rawStatus}; ${note}` };
}

/**
 * Steps 2 and 3: keep the baseline when it is within the gap, else look for the closest plan
 * within the gap for at most `maxSeconds`. Never returns a plan worse than the floor.
 */
export async function stayCloseToBaseline(
  engine: Engine,
  program: LinearProgram,
  layout: PortfolioLayout,
  decisions: Decisions,
  first: SolvedResult,
  completed: BaselineStart | null,
  options: { readonly relativeGap: number; readonly maxSeconds: number },
): Promise<StabilityOutcome> {
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  const floor = benefitFloor(first, options.relativeGap);
  const baselineBenefitPoints = completed?.exact ? completed.benefitPoints : null;
  const base = { baselineBenefitPoints, firstSolveBenefitPoints: first.objective };
  if (completed?.exact && completed.benefitPoints >= floor) {
    return { ...base, result: resultWithValues(first, program, layout, completed.values, options.relativeGap, 'the baseline\'s decisions kept (within the gap)'), method: 'kept_baseline', why: 'the baseline\'s decisions still fit and their benefit is within the gap of the best bound, so they are kept exactly', seconds: seconds() };
  }
  const firstDecisions = decisionsOfValues(layout, first.values);
  const firstChanges = countChanges(layout, decisions, firstDecisions);
  const baselineWords = completed?.exact
    ? `the baseline's decisions still fit but their benefit is ${(((first.bestBound ?? first.objective) - completed.benefitPoints) / Math.max(1, Math.abs(first.objective)) * 100).toFixed(2)}% below the best bound, more than the gap allows`
    : 'the baseline\'s decisions no longer fit this model (a rule or an envelope they break)';
  if (firstChanges.fundingChanges === 0 && firstChanges.startYearChanges === 0) {
    return { ...base, result: first, method: 'first_solve', why: `${baselineWords}; the first solve's plan already makes the same decisions`, seconds: seconds() };
  }
  if (options.maxSeconds < SMALLEST_STABILITY_SECONDS) {
    return { ...base, result: first, method: 'first_solve', why: `${baselineWords}; no time was left for the closest-plan solve, so the first solve's plan is kept`, seconds: seconds() };
  }
  const closest = closestPlanProgram(program, layout, decisions, floor);
  const weight = fundingWeight(layout);
  const outcome = await solveProgram(engine, closest, { timeLimitSeconds: options.maxSeconds, relativeGap: 0, startValues: first.values });
  const firstDistance = firstChanges.fundingChanges * weight + firstChanges.startYearChanges;
  if (!hasSolution(outcome) || outcome.objective >= firstDistance - 0.5) {
    const stopped = outcome.status === 'optimal' ? 'the closest-plan solve found no closer plan' : `the closest-plan solve found no closer plan in its ${options.maxSeconds.toFixed(1)} s`;
    return { ...base, result: first, method: 'first_solve', why: `${baselineWords}; ${stopped}, so the first solve's plan is kept`, seconds: seconds() };
  }
  const proven = outcome.status === 'optimal';
  return {
    ...base,
    result: resultWithValues(first, program, layout, outcome.values, options.relativeGap, proven ? 'the closest plan to the baseline within the gap' : 'the closest plan to the baseline found in the time allowed'),
    method: proven ? 'closest_plan' : 'closest_plan_time_limit',
    why: `${baselineWords}; ${proven ? 'the second solve found the plan within the gap with the fewest changes' : `the second solve stopped at its ${options.maxSeconds.toFixed(1)} s limit with the closest plan it had found`}`,
    seconds: seconds(),
  };
}

/** The project changes of a plan against the baseline, with the benefit each change adds, in register order. */
export function describeBaselineChanges(
  dataset: Dataset,
  baseline: BaselineDecisions,
  projects: readonly PlannedProject[],
  benefitOfStart: (projectId: string, startYear: number) => number | null,
): BaselineChange[] {
  const changes: BaselineChange[] = [];
  const listed = baseline.startYearByProjectId;
  for (const project of projects) {
    const inBaseline = Object.hasOwn(listed, project.id);
    const before = inBaseline ? listed[project.id] : null;
    const after = project.funded ? project.startYear : null;
    if (before === after) continue;
    const benefitBefore = before === null ? 0 : (benefitOfStart(project.id, before) ?? 0);
    const benefitChangePoints = project.benefit - benefitBefore;
    let kind: BaselineChange['kind'];
    let reason: string;
    if (!inBaseline) {
      kind = 'new_project';
      reason = 'not in the baseline\'s register; the plan funds it';
    } else if (before === null) {
      kind = 'gained_funding';
      reason = 'funded now: the plan within the gap closest to the baseline includes it';
    } else if (after === null) {
      kind = 'lost_funding';
      reason = project.deferralDetail ?? 'not funded now';
    } else {
      kind = 'moved';
      reason = 'start year moved: the plan within the gap closest to the baseline needs it';
    }
    changes.push({ projectId: project.id, kind, baselineStartYear: before, startYear: after, benefitChangePoints, reason });
  }
  const registerIds = new Set(dataset.projects.map((project) => project.id));
  for (const [id, startYear] of Object.entries(listed)) {
    if (startYear !== null && !registerIds.has(id)) changes.push({ projectId: id, kind: 'not_in_register', baselineStartYear: startYear, startYear: null, benefitChangePoints: 0, reason: 'funded by the baseline but no longer in the register' });
  }
  return changes;
}
