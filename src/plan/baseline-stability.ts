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
 *  3. otherwise the closest-plan search, boxed to `STABILITY_TIME_SHARE` of the first solve's CPU
 *     seconds, which minimises W × changed funding decisions + changed start years, W = projects
 *     + 1 so funding comes first, subject to benefit ≥ bound / (1 + gap): first the changes worth
 *     no benefit of their own are put back where every row still holds (revertIdleChanges), then
 *     the closest-plan MILP from that plan, then the clean-up again of what the MILP changed. The best plan found is kept, with its master-plan
 *     shortfalls closed as far as its starts allow (withShortfallsClosed), and each change
 *     remembers the step that made it (ChangeProvenance, for its reason).
 *
 * The research behind the numbers (why warm starts and an unbounded closest-plan solve were not
 * used for speed) is in docs/benchmarks.md.
 */
import type { BaselineDecisions, BaselineSpendingLine, Dataset } from '../dataset/types.js';
import type { Constraint, LinearProgram, LinearTerm } from '../program/linear-program.js';
import type { MoneyFlows, PortfolioLayout } from '../program/portfolio.js';
import { hasSolution, type Engine, type SolvedResult, type SolveOptions, type SolveResult } from '../solve/engine.js';
import { solveProgram } from '../solve/solve-program.js';
import type { BaselineChange, BaselineChanges, BaselineSplitChange, PlannedProject, SpendingLine } from './types.js';

/** Most of the first solve's time the closest-plan solve may take (the issue's "adds at most 30%"). */
export const STABILITY_TIME_SHARE = 0.3;

/** Least time given to the closest-plan solve, seconds: below this HiGHS cannot even read the model back. */
const SMALLEST_STABILITY_SECONDS = 0.5;

/** Least CPU (and wall) seconds worth starting one phase of the step with (a solve, a clean-up LP): a tiny model's takes milliseconds. */
const SMALLEST_PHASE_SECONDS = 0.05;

/**
 * Most CPU seconds (of the solver's thread) the repair of a baseline that no longer fits may take.
 * A CPU box, not a wall-clock one: under heavy load a 5 s wall-clock box gave the repair under a
 * CPU second, and it dropped 45 projects instead of 28, changing the first plan (docs/benchmarks.md,
 * "The closest plan, measured").
 */
export const REPAIR_CPU_SECONDS = 5;

/** The repair's wall-clock limit as a multiple of its CPU box: the outer limit on a machine too loaded to give it its CPU seconds. */
export const REPAIR_WALL_FACTOR = 4;

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

/** How the baseline paid each funded project (BaselineDecisions.spendingByProjectId). */
export type BaselineSplit = Readonly<Record<string, readonly BaselineSpendingLine[]>>;

/**
 * Slack of each split row in the second try, R million (R100): the baseline's amounts are rounded
 * to the cent in plan.json, and on the default model, whose last-year operating envelopes are
 * spent to the rand, rows held exactly were infeasible by that rounding alone. Well below
 * SPLIT_CHANGE_RAND, so a split held within it is the baseline's (the largest difference seen
 * there: R165 of a project's amount).
 */
const SPLIT_SLACK_MILLION = 1e-4;

/** Least rand a source set's baseline spending in a year must reach before its split is held: below it the shares are noise. */
const SMALLEST_SPLIT_RAND = 1;

/**
 * Rows that pay each source set's money in a year in the baseline's shares (within `slackMillion`): flow[set, s, y] =
 * share(s) × Σ flows[set, ·, y], the shares being what the baseline paid its member projects
 * from each source that year. A project's split is its set's shares (src/plan/interpret.ts), so
 * with the baseline's starts these rows give every project the baseline's rand per source and
 * year. A set-year the baseline paid from a source no longer eligible, or did not pay at all,
 * gets no row.
 */
function splitRowsOf(flows: MoneyFlows, purpose: BaselineSpendingLine['purpose'], split: BaselineSplit, slackMillion: number): Constraint[] {
  const membersOf = new Map<string, string[]>();
  for (const [projectId, setKey] of flows.sourceSetOf) membersOf.set(setKey, [...(membersOf.get(setKey) ?? []), projectId]);
  const rows: Constraint[] = [];
  for (const [setKey, entries] of flows.spendVariables) {
    const lines = (membersOf.get(setKey) ?? []).flatMap((projectId) => split[projectId] ?? []).filter((line) => line.purpose === purpose);
    for (const year of [...new Set(entries.map((entry) => entry.financialYear))]) {
      const yearEntries = entries.filter((entry) => entry.financialYear === year);
      const yearLines = lines.filter((line) => line.financialYear === year);
      if (yearLines.some((line) => !yearEntries.some((entry) => entry.sourceId === line.sourceId))) continue;
      const totalRand = yearLines.reduce((sum, line) => sum + line.amountRand, 0);
      if (totalRand < SMALLEST_SPLIT_RAND) continue;
      // One row per source but the last: the set's own row already makes the flows add up to its demand.
      for (const entry of yearEntries.slice(0, -1)) {
        const share = yearLines.filter((line) => line.sourceId === entry.sourceId).reduce((sum, line) => sum + line.amountRand, 0) / totalRand;
        const terms = yearEntries.map((other) => ({ variable: other.index, coefficient: (other === entry ? 1 : 0) - share })).filter((term) => term.coefficient !== 0);
        rows.push({ label: `baseline_split[${purpose},${setKey},${entry.sourceId},${year}]`, group: 'baseline_split', terms, lower: -slackMillion, upper: slackMillion });
      }
    }
  }
  return rows;
}

/** The program with the baseline's split held (splitRowsOf, capital and running costs), exactly or within `slackMillion`; the program itself when no row applies. */
export function withBaselineSplit(program: LinearProgram, layout: PortfolioLayout, split: BaselineSplit, slackMillion = 0): LinearProgram {
  const rows = [...splitRowsOf(layout, 'capital', split, slackMillion), ...splitRowsOf(layout.operatingFlows, 'operating', split, slackMillion)];
  return rows.length === 0 ? program : { ...program, name: `${program.name}-baseline-split`, constraints: [...program.constraints, ...rows] };
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
  /** True when the baseline's split (each project's rand per source and year) was held too, false when it no longer fit; absent when the baseline gave none. */
  readonly splitKept?: boolean;
}

/**
 * The baseline's decisions as a feasible point of `program`: exactly (one LP), or repaired (a
 * small MILP, at most REPAIR_CPU_SECONDS of CPU and REPAIR_WALL_FACTOR times that on the wall
 * clock, both within `secondsLeft`); null when neither finds one (a rule with a floor the
 * baseline's projects alone cannot meet, or no time).
 */
export async function completeBaseline(engine: Engine, program: LinearProgram, layout: PortfolioLayout, decisions: Decisions, secondsLeft: number | null, split?: BaselineSplit): Promise<BaselineStart | null> {
  const limit = (seconds: number): SolveOptions => (secondsLeft === null ? { timeLimitSeconds: seconds } : { timeLimitSeconds: Math.max(0.05, Math.min(seconds, secondsLeft)) });
  const fixedStarts = withStartsFixed(program, layout, decisions);
  // The official expects the same plan: first with the baseline's split of every project's money, then, when that no longer fits (an envelope cut), any split.
  // Exactly first, then within the rounding of the baseline file's cents (SPLIT_SLACK_MILLION).
  const withSplit = split === undefined ? fixedStarts : withBaselineSplit(fixedStarts, layout, split);
  const attempts: { readonly lp: LinearProgram; readonly splitKept?: boolean }[] =
    split === undefined
      ? [{ lp: fixedStarts }]
      : withSplit === fixedStarts
        ? [{ lp: fixedStarts, splitKept: true }]
        : [{ lp: withSplit, splitKept: true }, { lp: withBaselineSplit(fixedStarts, layout, split, SPLIT_SLACK_MILLION), splitKept: true }, { lp: fixedStarts, splitKept: false }];
  let fixed: SolveResult | null = null;
  for (const attempt of attempts) {
    fixed = await solveProgram(engine, attempt.lp, limit(COMPLETION_LP_SECONDS));
    if (hasSolution(fixed)) {
      // The LP's starts are exact 0/1 by their bounds; round away solver noise before anyone reads them as binaries.
      const starts = startVariableSet(layout);
      const values = fixed.values.map((value, index) => (starts.has(index) ? Math.round(value) : value));
      return { values, benefitPoints: objectiveValue(program, values), exact: true, ...(attempt.splitKept === undefined ? {} : { splitKept: attempt.splitKept }) };
    }
  }
  if (fixed === null) return null;
  if (fixed.status !== 'infeasible') return null;
  const repairWall = limit(REPAIR_CPU_SECONDS * REPAIR_WALL_FACTOR).timeLimitSeconds as number;
  const repairLimits: SolveOptions = { timeLimitSeconds: repairWall, cpuTimeLimitSeconds: Math.min(REPAIR_CPU_SECONDS, repairWall) };
  const repaired = await solveProgram(engine, repairProgram(program, layout, decisions), { ...repairLimits, relativeGap: 1e-3 });
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
  /**
   * The result before the clean-up put idle changes back (revertIdleChanges), or null when it put
   * none back: planModel keeps this one instead when the independent checker refuses the cleaned plan.
   */
  readonly beforeCleanUp: SolveResult | null;
  /** How it was chosen. */
  readonly method: BaselineChanges['method'];
  /** One sentence on why, with the technical terms (plan.json, --json). */
  readonly why: string;
  /** The same in plain words, for the console and the workbook (BaselineChanges.whyWords). */
  readonly whyWords: string;
  /** Benefit of the baseline's decisions in this model, or null when they do not fit. */
  readonly baselineBenefitPoints: number | null;
  /** Benefit of the first solve's plan. */
  readonly firstSolveBenefitPoints: number;
  /** Seconds spent on the stability step (completion excluded, which the first solve's start shares). */
  readonly seconds: number;
  /** Where each change came from, for its reason (describeBaselineChanges). */
  readonly provenance: ChangeProvenance;
}

/** Which step made the plan's changes against the baseline, so each change can say why. */
export interface ChangeProvenance {
  /** How the plan was chosen (as BaselineChanges.method). */
  readonly method: BaselineChanges['method'];
  /** The decisions of the repaired baseline (step 1) when the baseline no longer fit as it was; null otherwise. */
  readonly repaired: Decisions | null;
  /** Why the baseline's decisions do not stand, in a clause ("its benefit is 2.1% below the best bound"). */
  readonly baselineWords: string;
  /** The same in plain words ("the baseline plan still fits but is 2.1% below the best possible"). */
  readonly baselinePlainWords: string;
  /** Seconds the closest-plan solve was given (for "in its 1.2 s"), or null when it did not run. */
  readonly boxSeconds: number | null;
  /** Changes the clean-up tried to put back as in the baseline and could not, with the reason (a rule, or the benefit they bring). */
  readonly heldBack: ReadonlyMap<string, string>;
  /** Changes worth no benefit of their own the clean-up had no time to try. */
  readonly untried: ReadonlySet<string>;
  /** True when a solve proved that no plan within the gap is closer to the baseline. */
  readonly provenClosest: boolean;
}

/**
 * The lowest benefit a plan may have and still be within `relativeGap` of the best, in the gap's
 * own terms: (bound − benefit) / max(1, |benefit|) ≤ gap, so bound / (1 + gap) (bound − gap below
 * one point), never above the first objective. The plan's stated gap (resultWithValues) is
 * measured against its own benefit, as HiGHS measures mip_rel_gap against the incumbent; the floor
 * bound − gap × bound used before let through plans whose stated gap was gap / (1 − gap).
 */
export function benefitFloor(first: SolvedResult, relativeGap: number): number {
  const bound = first.bestBound ?? first.objective;
  const floor = bound >= 1 + relativeGap ? bound / (1 + relativeGap) : bound - relativeGap;
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

/** A share as a percentage for officials: 0.0007 → `0.07%`, 0.001 → `0.1%`, 0.3 → `30%`. */
export function percentWords(fraction: number): string {
  const percent = Math.max(0, fraction) * 100;
  return `${Number(percent.toFixed(percent >= 10 ? 0 : 2)).toString()}%`;
}

/** CPU seconds this process has used (every thread: the solver runs on a worker thread of this process). */
function processCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** Objective coefficient of a project's start in `startYear` (0 unfunded, null when the start is not a variable). */
function startCoefficient(layout: PortfolioLayout, coefficients: ReadonlyMap<number, number>, projectId: string, startYear: number | null): number | null {
  if (startYear === null) return 0;
  const entry = layout.startVariables.get(projectId)?.find((candidate) => candidate.financialYear === startYear);
  return entry === undefined ? null : (coefficients.get(entry.variable) ?? 0);
}

/** What revertIdleChanges did. */
export interface CleanUp {
  /** The values after the clean-up (the input when nothing was put back). */
  readonly values: readonly number[];
  /** Projects put back as in the baseline. */
  readonly reverted: readonly string[];
  /** Projects tried one at a time and kept changed, with why. */
  readonly heldBack: ReadonlyMap<string, string>;
  /** Projects worth no benefit of their own that were not tried (the time ran out). */
  readonly untried: ReadonlySet<string>;
}

/**
 * Put back as in the baseline every changed decision whose start is worth no benefit of its own
 * in either position (objective coefficient unchanged, usually 0: a project no rule makes worth
 * anything), as long as the plan keeps every row and its benefit. One LP with the starts fixed
 * (withStartsFixed) tries them all at once; when that fails, one LP per project (an infeasible one
 * ends in HiGHS's presolve, about 0.02 CPU s on the default model), and a project that cannot go
 * back is kept with why: a prerequisite of a funded project, its
 * exclusive group, no spending split that keeps every row (an envelope, the minimum spend, a
 * service share), or the benefit it closes in a master-plan shortfall. Stops when `secondsLeft`
 * (CPU seconds) runs out; what was not tried stays as it was.
 */
export async function revertIdleChanges(
  engine: Engine,
  program: LinearProgram,
  layout: PortfolioLayout,
  dataset: Pick<Dataset, 'projects'> | null,
  baseline: Decisions,
  values: readonly number[],
  limits: { readonly cpuSecondsLeft: () => number; readonly wallSecondsLeft: () => number },
): Promise<CleanUp> {
  const coefficients = new Map(program.objective.map((term) => [term.variable, term.coefficient]));
  let current = decisionsOfValues(layout, values);
  let currentValues = values;
  let currentBenefit = objectiveValue(program, withShortfallsClosed(program, layout, values));
  const idle: string[] = [];
  for (const id of layout.startVariables.keys()) {
    const before = baseline[id] ?? null;
    const after = current[id] ?? null;
    if (before === after) continue;
    const beforeCoefficient = startCoefficient(layout, coefficients, id, before);
    const afterCoefficient = startCoefficient(layout, coefficients, id, after);
    // A baseline start this model no longer offers cannot be put back; a start worth benefit of its own is a real change.
    if (beforeCoefficient === null || afterCoefficient === null) continue;
    if (Math.abs(beforeCoefficient - afterCoefficient) <= 1e-9 * Math.max(1, Math.abs(afterCoefficient))) idle.push(id);
  }
  const reverted: string[] = [];
  const heldBack = new Map<string, string>();
  const tolerance = 1e-7 * Math.max(1, Math.abs(currentBenefit));
  const tryBack = async (ids: readonly string[]): Promise<'kept' | 'infeasible' | 'benefit' | 'no_time'> => {
    const cpu = limits.cpuSecondsLeft();
    const wall = limits.wallSecondsLeft();
    if (cpu < SMALLEST_PHASE_SECONDS || wall < SMALLEST_PHASE_SECONDS) return 'no_time';
    const candidate: Record<string, number | null> = { ...current };
    for (const id of ids) candidate[id] = baseline[id] ?? null;
    const solved = await solveProgram(engine, withStartsFixed(program, layout, candidate), { timeLimitSeconds: wall, cpuTimeLimitSeconds: cpu });
    if (!hasSolution(solved)) return solved.status === 'infeasible' ? 'infeasible' : 'no_time';
    const starts = startVariableSet(layout);
    const rounded = solved.values.map((value, index) => (starts.has(index) ? Math.round(value) : value));
    const benefit = objectiveValue(program, withShortfallsClosed(program, layout, rounded));
    if (benefit < currentBenefit - tolerance) return 'benefit';
    current = candidate;
    currentValues = rounded;
    currentBenefit = benefit;
    reverted.push(...ids);
    return 'kept';
  };
  const pending: string[][] = idle.length > 0 ? [idle] : [];
  while (pending.length > 0) {
    const ids = pending.shift() as string[];
    // A prerequisite or an exclusive group says so without an LP.
    const structural = ids.length === 1 ? structuralHolding(dataset, ids[0], current, baseline) : null;
    if (structural !== null) {
      heldBack.set(ids[0], structural);
      continue;
    }
    const outcome = await tryBack(ids);
    if (outcome === 'kept') continue;
    if (outcome === 'no_time') {
      pending.unshift(ids);
      break;
    }
    // All at once failed: one at a time (halving costs more LPs on the default model, where most of them are held by a rule).
    if (ids.length > 1) {
      pending.push(...ids.map((id) => [id]));
      continue;
    }
    heldBack.set(ids[0], outcome === 'benefit' ? 'putting it back as in the baseline lowers the plan\'s benefit (the master-plan shortfall it closes)' : NO_SPENDING_SPLIT_WORDS);
  }
  return { values: currentValues, reverted, heldBack, untried: new Set(pending.flat()) };
}


/**
 * The rule that keeps a project changed when its own rows say so without a solve: a prerequisite
 * of a project the plan funds, or the exclusive group another funded project holds; else null.
 */
function structuralHolding(dataset: Pick<Dataset, 'projects'> | null, projectId: string, plan: Decisions, baseline: Decisions): string | null {
  const project = dataset?.projects.find((candidate) => candidate.id === projectId);
  if (dataset === null || project === undefined) return null;
  const funded = (id: string): boolean => (plan[id] ?? null) !== null;
  if ((baseline[projectId] ?? null) === null) {
    const needing = dataset.projects.filter((other) => other.id !== projectId && funded(other.id) && other.prerequisiteIds.includes(projectId)).map((other) => other.id);
    if (needing.length > 0) return `a rule needs it: it is a prerequisite of ${needing.join(', ')}, which the plan funds`;
  }
  if (project.exclusiveGroup !== null && (plan[projectId] ?? null) === null) {
    const rival = dataset.projects.find((other) => other.id !== projectId && other.exclusiveGroup === project.exclusiveGroup && funded(other.id));
    if (rival !== undefined) return `a rule needs it: ${rival.id} of its exclusive group ${project.exclusiveGroup} is funded in its place`;
  }
  return null;
}

/** Why a project that could not go back stays changed, when the LP with its baseline decision had no solution. */
const NO_SPENDING_SPLIT_WORDS = 'a rule needs it: with its baseline decision no spending split keeps every row (an envelope, a minimum spend, a service or district share, or a shortfall to be met by a year)';

/** The same for officials (no "row"). */
const NO_SPENDING_SPLIT_PLAIN_WORDS = 'a rule needs it: with its baseline decision the money cannot be split between grants and years so that every rule holds (an envelope, a minimum spend, a service or district share, or a shortfall to be met by a year)';

/** Share of the stability box the first clean-up (of the first plan's changes) may use. */
const EARLY_CLEAN_UP_SHARE = 0.6;

/** Share of the stability box used when the closest-plan MILP stops; the rest is kept for the last clean-up. */
const SOLVE_SHARE_OF_BOX = 0.85;

/**
 * Steps 2 and 3: keep the baseline when it is within the gap, else look for the closest plan
 * within the gap for at most `maxSeconds` (and `maxCpuSeconds` of this process's CPU, when given):
 * the clean-up of the first plan's changes that buy nothing (revertIdleChanges), the closest-plan
 * MILP from its plan, and the clean-up again. Never returns a plan worse than the floor.
 */
export async function stayCloseToBaseline(
  engine: Engine,
  program: LinearProgram,
  layout: PortfolioLayout,
  decisions: Decisions,
  first: SolvedResult,
  completed: BaselineStart | null,
  options: { readonly relativeGap: number; readonly maxSeconds: number; readonly maxCpuSeconds?: number; readonly dataset?: Pick<Dataset, 'projects'> },
): Promise<StabilityOutcome> {
  const started = performance.now();
  const cpuStarted = processCpuSeconds();
  const seconds = (): number => (performance.now() - started) / 1000;
  const wallLeft = (): number => options.maxSeconds - seconds();
  const cpuLeft = (): number => (options.maxCpuSeconds === undefined ? wallLeft() : options.maxCpuSeconds - (processCpuSeconds() - cpuStarted));
  const floor = benefitFloor(first, options.relativeGap);
  const baselineBenefitPoints = completed?.exact ? completed.benefitPoints : null;
  const repaired = completed !== null && !completed.exact ? decisionsOfValues(layout, completed.values) : null;
  const base = { baselineBenefitPoints, firstSolveBenefitPoints: first.objective, beforeCleanUp: null };
  if (completed?.exact && completed.benefitPoints >= floor) {
    const kept = resultWithValues(first, program, layout, completed.values, options.relativeGap, 'the baseline\'s decisions kept (within the gap)');
    return {
      ...base,
      result: kept,
      method: 'kept_baseline',
      why: `the baseline's decisions still fit and their benefit is within the gap of the best bound, so they are kept exactly${completed.splitKept === false ? ' (their spending split no longer fits, so the money is split anew)' : ''}`,
      whyWords: `it still fits and no plan is more than ${percentWords(kept.gap ?? options.relativeGap)} better${completed.splitKept === false ? ' (its split of the money between grants and years no longer fits, so the money is split anew)' : ''}`,
      seconds: seconds(),
      provenance: { method: 'kept_baseline', repaired: null, baselineWords: '', baselinePlainWords: '', boxSeconds: null, heldBack: new Map(), untried: new Set(), provenClosest: true },
    };
  }
  const firstDecisions = decisionsOfValues(layout, first.values);
  const firstChanges = countChanges(layout, decisions, firstDecisions);
  const baselineWords = completed?.exact
    ? `the baseline's decisions still fit but their benefit is ${(((first.bestBound ?? first.objective) - completed.benefitPoints) / Math.max(1, Math.abs(first.objective)) * 100).toFixed(2)}% below the best bound, more than the gap allows`
    : 'the baseline\'s decisions no longer fit this model: a rule or an envelope they break';
  const baselinePlainWords = completed?.exact
    ? `the baseline plan still fits but is ${percentWords(((first.bestBound ?? first.objective) - completed.benefitPoints) / Math.max(1, Math.abs(first.objective)))} below the best possible, more than the ${percentWords(options.relativeGap)} allowed`
    : 'the baseline plan no longer fits this model (an envelope or a rule it breaks)';
  const provenanceOf = (method: BaselineChanges['method'], cleanUp: CleanUp | null = null, boxSeconds: number | null = null, provenClosest = false): ChangeProvenance => ({ method, repaired, baselineWords, baselinePlainWords, boxSeconds, heldBack: cleanUp?.heldBack ?? new Map(), untried: cleanUp?.untried ?? new Set(), provenClosest });
  if (firstChanges.fundingChanges === 0 && firstChanges.startYearChanges === 0) {
    return { ...base, result: first, method: 'first_solve', why: `${baselineWords}; the first solve's plan already makes the same decisions`, whyWords: `${baselinePlainWords}; the best plan found makes the same decisions`, seconds: seconds(), provenance: provenanceOf('first_solve') };
  }
  if (wallLeft() < SMALLEST_STABILITY_SECONDS || cpuLeft() < SMALLEST_PHASE_SECONDS) {
    return { ...base, result: first, method: 'first_solve', why: `${baselineWords}; no time was left for the closest-plan solve, so the first solve's plan is kept`, whyWords: `${baselinePlainWords}; no time was left to look for a plan closer to it, so the best plan found is kept`, seconds: seconds(), provenance: provenanceOf('first_solve') };
  }
  const boxCpuSeconds = cpuLeft();
  const closest = closestPlanProgram(program, layout, decisions, floor);
  const weight = fundingWeight(layout);
  const cpuUsed = (): number => processCpuSeconds() - cpuStarted;
  /** Limits of a phase that may run until `share` of the box is used. */
  const until = (share: number) => ({
    cpuSecondsLeft: () => (options.maxCpuSeconds === undefined ? share * options.maxSeconds - seconds() : share * boxCpuSeconds - cpuUsed()),
    wallSecondsLeft: () => share * options.maxSeconds - seconds(),
  });
  const solveLimits = (share: number): SolveOptions | null => {
    const { cpuSecondsLeft, wallSecondsLeft } = until(share);
    if (cpuSecondsLeft() < SMALLEST_PHASE_SECONDS || wallSecondsLeft() < SMALLEST_PHASE_SECONDS) return null;
    return { timeLimitSeconds: wallSecondsLeft(), ...(options.maxCpuSeconds === undefined ? {} : { cpuTimeLimitSeconds: cpuSecondsLeft() }), relativeGap: 0 };
  };
  const distanceOf = (values: readonly number[]): number => {
    const counts = countChanges(layout, decisions, decisionsOfValues(layout, values));
    return counts.fundingChanges * weight + counts.startYearChanges;
  };
  // 3a: the first plan's changes that buy nothing, put back (one LP when they all can go: on the default model, half the first plan's changes).
  const early = await revertIdleChanges(engine, program, layout, options.dataset ?? null, decisions, first.values, until(EARLY_CLEAN_UP_SHARE));
  let bestValues: readonly number[] = early.values;
  let proven = false;
  // 3b: the closest-plan MILP over the whole program, from the best plan so far, with what is left of its share.
  const wholeLimits = solveLimits(SOLVE_SHARE_OF_BOX);
  if (wholeLimits !== null) {
    const whole = await solveProgram(engine, closest, { ...wholeLimits, startValues: bestValues });
    if (hasSolution(whole) && distanceOf(whole.values) <= distanceOf(bestValues)) {
      proven = whole.status === 'optimal';
      bestValues = whole.values;
    }
  }
  // 3c: the same clean-up of what the solve left, unless a solve proved its plan closest (then nothing is left to put back).
  const late = proven || bestValues === early.values ? null : await revertIdleChanges(engine, program, layout, options.dataset ?? null, decisions, bestValues, until(1));
  if (late !== null) bestValues = late.values;
  const cleanUp: CleanUp = { values: bestValues, reverted: [...early.reverted, ...(late?.reverted ?? [])], heldBack: new Map([...early.heldBack, ...(late?.heldBack ?? [])]), untried: late?.untried ?? early.untried };
  const revertedCount = cleanUp.reverted.length;
  const cleanedWords = revertedCount === 0 ? '' : `; ${revertedCount} ${revertedCount === 1 ? 'change that brought' : 'changes that brought'} no benefit and no rule needed ${revertedCount === 1 ? 'was' : 'were'} put back as in the baseline`;
  const withinWords = `within ${percentWords(options.relativeGap)} of the best possible`;
  const boxWords = `${boxCpuSeconds.toFixed(1)} ${options.maxCpuSeconds === undefined ? 's' : 'CPU s'}`;
  if (distanceOf(bestValues) >= distanceOf(first.values)) {
    const stopped = proven ? 'the closest-plan solve found no closer plan' : `the closest-plan solve found no closer plan in its ${boxWords}`;
    const stoppedWords = proven ? `no plan ${withinWords} is closer to it` : 'no plan closer to it was found in the time allowed for looking';
    return { ...base, result: first, method: 'first_solve', why: `${baselineWords}; ${stopped}, so the first solve's plan is kept`, whyWords: `${baselinePlainWords}; ${stoppedWords}, so the best plan found is kept`, seconds: seconds(), provenance: provenanceOf('first_solve', cleanUp, boxCpuSeconds, proven) };
  }
  const method = proven ? 'closest_plan' : 'closest_plan_time_limit';
  return {
    ...base,
    // The clean-up's plans come from LPs; should the independent checker refuse one, planModel falls back on the first plan.
    beforeCleanUp: revertedCount === 0 ? null : first,
    result: resultWithValues(first, program, layout, bestValues, options.relativeGap, proven ? 'the closest plan to the baseline within the gap' : 'the closest plan to the baseline found in the time allowed'),
    method,
    why: `${baselineWords}; ${proven ? 'the second solve found the plan within the gap with the fewest changes' : `the closest-plan search stopped at its ${boxWords} limit with the closest plan it had found`}${cleanedWords}`,
    whyWords: `${baselinePlainWords}; ${proven ? `no plan ${withinWords} has fewer changes` : 'these are the fewest changes found in the time allowed for looking (a plan with fewer may exist)'}`,
    seconds: seconds(),
    provenance: provenanceOf(method, cleanUp, boxCpuSeconds, proven),
  };
}

/** The step that made a change, as the first words of its reason. */
function stepWords(provenance: ChangeProvenance): string {
  switch (provenance.method) {
    case 'closest_plan':
      return 'closest-plan solve';
    case 'closest_plan_time_limit':
      return 'closest-plan solve (the closest plan found in its time box)';
    case 'first_solve':
      return provenance.provenClosest ? 'first solve (proven the closest plan within the gap)' : 'first solve (no closer plan was found)';
    case 'kept_baseline':
      return 'baseline kept';
  }
}

/**
 * The project changes of a plan against the baseline, with the benefit each change adds and the
 * step that made it, in register order: the baseline repair (the baseline no longer fits; dropping
 * the project kept the most benefit), the closest-plan solve (needed to keep the benefit within the
 * gap, or kept because a rule needs it), or the register (a project new to it).
 */
export function describeBaselineChanges(
  dataset: Dataset,
  baseline: BaselineDecisions,
  projects: readonly PlannedProject[],
  benefitOfStart: (projectId: string, startYear: number) => number | null,
  provenance: ChangeProvenance,
): BaselineChange[] {
  const changes: BaselineChange[] = [];
  const listed = baseline.startYearByProjectId;
  const step = stepWords(provenance);
  for (const project of projects) {
    const inBaseline = Object.hasOwn(listed, project.id);
    const before = inBaseline ? listed[project.id] : null;
    const after = project.funded ? project.startYear : null;
    if (before === after) continue;
    const benefitBefore = before === null ? 0 : (benefitOfStart(project.id, before) ?? 0);
    const benefitChangePoints = project.benefit - benefitBefore;
    const held = provenance.heldBack.get(project.id);
    const idle = Math.abs(benefitChangePoints) <= 1e-9 * Math.max(1, Math.abs(project.benefit));
    let needed: string;
    let neededWords: string;
    if (held !== undefined) {
      needed = `${step}: ${held}`;
      neededWords = held === NO_SPENDING_SPLIT_WORDS ? NO_SPENDING_SPLIT_PLAIN_WORDS : held;
    } else if (provenance.untried.has(project.id)) {
      needed = `${step}: it brings no benefit of its own; the clean-up had no time left to try putting it back as in the baseline`;
      neededWords = 'it brings no benefit of its own; there was no time left to try putting it back as in the baseline';
    } else if (idle && provenance.provenClosest) {
      needed = `${step}: it brings no benefit of its own, but no plan within the gap is as close without it (a rule needs it)`;
      neededWords = 'it brings no benefit of its own, but every plan as good as this one changes it too (a rule needs it)';
    } else {
      needed = `${step}: needed to keep the benefit within the gap; ${provenance.baselineWords}`;
      neededWords = `needed to keep the plan close to the best possible: ${provenance.baselinePlainWords}`;
    }
    const startGone = before !== null && benefitOfStart(project.id, before) === null;
    let kind: BaselineChange['kind'];
    let reason: string;
    let words: string;
    if (!inBaseline) {
      kind = 'new_project';
      reason = `new to the register (the baseline did not list it); ${needed}`;
      words = `new to the project register (the baseline did not list it); ${neededWords}`;
    } else if (before === null) {
      kind = 'gained_funding';
      reason = needed;
      words = neededWords;
    } else if (after === null) {
      kind = 'lost_funding';
      const detail = project.deferralDetail === null ? '' : ` (${project.deferralDetail})`;
      if (startGone) {
        reason = `this model no longer offers its baseline start${detail}`;
        words = `this model no longer allows its baseline start year${detail}`;
      } else if (provenance.repaired !== null && (provenance.repaired[project.id] ?? null) === null) {
        reason = `baseline repair: the baseline's decisions no longer fit this model, and dropping it kept the most benefit${detail}`;
        words = `the baseline plan no longer fits this model, and dropping this project kept the most benefit${detail}`;
      } else {
        reason = `${needed}${detail}`;
        words = `${neededWords}${detail}`;
      }
    } else {
      kind = 'moved';
      reason = startGone ? `this model no longer offers its baseline start; ${needed}` : needed;
      words = startGone ? `this model no longer allows its baseline start year; ${neededWords}` : neededWords;
    }
    changes.push({ projectId: project.id, kind, baselineStartYear: before, startYear: after, benefitChangePoints, reason, words });
  }
  const registerIds = new Set(dataset.projects.map((project) => project.id));
  for (const [id, startYear] of Object.entries(listed)) {
    if (startYear !== null && !registerIds.has(id)) changes.push({ projectId: id, kind: 'not_in_register', baselineStartYear: startYear, startYear: null, benefitChangePoints: 0, reason: 'no longer in the register: funded by the baseline, it cannot be planned', words: 'no longer in the project register: the baseline funded it, but it cannot be planned' });
  }
  return changes;
}

/** Least difference, rand, between a project's money from a source in a year and the baseline's that counts as a change: below it is the solver's rounding. */
export const SPLIT_CHANGE_RAND = 1000;

/**
 * The spending split changes against the baseline of the projects whose decision is the same
 * (funded in both with the same start): each year and source whose rand differs by more than
 * SPLIT_CHANGE_RAND, in register order; null when the baseline gave no split.
 */
export function describeSplitChanges(baseline: BaselineDecisions, projects: readonly PlannedProject[]): BaselineSplitChange[] | null {
  const split = baseline.spendingByProjectId;
  if (split === undefined) return null;
  const changes: BaselineSplitChange[] = [];
  const keyOf = (purpose: string, financialYear: number, sourceId: string): string => `${purpose}|${financialYear}|${sourceId}`;
  for (const project of projects) {
    const before = baseline.startYearByProjectId[project.id] ?? null;
    if (!project.funded || before === null || before !== project.startYear) continue;
    const amounts = new Map<string, { purpose: 'capital' | 'operating'; financialYear: number; sourceId: string; baselineRand: number; plannedRand: number }>();
    const add = (purpose: 'capital' | 'operating', line: Pick<SpendingLine, 'financialYear' | 'sourceId' | 'amountRand'>, side: 'baselineRand' | 'plannedRand'): void => {
      const key = keyOf(purpose, line.financialYear, line.sourceId);
      const entry = amounts.get(key) ?? { purpose, financialYear: line.financialYear, sourceId: line.sourceId, baselineRand: 0, plannedRand: 0 };
      entry[side] += line.amountRand;
      amounts.set(key, entry);
    };
    for (const line of split[project.id] ?? []) add(line.purpose, line, 'baselineRand');
    for (const line of project.spending) add('capital', line, 'plannedRand');
    for (const line of project.operatingSpending) add('operating', line, 'plannedRand');
    const ordered = [...amounts.values()].sort((a, b) => (a.purpose === b.purpose ? 0 : a.purpose === 'capital' ? -1 : 1) || a.financialYear - b.financialYear || a.sourceId.localeCompare(b.sourceId));
    for (const entry of ordered) if (Math.abs(entry.plannedRand - entry.baselineRand) > SPLIT_CHANGE_RAND) changes.push({ projectId: project.id, ...entry });
  }
  return changes;
}
