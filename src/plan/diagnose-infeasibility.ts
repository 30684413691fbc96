/**
 * Why is there no plan? When a program is infeasible, find a small set of the rules a user can
 * change (commitments and policy rules) that cannot all hold together with the envelopes,
 * prerequisites, start windows and exclusive groups as given — an irreducible conflict: with all
 * of them the program is infeasible, and dropping any one of them (alone) makes a plan possible.
 *
 * Method: a deletion filter (Chinneck's IIS filter), first over rule families so the many rows of
 * an innocent family cost one solve, then over the single rows of the families left. Every test
 * is a feasibility solve (objective zero) of the same engine, so the answer is computed, not
 * guessed; a test the engine cannot decide within its time limit keeps the row and marks the
 * conflict as possibly not minimal.
 */
import type { Dataset } from '../dataset/types.js';
import type { Constraint, LinearProgram } from '../program/linear-program.js';
import { RAND_PER_PROGRAM_UNIT } from '../program/money-unit.js';
import { hasSolution, type Engine } from '../solve/engine.js';
import { solveProgram } from '../solve/solve-program.js';
import type { ConflictingRule, InfeasibilityDiagnosis, PlanKind } from './types.js';
import { COMMITTED_PROJECTS } from '../rules/committed-projects.js';
import { findRule } from '../rules/registry.js';

/** The rule family a row belongs to for the diagnosis (its rule's key), or null when the row is structure. */
function ruleFamily(constraint: Constraint): string | null {
  return constraint.rule?.ruleKey ?? null;
}

/** The row with its rule removed: a commitment becomes "at most once" (its start-once row stays), a policy row disappears. */
function relaxed(constraint: Constraint): Constraint | null {
  if (constraint.rule?.ruleKey === COMMITTED_PROJECTS.key) {
    const { rule: _rule, ...structure } = constraint;
    return { ...structure, lower: -Infinity };
  }
  return null;
}

/** Options of diagnoseInfeasibility. */
export interface DiagnosisOptions {
  /** Time limit of each feasibility solve, seconds; default 20. */
  readonly secondsPerSolve?: number;
  /** Most feasibility solves before giving up on minimality; default 200. */
  readonly maxSolves?: number;
  /** Wall-clock budget of the whole diagnosis, seconds; default 120. Past it, tests are undecided. */
  readonly maxSeconds?: number;
}

type Verdict = 'feasible' | 'infeasible' | 'unknown';

/**
 * Diagnose an infeasible program. Returns null when the program turns out feasible, or when it is
 * infeasible even with every commitment and policy rule removed (then the conflict lies in the
 * envelopes and the register themselves, which the pre-solve checks report).
 */
export async function diagnoseInfeasibility(
  engine: Engine,
  program: LinearProgram,
  kind: PlanKind,
  dataset: Dataset,
  options: DiagnosisOptions = {},
): Promise<InfeasibilityDiagnosis | null> {
  const secondsPerSolve = options.secondsPerSolve ?? 20;
  const maxSolves = options.maxSolves ?? 200;
  const deadline = performance.now() + 1000 * (options.maxSeconds ?? 120);
  let solves = 0;
  let undecided = false;

  const candidateRows = program.constraints.flatMap((constraint, index) => (ruleFamily(constraint) === null ? [] : [index]));
  /** Feasibility of the program keeping only the rule rows in `kept` (structure rows always stay). */
  const verdict = async (kept: ReadonlySet<number>): Promise<Verdict> => {
    const secondsLeft = (deadline - performance.now()) / 1000;
    // No solve may run past the deadline: under planModel's time limit it is the whole run's.
    if (solves >= maxSolves || secondsLeft < 0.05) return 'unknown';
    solves += 1;
    const constraints = program.constraints.flatMap((constraint, index) => {
      if (ruleFamily(constraint) === null || kept.has(index)) return [constraint];
      const row = relaxed(constraint);
      return row === null ? [] : [row];
    });
    const result = await solveProgram(engine, { ...program, name: `${program.name}-feasibility`, constraints, objective: [], objectiveConstant: 0 }, { timeLimitSeconds: Math.min(secondsPerSolve, secondsLeft) });
    if (result.status === 'infeasible') return 'infeasible';
    if (hasSolution(result)) return 'feasible';
    return 'unknown';
  };

  const all = new Set(candidateRows);
  const start = await verdict(all);
  if (start === 'feasible') return null;
  if (start === 'unknown') return undecidedDiagnosis(solves);
  if ((await verdict(new Set())) !== 'feasible') return null;

  // Deletion filter over families, then over the rows of the families that remain.
  const families = [...new Set(candidateRows.map((index) => ruleFamily(program.constraints[index]) as string))];
  let kept = new Set(all);
  for (const family of families) {
    const without = new Set([...kept].filter((index) => ruleFamily(program.constraints[index]) !== family));
    const outcome = await verdict(without);
    if (outcome === 'infeasible') kept = without;
    else if (outcome === 'unknown') undecided = true;
  }
  for (const index of [...kept]) {
    const without = new Set([...kept].filter((other) => other !== index));
    const outcome = await verdict(without);
    if (outcome === 'infeasible') kept = without;
    else if (outcome === 'unknown') undecided = true;
  }

  const rules = [...kept].sort((left, right) => left - right).map((index) => describeRule(program.constraints[index], kind, dataset));
  return { rules, minimal: !undecided, solves };
}

function undecidedDiagnosis(solves: number): InfeasibilityDiagnosis {
  return { rules: [], minimal: false, solves };
}

/** One conflicting row in words an analyst can act on, with the setting that controls it: its rule says both, from the row's tag. */
export function describeRule(constraint: Constraint, kind: PlanKind, dataset: Dataset): ConflictingRule {
  const base = { label: constraint.label, group: constraint.group };
  const rule = constraint.rule === undefined ? undefined : findRule(constraint.rule.ruleKey);
  if (constraint.rule === undefined || rule === undefined) return { ...base, description: constraint.label, setting: constraint.group };
  const bounds = { lower: constraint.lower, upper: constraint.upper, randPerProgramUnit: RAND_PER_PROGRAM_UNIT };
  return { ...base, description: rule.describeConflict(constraint.rule, bounds, kind, dataset), setting: rule.settingToChange(constraint.rule, kind, dataset) };
}

/** The diagnosis as lines for a terminal or a plan warning. */
export function formatDiagnosis(diagnosis: InfeasibilityDiagnosis): string[] {
  if (diagnosis.rules.length === 0) {
    return ['No plan meets every rule; the solver could not narrow down which rules conflict within its time limit.'];
  }
  const lead = diagnosis.minimal
    ? 'No plan meets every rule. These rules cannot all hold with the envelopes, prerequisites and start windows as given; relaxing any one of them makes a plan possible:'
    : 'No plan meets every rule. These rules cannot all hold with the envelopes, prerequisites and start windows as given (some tests were undecided, so the list may be longer than needed):';
  // A national model can have a hundred floors in one conflict; past a screenful per rule family
  // the rest is counted (solve --json lists every rule).
  const lines: string[] = [lead];
  const shownPerGroup = new Map<string, number>();
  const hiddenPerGroup = new Map<string, { count: number; setting: string }>();
  for (const rule of diagnosis.rules) {
    const shown = shownPerGroup.get(rule.group) ?? 0;
    if (shown < RULES_SHOWN_PER_GROUP) {
      lines.push(`${rule.description} [${rule.setting}]`);
      shownPerGroup.set(rule.group, shown + 1);
    } else {
      const hidden = hiddenPerGroup.get(rule.group) ?? { count: 0, setting: rule.setting };
      hiddenPerGroup.set(rule.group, { count: hidden.count + 1, setting: hidden.setting });
    }
  }
  for (const [group, hidden] of hiddenPerGroup) lines.push(`… and ${hidden.count} more ${group.replace(/_/g, ' ')} ${hidden.count === 1 ? 'rule' : 'rules'} [${hidden.setting}] (solve --json lists them all)`);
  return lines;
}

/** Rules of one family printed before the rest are counted. */
const RULES_SHOWN_PER_GROUP = 10;
