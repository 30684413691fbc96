/**
 * Cumulative start variables (issue 14): the same portfolio MILP written over "started by year t"
 * instead of "starts in year t". For a project with start binaries x_1 … x_k (in start-year order)
 * and its row x_1 + … + x_k ≤ 1, put z_j = x_1 + … + x_j, so x_j = z_j − z_{j−1} and
 * 0 ≤ z_1 ≤ z_2 ≤ … ≤ z_k ≤ 1. This is an invertible linear change of variables: the LP
 * relaxation is the same polytope (same bound, same row duals) and the integer plans are the same
 * plans. What changes is what a solver branches on: fixing z_j splits the start range in two
 * ("not started by t" / "started by t"), like SOS1 branching, and cumulative sums (capacity in
 * service by y, prerequisites, "started by") telescope to one term.
 *
 * Every rule keeps building its rows over start variables (src/rules/); this file rewrites the
 * finished program by substitution, and maps values both ways, so interpretation and the
 * independent checker always see the original x-form program and its values.
 *
 * The rewrite is exact for any set of binaries with a row Σ x ≤ 1 over exactly them, whatever
 * the order; a chain is only rewritten when that row is found and every member is binary with
 * bounds 0 and 1 (a derived program that relaxed, fixed or dropped rows keeps working: a
 * chain it broke is left in x-form). The order (start year, which is variable order in the
 * builder) only matters for how well branching works.
 */
import type { Constraint, LinearProgram, LinearTerm, Variable } from './linear-program.js';
import { mergeTerms } from './program-builder.js';

/** The group of the portfolio's "start once" rows (src/program/portfolio.ts). */
export const START_ONCE_GROUP = 'start_once';

/** Group of the ordering rows z_{j−1} ≤ z_j added by the cumulative form. */
export const STARTED_BY_ORDER_GROUP = 'started_by_order';

/** Group of the rows linking z to x in the linked forms (research only). */
export const STARTED_BY_LINK_GROUP = 'started_by_link';

/**
 * How start decisions are written for the solver:
 * - `single`: x[p,s] binaries as built (the x-form);
 * - `cumulative`: x substituted by z differences everywhere, z binary (the z-form);
 * - `linked`: x kept as built, z added with z_j = Σ_{i≤j} x_i, both binary (research);
 * - `linked-z-integer`: the same with x continuous, so the solver branches on z only (research).
 */
export type StartForm = 'single' | 'cumulative' | 'linked' | 'linked-z-integer';

/**
 * Below this relative gap solveProgram hands MILPs over in the cumulative form unless told
 * otherwise; at or above it in the single form. Measured on the default model (docs/benchmarks.md,
 * "Cumulative start variables"): at 0.1% the cumulative form reached the gap in a median 41 CPU s
 * against 57 (worst 44 against 72); at 1% every solve ends at the root, where the branching form
 * cannot help and its ordering rows made all four seeds about 10% slower.
 */
export const CUMULATIVE_BELOW_RELATIVE_GAP = 0.01;

/** The start form for a solve that names none: cumulative below a 1% gap (or none given: HiGHS's 1e-4), else single. */
export function defaultStartForm(relativeGap: number | undefined): StartForm {
  return (relativeGap ?? 0) < CUMULATIVE_BELOW_RELATIVE_GAP ? 'cumulative' : 'single';
}

/** The start forms, for settings and messages. */
export const START_FORMS: readonly StartForm[] = ['single', 'cumulative', 'linked', 'linked-z-integer'];

/** A program in another start form, with the maps between its values and the original's. */
export interface StartFormProgram {
  /** The form it is written in. */
  readonly form: StartForm;
  /** The rewritten program (the original itself for `single` or when no chain qualifies). */
  readonly program: LinearProgram;
  /** Chains rewritten: original variable indices in start order. */
  readonly chains: readonly (readonly number[])[];
  /** Values of the original program from values of the rewritten one. */
  toOriginalValues(values: readonly number[]): number[];
  /** Values of the rewritten program from values of the original (a MIP start). */
  fromOriginalValues(values: readonly number[]): number[];
  /** Row duals of the original program from those of the rewritten one (same rows first, added rows after). */
  toOriginalDuals(duals: readonly number[]): number[];
}

/** True when a variable is a binary with bounds 0 and 1 (as the builder makes them; a fixed start is left in x-form). */
function isPlainBinary(variable: Variable): boolean {
  return variable.kind === 'binary' && variable.lower === 0 && variable.upper === 1;
}

/**
 * The chains that can be rewritten: the variables of every `start_once` row (coefficient 1 each,
 * upper bound at most 1, every member a plain binary appearing in no other such row), in variable
 * order, which is start-year order in the portfolio builder.
 */
export function startChains(program: LinearProgram): number[][] {
  const chains: number[][] = [];
  const used = new Set<number>();
  for (const constraint of program.constraints) {
    if (constraint.group !== START_ONCE_GROUP || constraint.upper > 1 || constraint.terms.length === 0) continue;
    const members = constraint.terms.map((term) => term.variable);
    const qualifies =
      constraint.terms.every((term) => term.coefficient === 1 && isPlainBinary(program.variables[term.variable])) &&
      new Set(members).size === members.length &&
      members.every((variable) => !used.has(variable));
    if (!qualifies) continue;
    const chain = [...members].sort((left, right) => left - right);
    for (const variable of chain) used.add(variable);
    chains.push(chain);
  }
  return chains;
}

/** `start[P,2027/28]` → `started_by[P,2027/28]`; any other label gets a `started_by:` prefix. */
function startedByLabel(label: string): string {
  return label.startsWith('start[') ? `started_by[${label.slice('start['.length)}` : `started_by:${label}`;
}

/** The identity rewrite. */
function unchanged(program: LinearProgram, form: StartForm): StartFormProgram {
  return {
    form,
    program,
    chains: [],
    toOriginalValues: (values) => [...values],
    fromOriginalValues: (values) => [...values],
    toOriginalDuals: (duals) => [...duals],
  };
}

/** Rewrite `program` in `form`; `single` (or a program without qualifying chains) returns it unchanged. */
export function toStartForm(program: LinearProgram, form: StartForm): StartFormProgram {
  if (form === 'single') return unchanged(program, form);
  const chains = startChains(program);
  if (chains.length === 0) return unchanged(program, form);
  return form === 'cumulative' ? substituted(program, chains) : linked(program, chains, form);
}

/**
 * The z-form: variable slot of x_j holds z_j, so every other variable keeps its index and every
 * original row keeps its index (the ordering rows come after). A term c·x_j becomes
 * c·z_j − c·z_{j−1}.
 */
function substituted(program: LinearProgram, chains: readonly (readonly number[])[]): StartFormProgram {
  /** The previous member of a chain variable (its z_{j−1}), or −1 for the first. */
  const previousOf = new Map<number, number>();
  for (const chain of chains) chain.forEach((variable, position) => previousOf.set(variable, position === 0 ? -1 : chain[position - 1]));
  const rewrite = (terms: readonly LinearTerm[]): LinearTerm[] => {
    const out: LinearTerm[] = [];
    for (const term of terms) {
      out.push(term);
      const previous = previousOf.get(term.variable);
      if (previous !== undefined && previous >= 0) out.push({ variable: previous, coefficient: -term.coefficient });
    }
    return mergeTerms(out);
  };
  const variables = program.variables.map((variable, index) =>
    previousOf.has(index) ? Object.freeze({ label: startedByLabel(variable.label), kind: 'binary' as const, lower: 0, upper: 1 }) : variable,
  );
  const constraints: Constraint[] = program.constraints.map((constraint) => Object.freeze({ ...constraint, terms: Object.freeze(rewrite(constraint.terms)) }));
  for (const chain of chains) {
    for (let position = 1; position < chain.length; position += 1) {
      // x_j ≥ 0: a project that has started by one year has started by the next.
      constraints.push(
        Object.freeze({
          label: `started_by_order[${program.variables[chain[position]].label}]`,
          group: STARTED_BY_ORDER_GROUP,
          terms: Object.freeze([
            { variable: chain[position - 1], coefficient: 1 },
            { variable: chain[position], coefficient: -1 },
          ]),
          lower: -Infinity,
          upper: 0,
        }),
      );
    }
  }
  const rewritten: LinearProgram = Object.freeze({
    ...program,
    name: `${program.name}-cumulative`,
    variables: Object.freeze(variables),
    constraints: Object.freeze(constraints),
    objective: Object.freeze(rewrite(program.objective)),
  });
  const rowCount = program.constraints.length;
  return {
    form: 'cumulative',
    program: rewritten,
    chains,
    toOriginalValues(values) {
      const out = [...values];
      for (const [variable, previous] of previousOf) if (previous >= 0) out[variable] = values[variable] - values[previous];
      return out;
    },
    fromOriginalValues(values) {
      const out = [...values];
      for (const chain of chains) {
        let sum = 0;
        for (const variable of chain) {
          sum += values[variable];
          out[variable] = sum;
        }
      }
      return out;
    },
    toOriginalDuals: (duals) => duals.slice(0, rowCount),
  };
}

/**
 * The linked forms: x kept with every row as built, z appended with rows z_j − Σ_{i≤j} x_i = 0.
 * In `linked-z-integer` x is continuous: integral z makes x integral, so the plans are the same.
 */
function linked(program: LinearProgram, chains: readonly (readonly number[])[], form: 'linked' | 'linked-z-integer'): StartFormProgram {
  const variables: Variable[] = program.variables.map((variable) => variable);
  const constraints: Constraint[] = [...program.constraints];
  const zOf = new Map<number, number>();
  const xContinuous = form === 'linked-z-integer';
  for (const chain of chains) {
    chain.forEach((variable, position) => {
      const original = program.variables[variable];
      if (xContinuous) variables[variable] = Object.freeze({ ...original, kind: 'continuous' as const });
      const z = variables.length;
      variables.push(Object.freeze({ label: startedByLabel(original.label), kind: 'binary' as const, lower: 0, upper: 1 }));
      zOf.set(variable, z);
      constraints.push(
        Object.freeze({
          label: `started_by_link[${original.label}]`,
          group: STARTED_BY_LINK_GROUP,
          terms: Object.freeze([{ variable: z, coefficient: 1 }, ...chain.slice(0, position + 1).map((member) => ({ variable: member, coefficient: -1 }))]),
          lower: 0,
          upper: 0,
        }),
      );
    });
  }
  const rewritten: LinearProgram = Object.freeze({ ...program, name: `${program.name}-${form}`, variables: Object.freeze(variables), constraints: Object.freeze(constraints) });
  const columnCount = program.variables.length;
  const rowCount = program.constraints.length;
  return {
    form,
    program: rewritten,
    chains,
    toOriginalValues: (values) => values.slice(0, columnCount),
    fromOriginalValues(values) {
      const out = [...values];
      for (const chain of chains) {
        let sum = 0;
        for (const variable of chain) {
          sum += values[variable];
          out[zOf.get(variable) as number] = sum;
        }
      }
      return out;
    },
    toOriginalDuals: (duals) => duals.slice(0, rowCount),
  };
}
