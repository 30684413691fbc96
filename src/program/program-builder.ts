/**
 * A small builder for LinearProgram, in JuMP's add-variables / add-constraints / add-objective
 * style. Formulations call it and never touch an engine. It keeps labels unique, merges repeated
 * variables within one expression and drops zero coefficients, so engines receive a clean matrix.
 */
import type { RuleTag } from '../rules/rule-types.js';
import type { Constraint, LinearProgram, LinearTerm, Sense, Variable, VariableKind } from './linear-program.js';
import { assertValidProgram } from './validate-program.js';

/** Sum coefficients of repeated variables and drop the zeros, keeping first-appearance order. */
export function mergeTerms(terms: readonly LinearTerm[]): LinearTerm[] {
  const coefficientByVariable = new Map<number, number>();
  for (const term of terms) {
    coefficientByVariable.set(term.variable, (coefficientByVariable.get(term.variable) ?? 0) + term.coefficient);
  }
  const merged: LinearTerm[] = [];
  for (const [variable, coefficient] of coefficientByVariable) {
    // NaN is kept on purpose so validation can name it; only exact zeros carry no information.
    if (coefficient !== 0) merged.push(Object.freeze({ variable, coefficient }));
  }
  return merged;
}

/** Builds one LinearProgram; `build()` validates every number and returns a frozen program. */
export class ProgramBuilder {
  private readonly variables: Variable[] = [];
  private readonly constraints: Constraint[] = [];
  private readonly variableIndexByLabel = new Map<string, number>();
  private readonly constraintIndexByLabel = new Map<string, number>();
  private sense: Sense = 'maximize';
  private objective: LinearTerm[] = [];
  private objectiveConstant = 0;
  private objectiveSet = false;

  /** Start a program; `name` appears in logs and in exported LP files. */
  constructor(private readonly name: string) {}

  /**
   * Add a variable and return its index. Bounds default to 0 and Infinity (1 for a binary);
   * use -Infinity / Infinity for none. Throws when the label is already taken.
   */
  addVariable(label: string, kind: VariableKind, lower = 0, upper = kind === 'binary' ? 1 : Infinity): number {
    if (this.variableIndexByLabel.has(label)) {
      throw new Error(`program "${this.name}": duplicate variable label "${label}" (already variable ${this.variableIndexByLabel.get(label)})`);
    }
    const index = this.variables.length;
    this.variables.push(Object.freeze({ label, kind, lower, upper }));
    this.variableIndexByLabel.set(label, index);
    return index;
  }

  /**
   * Add `lower <= sum(terms) <= upper` and return its index; `group` names its family (`budget`)
   * and `rule`, for a row a rule adds, says which rule and what it is about (typed, never a label).
   * Repeated variables in `terms` are summed and zero coefficients dropped. Throws when the label
   * is already taken or a term refers to a variable not added yet.
   */
  addConstraint(label: string, group: string, terms: readonly LinearTerm[], lower: number, upper: number, rule?: RuleTag): number {
    if (this.constraintIndexByLabel.has(label)) {
      throw new Error(`program "${this.name}": duplicate constraint label "${label}" (already constraint ${this.constraintIndexByLabel.get(label)})`);
    }
    this.checkVariableIndices(terms, `constraint "${label}"`);
    const index = this.constraints.length;
    const constraint: Constraint = { label, group, terms: Object.freeze(mergeTerms(terms)), lower, upper, ...(rule !== undefined ? { rule: Object.freeze({ ...rule }) } : {}) };
    this.constraints.push(Object.freeze(constraint));
    this.constraintIndexByLabel.set(label, index);
    return index;
  }

  /** Set the objective `sense sum(terms) + constant`; repeated variables are summed. */
  setObjective(sense: Sense, terms: readonly LinearTerm[], constant = 0): void {
    this.checkVariableIndices(terms, 'objective');
    this.sense = sense;
    this.objective = mergeTerms(terms);
    this.objectiveConstant = constant;
    this.objectiveSet = true;
  }

  /** Index of a variable by label, or undefined. */
  variableIndex(label: string): number | undefined {
    return this.variableIndexByLabel.get(label);
  }

  /** Index of a constraint by label, or undefined. */
  constraintIndex(label: string): number | undefined {
    return this.constraintIndexByLabel.get(label);
  }

  /** Number of variables added so far. */
  get variableCount(): number {
    return this.variables.length;
  }

  /**
   * The finished program, frozen. Throws InvalidProgramError naming every label with a NaN,
   * infinite or out-of-range number, and an Error when no objective was set.
   */
  build(): LinearProgram {
    if (!this.objectiveSet) throw new Error(`program "${this.name}": no objective was set; call setObjective before build`);
    const program: LinearProgram = Object.freeze({
      name: this.name,
      sense: this.sense,
      variables: Object.freeze([...this.variables]),
      constraints: Object.freeze([...this.constraints]),
      objective: Object.freeze([...this.objective]),
      objectiveConstant: this.objectiveConstant,
    });
    assertValidProgram(program);
    return program;
  }

  private checkVariableIndices(terms: readonly LinearTerm[], where: string): void {
    for (const term of terms) {
      if (!Number.isInteger(term.variable) || term.variable < 0 || term.variable >= this.variables.length) {
        throw new Error(`program "${this.name}": ${where} refers to variable index ${term.variable}, but only ${this.variables.length} variables exist`);
      }
    }
  }
}
