/**
 * A solver-neutral linear program: variables with kind and bounds, named constraints with groups,
 * and one objective. Formulations build it; engines translate it. Nothing here knows an engine.
 *
 * Variable and constraint `label`s are domain words for people (`start[WC011-W-01,2027/28]`);
 * engines never see them, they see `x_<index>` and `c_<index>` (see program/lp-names).
 */
import type { RuleTag } from '../rules/rule-types.js';

/** Kind of a decision variable. */
export type VariableKind = 'continuous' | 'integer' | 'binary';

/** A decision variable. */
export interface Variable {
  /** Human label in domain words, unique in the program. */
  readonly label: string;
  /** Continuous, integer or binary (binary implies bounds 0..1). */
  readonly kind: VariableKind;
  /** Lower bound; -Infinity for none. */
  readonly lower: number;
  /** Upper bound; Infinity for none. */
  readonly upper: number;
}

/** One coefficient times one variable (by index into `variables`). */
export interface LinearTerm {
  /** Index into `LinearProgram.variables`. */
  readonly variable: number;
  /** Coefficient; finite. */
  readonly coefficient: number;
}

/** A ranged linear constraint `lower <= sum(terms) <= upper`. */
export interface Constraint {
  /** Human label in domain words, unique in the program. */
  readonly label: string;
  /** Family the constraint belongs to, e.g. `budget`, `prerequisite`; used for reporting and duals. */
  readonly group: string;
  /** The linear expression. */
  readonly terms: readonly LinearTerm[];
  /** Lower bound; -Infinity for none. */
  readonly lower: number;
  /** Upper bound; Infinity for none. */
  readonly upper: number;
  /** For a row a rule adds (src/rules/): which rule and what it is about; absent for structure rows. */
  readonly rule?: RuleTag;
}

/** Direction of optimisation. */
export type Sense = 'maximize' | 'minimize';

/** A complete linear or mixed-integer linear program. */
export interface LinearProgram {
  /** Short name for logs and LP export. */
  readonly name: string;
  /** Maximise or minimise. */
  readonly sense: Sense;
  /** Variables; their position is their identity. */
  readonly variables: readonly Variable[];
  /** Constraints; their position is their identity. */
  readonly constraints: readonly Constraint[];
  /** Objective terms. */
  readonly objective: readonly LinearTerm[];
  /** Constant added to the objective. */
  readonly objectiveConstant: number;
  /**
   * How the program asks solveProgram to write its start decisions for the engine (model.yaml
   * `engine.start_variables`, src/program/cumulative-starts.ts); absent for the default. Derived
   * programs (`{ ...program, ... }`) keep it; it never changes what the program means.
   */
  readonly startForm?: 'single' | 'cumulative';
}
