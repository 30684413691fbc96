/**
 * A MIP start from a reference plan that no longer fits the program (issue 14, task p1): RINS
 * with the reference in place of an incumbent. HiGHS's own RINS fixes the variables on which its
 * incumbent and the LP relaxation agree and solves the small MILP that is left; a stress draw has
 * no incumbent at the start (the plan without overruns no longer fits it), so HiGHS spends most
 * of a draw in its sub-MIP heuristics looking for a first plan within the gap, while its root bound
 * is within 1% of the draw's best plan after a few tenths of a CPU second (docs/benchmarks.md,
 * "Stress draws: where the CPU goes, and a guided start"). Here the reference plays the
 * incumbent: every 0/1 variable on which it and the program's LP relaxation agree is fixed at that
 * value, and the small MILP over the rest (about 120 of 1 416 binaries on the default model) is
 * solved until its plan is good enough (the MILP's gap below the LP bound), its gap is reached
 * or its CPU cap is used. Its plan is a plan of the program (only bounds were tightened), so it is
 * a valid MIP start; the MILP from it still proves its own gap, so the answer's guarantee is the
 * same as without it, only the plan found within the gap may differ.
 *
 * The LP is the program's with the master plan's shortfall rows strengthened
 * (src/program/shortfall-strengthening.ts: the same 0/1 plans, an LP optimum near HiGHS's root
 * bound instead of 23–35% above it), because the plain LP's optimum funds fractions of large
 * projects and agrees with no plan.
 */
import type { LinearProgram } from '../program/linear-program.js';
import type { PortfolioLayout } from '../program/portfolio.js';
import { strengthenShortfallRows } from '../program/shortfall-strengthening.js';
import type { Engine, SolveOptions } from './engine.js';
import { hasSolution } from './engine.js';
import { solveProgram } from './solve-program.js';

/** A 0/1 variable agrees with the reference when its LP value is within this of the reference value. */
export const GUIDED_AGREEMENT_TOLERANCE = 0.01;

/**
 * Relative gap of the guided sub-MIP, over its own (restricted) bound. Its proof is of no use to
 * the MILP after it, so the sub-MIP also stops at the MILP's gap below the LP bound or at its
 * CPU cap, whichever comes first.
 */
export const GUIDED_SUB_MIP_GAP = 0.005;



/**
 * CPU seconds the guided start may take (its LP and sub-MIP; at most half of what is left of a
 * draw's box): measured on 10 draws of the default model, the sub-MIP's plan was as good after
 * 1.5 CPU s as after its own proof (up to 4.3 CPU s), see docs/benchmarks.md. A cap of 0.75 CPU s
 * was measured in a whole `stress --draws 100` side by side with this one (task ss): 1.9% more CPU
 * (read from the totals: the MILPs after the shorter start took more than it saved), and about
 * half the draws ended with another plan (50–56 against 11–27 between two runs of this cap).
 */
export const GUIDED_START_CPU_SECONDS = 1.5;

/** What the guided sub-MIP found. */
export interface GuidedStart {
  /** Value per variable of the program: a plan of it. */
  readonly values: readonly number[];
  /** Its objective. */
  readonly objective: number;
  /** 0/1 variables fixed at the reference's value. */
  readonly fixedVariables: number;
  /** 0/1 variables left free (the LP and the reference disagree on them, or the reference has no value). */
  readonly freeVariables: number;
}

/** Limits of the guided start's two solves (the LP and the sub-MIP), and its MILP setting. */
export type GuidedStartLimits = Pick<SolveOptions, 'timeLimitSeconds' | 'cpuTimeLimitSeconds' | 'feasibilityJump'>;

/** What the start is for: the relative gap of the MILP that will start from it. */
export interface GuidedStartGoal {
  /**
   * The sub-MIP stops once its plan is within this gap of the strengthened LP bound
   * (SolveOptions.objectiveTarget). That LP bound is at least HiGHS's root bound after its cuts
   * (about 0.3–0.5% above it on the default model's draws), so such a plan is already within the
   * MILP's gap and the MILP from it ends at its root.
   */
  readonly relativeGap: number;
}

/** True for a variable that can only be 0 or 1. */
function isZeroOne(program: LinearProgram, variable: number): boolean {
  const { kind, lower, upper } = program.variables[variable];
  return kind !== 'continuous' && lower >= 0 && upper <= 1;
}

/**
 * The program with every 0/1 variable whose `lpValues` entry lies within the tolerance of
 * `reference` fixed at the reference value; a variable whose reference is null stays free.
 */
export function programFixedWhereAgreeing(program: LinearProgram, reference: readonly (0 | 1 | null)[], lpValues: readonly number[], tolerance = GUIDED_AGREEMENT_TOLERANCE): { readonly program: LinearProgram; readonly fixed: number; readonly free: number } {
  let fixed = 0;
  let free = 0;
  const variables = program.variables.map((variable, index) => {
    if (!isZeroOne(program, index)) return variable;
    const wanted = reference[index] ?? null;
    if (wanted === null || Math.abs(lpValues[index] - wanted) > tolerance || wanted < variable.lower || wanted > variable.upper) {
      free += 1;
      return variable;
    }
    fixed += 1;
    return { ...variable, lower: wanted, upper: wanted };
  });
  return { program: { ...program, variables }, fixed, free };
}

/**
 * The guided start: the strengthened LP relaxation, then the MILP with every 0/1 variable fixed
 * where the LP and `reference` (one entry per variable: 0, 1 or null) agree, solved to
 * GUIDED_SUB_MIP_GAP, the MILP's gap below the LP bound or the limits. Null when the LP or the sub-MIP has no solution (the fixed values admit no
 * plan) or the limits stop it without one: the caller then solves without a start.
 */
export async function guidedStart(engine: Engine, program: LinearProgram, reference: readonly (0 | 1 | null)[], goal: GuidedStartGoal, limits: GuidedStartLimits = {}): Promise<GuidedStart | null> {
  if (reference.length !== program.variables.length) throw new Error(`guidedStart: ${reference.length} reference values for ${program.variables.length} variables`);
  const strengthened = strengthenShortfallRows(program);
  const relaxation: LinearProgram = { ...strengthened, variables: strengthened.variables.map((variable) => (variable.kind === 'continuous' ? variable : { ...variable, kind: 'continuous' as const })) };
  const lpLimits = limits.timeLimitSeconds === undefined ? {} : { timeLimitSeconds: limits.timeLimitSeconds };
  const relaxed = await solveProgram(engine, relaxation, lpLimits);
  if (!hasSolution(relaxed)) return null;
  const restricted = programFixedWhereAgreeing(program, reference, relaxed.values);
  // The single start form: the sub-MIP's gap is below 1%, where solveProgram would otherwise rewrite it in the cumulative form (measured in the single form).
  const slack = goal.relativeGap * Math.abs(relaxed.objective);
  const target = program.sense === 'maximize' ? relaxed.objective - slack : relaxed.objective + slack;
  const solved = await solveProgram(engine, restricted.program, { ...limits, relativeGap: GUIDED_SUB_MIP_GAP, objectiveTarget: target, startForm: 'single' });
  if (!hasSolution(solved)) return null;
  return { values: solved.values, objective: solved.objective, fixedVariables: restricted.fixed, freeVariables: restricted.free };
}

/**
 * The reference of a portfolio program for guidedStart: each start variable 1 where `startYears`
 * starts its project that year, 0 at the project's other years and where it is unfunded (null);
 * null for every other variable and for projects `startYears` does not name.
 */
export function referenceOfStarts(program: LinearProgram, layout: PortfolioLayout, startYears: Readonly<Record<string, number | null>>): (0 | 1 | null)[] {
  const reference: (0 | 1 | null)[] = program.variables.map(() => null);
  for (const [projectId, entries] of layout.startVariables) {
    if (!(projectId in startYears)) continue;
    const year = startYears[projectId];
    for (const entry of entries) reference[entry.variable] = year === entry.financialYear ? 1 : 0;
  }
  return reference;
}
