/**
 * A tighter form of the master plan's shortfall rows (issue 14, task t1). Each row reads
 *
 *     closed[g, y] − Σ_j capacity_j · start_j ≤ 0,   0 ≤ closed[g, y] ≤ shortfall[g, y],
 *
 * and a project whose capacity is larger than the shortfall it serves lets the LP relaxation
 * close the whole shortfall with a fraction of the project (start_j = shortfall / capacity), at a
 * fraction of its cost. On the default model that makes the LP relaxation 23–35% above the best
 * plan of a stress draw. Capping each coefficient at the shortfall,
 *
 *     closed[g, y] − Σ_j min(capacity_j, shortfall[g, y]) · start_j ≤ 0,
 *
 * keeps every plan (for 0/1 starts: if a funded project's capacity reaches the shortfall the row
 * allows closed = shortfall, as before; otherwise no coefficient changed) and removes those
 * fractional ones: the LP bound then lies about 1% above the best plan, as near as HiGHS's own
 * root bound after its cuts. Every point of the tighter program is a point of the original (the
 * coefficients only shrink towards zero), so its plans need no translation.
 */
import type { LinearProgram } from './linear-program.js';

/** The shortfall rows' group (src/program/portfolio.ts, addShortfallVariables). */
const SHORTFALL_GROUP = 'shortfall_closed';

/** True when the variable can only be 0 or 1. */
function isZeroOne(program: LinearProgram, variable: number): boolean {
  const { kind, lower, upper } = program.variables[variable];
  return (kind === 'binary' || kind === 'integer') && lower >= 0 && upper <= 1;
}

/**
 * The program with each shortfall row's start coefficients capped at the row's shortfall (the
 * upper bound of its `closed` variable). A row not of that exact shape (one continuous `closed`
 * term with coefficient 1 and a finite upper bound, every other term a 0/1 variable with a
 * negative coefficient, upper side 0) is left as it is. Returns the program itself when nothing
 * changes.
 */
export function strengthenShortfallRows(program: LinearProgram): LinearProgram {
  let changed = false;
  const constraints = program.constraints.map((row) => {
    if (row.group !== SHORTFALL_GROUP || row.upper !== 0 || row.lower !== -Infinity) return row;
    const positive = row.terms.filter((term) => term.coefficient > 0);
    if (positive.length !== 1 || positive[0].coefficient !== 1) return row;
    const closed = program.variables[positive[0].variable];
    if (closed.kind !== 'continuous' || closed.lower !== 0 || !Number.isFinite(closed.upper) || closed.upper < 0) return row;
    const shortfall = closed.upper;
    const others = row.terms.filter((term) => term !== positive[0]);
    if (others.some((term) => term.coefficient >= 0 || !isZeroOne(program, term.variable))) return row;
    if (others.every((term) => term.coefficient >= -shortfall)) return row;
    changed = true;
    return { ...row, terms: row.terms.map((term) => (term === positive[0] ? term : { ...term, coefficient: Math.max(term.coefficient, -shortfall) })) };
  });
  return changed ? { ...program, constraints } : program;
}
