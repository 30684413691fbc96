/**
 * The least policy relaxation under which a plan that funds a deferred project can be within the
 * gap of the best, as one MILP (issue 14). The portfolio program with the project forced funded and
 * its total benefit (the project's included) at least a floor; each active policy rule's value
 * becomes a variable that may move only in the direction that relaxes the rule, and the objective
 * minimises the relaxation, each rule's move measured as a share of the way from its value to its
 * off value (so a share lowered from 0.3 to 0.27 costs 0.1, a cap raised from 3 to 4 costs 1/3). The
 * answer is a concrete value per rule that moved, in the rule's own unit (rounded to its step in the
 * relaxing direction).
 *
 * The floor is a necessary condition, not a guess: relaxing a rule only adds plans, so the best plan
 * without the project is worth at least any plan without it known at a less relaxed value (the plan
 * explained, B); a plan that funds the project can be within the gap g of the best only when it is
 * worth at least B / (1 + g). So no relaxation smaller than the MILP's can be an answer, and the
 * caller (explain-deferral.ts) raises the floor when the proof finds a better plan without it.
 *
 * Rules are data: nothing here knows a rule. How a rule's rows depend on its value is read off the
 * rule records themselves, by building the program at two other values of the setting (through the
 * setting record) and comparing the rows by label: a rule whose rows are affine in its value and
 * relax monotonically in one direction is parametrised; any other rule stays fixed (the wider
 * search of explain-deferral.ts still switches it off). A coefficient that moves with the value on a
 * binary start variable x becomes z = δ·x, linearised exactly for binaries by z <= δ and z <= δ̄·x
 * (only the relaxing side is needed: a larger z only helps the row).
 */
import { explainBoxesInCpuSeconds, explainEngine } from './explain-limits.js';
import { NUMBER_KINDS } from '../dataset/limits.js';
import type { Dataset } from '../dataset/types.js';
import { computeIndices } from '../indicators/indices.js';
import type { Constraint, LinearProgram, LinearTerm, Variable } from '../program/linear-program.js';
import { buildPortfolioProgram, type PortfolioLayout } from '../program/portfolio.js';
import { plannedDataset } from '../pipeline/plan-run.js';
import { decisionsOfValues, type Decisions } from '../plan/baseline-stability.js';
import { activePolicyRuleInstances, findRule } from '../rules/registry.js';
import { hasSolution, type Engine, type SolveStatus } from '../solve/engine.js';
import { solveProgram } from '../solve/solve-program.js';
import { solveAnswerProgram } from './explain-extra-money.js';
import { solveFailure, type SolveFailure } from './explain-failure.js';
import type { PlanOptions } from '../plan/plan-model.js';
import { policyRuleValue, withPolicyRuleValue, type PolicyRule, type SuggestedChange } from './explain-changes.js';

/** How one rule's rows move with its value, read off the rule record by building the program at other values. */
export interface RuleParameter {
  /** The rule's key path (`min_service_share.sanitation`). */
  readonly rule: PolicyRule;
  /** Its value in the model. */
  readonly value: number;
  /** +1 when raising the value relaxes the rule (a cap), −1 when lowering it does (a minimum share). */
  readonly direction: 1 | -1;
  /** The furthest the value may move in that direction (its number kind's range), ≥ 0. */
  readonly maxMove: number;
  /** The move that counts as 1 in the objective: the distance to the off value when that lies in the relaxing direction, else the value itself (or 1). */
  readonly span: number;
  /** Step new values are rounded to (1 for whole numbers, else a thousandth of the value's order of magnitude). */
  readonly step: number;
  /** True when values are whole numbers. */
  readonly integer: boolean;
  /** Per row (constraint index in the program at the model's value): coefficient change per unit of move, per variable; and the bound changes. */
  readonly rows: readonly { readonly index: number; readonly termSlopes: ReadonlyMap<number, number>; readonly lowerSlope: number; readonly upperSlope: number }[];
}

/** Relative tolerance when comparing a row built at three values for affinity. */
const AFFINE_TOLERANCE = 1e-7;

/** Terms as a map variable → coefficient (summing duplicates). */
function termMap(terms: readonly LinearTerm[]): Map<number, number> {
  const map = new Map<number, number>();
  for (const term of terms) map.set(term.variable, (map.get(term.variable) ?? 0) + term.coefficient);
  return map;
}

/** Whether two numbers agree to the affinity tolerance (infinities equal only themselves). */
function near(left: number, right: number, scale: number): boolean {
  if (!Number.isFinite(left) || !Number.isFinite(right)) return left === right;
  return Math.abs(left - right) <= AFFINE_TOLERANCE * Math.max(1, scale);
}

/** The step a non-integer rule's new value is rounded to: a hundredth of its order of magnitude (0.3 → 0.001, R500 million → R1 million). */
function stepOf(value: number): number {
  return 10 ** (Math.floor(Math.log10(Math.max(Math.abs(value), 1e-12))) - 2);
}

/** The two probes: every rule at these multiples of its value (on the side of smaller values, where a rule that adds rows only where they bind, a cap, keeps every row it has at its value). */
const PROBE_FACTORS = [0.5, 0.75] as const;

/** The rule rows of `staged`'s program with every rule in `rules` set to `factor` × its value, by label (empty when the variables differ). One program build for all rules: a rule's rows depend on its own setting only. */
function probeRows(staged: Dataset, program: LinearProgram, rules: readonly PolicyRule[], factor: number): Map<string, Constraint> {
  let probed: Dataset = staged;
  for (const rule of rules) probed = { ...probed, config: { ...probed.config, policy: withPolicyRuleValue(probed, rule, policyRuleValue(staged, rule) * factor) } };
  const built = buildPortfolioProgram(probed, computeIndices(probed)).program;
  if (built.variables.length !== program.variables.length) return new Map();
  return new Map(built.constraints.filter((constraint) => constraint.rule !== undefined).map((constraint) => [constraint.label, constraint]));
}

/**
 * How `rule`'s rows depend on its value in `staged` (a planned dataset), or null when they are not
 * affine in it, do not relax in one direction, or move coefficients of variables that are not binary.
 * `program` is the program of `staged` at the model's values; `probes` the rule rows at the two
 * probe factors (computed once for all rules; built here when not given).
 */
export function ruleParameter(staged: Dataset, program: LinearProgram, rule: PolicyRule, probes?: readonly [Map<string, Constraint>, Map<string, Constraint>]): RuleParameter | null {
  const [ruleKey, serviceId] = rule.split('.');
  const record = findRule(ruleKey);
  if (record === undefined || record.setting === null) return null;
  const value = policyRuleValue(staged, rule);
  if (value === 0) return null;
  const kind = NUMBER_KINDS[record.setting.numberKind] as { minimum: number; maximum: number; integer?: boolean };
  const integer = kind.integer === true;
  const mine = (constraint: Constraint): boolean => constraint.rule?.ruleKey === ruleKey && (serviceId === undefined || constraint.rule.serviceId === serviceId);
  const probeA = value * PROBE_FACTORS[0];
  const probeB = value * PROBE_FACTORS[1];
  const [rowsA, rowsB] = probes ?? [probeRows(staged, program, [rule], PROBE_FACTORS[0]), probeRows(staged, program, [rule], PROBE_FACTORS[1])];
  const rows: RuleParameter['rows'][number][] = [];
  let direction: 0 | 1 | -1 = 0;
  const agree = (sign: number): boolean => {
    if (sign === 0) return true;
    const wanted = sign > 0 ? 1 : -1;
    if (direction === 0) direction = wanted;
    return direction === wanted;
  };
  const binaries = new Set(program.variables.flatMap((variable, index) => (variable.kind === 'binary' || (variable.kind === 'integer' && variable.lower === 0 && variable.upper === 1) ? [index] : [])));
  for (const [index, constraint] of program.constraints.entries()) {
    if (!mine(constraint)) continue;
    const a = rowsA.get(constraint.label);
    const b = rowsB.get(constraint.label);
    if (a === undefined || b === undefined || !mine(a) || !mine(b)) return null;
    const own = termMap(constraint.terms);
    const termsA = termMap(a.terms);
    const termsB = termMap(b.terms);
    const termSlopes = new Map<number, number>();
    const scale = Math.max(1, ...[...own.values()].map(Math.abs));
    for (const variable of new Set([...own.keys(), ...termsA.keys(), ...termsB.keys()])) {
      const c0 = own.get(variable) ?? 0;
      const slope = ((termsA.get(variable) ?? 0) - c0) / (probeA - value);
      if (!near(termsB.get(variable) ?? 0, c0 + slope * (probeB - value), scale)) return null;
      if (Math.abs(slope) <= AFFINE_TOLERANCE * scale) continue;
      if (!binaries.has(variable)) return null;
      termSlopes.set(variable, slope);
    }
    const boundSlope = (bound: 'lower' | 'upper'): number | null => {
      const b0 = constraint[bound];
      if (!Number.isFinite(b0)) return a[bound] === b0 && b[bound] === b0 ? 0 : null;
      const slope = (a[bound] - b0) / (probeA - value);
      return near(b[bound], b0 + slope * (probeB - value), Math.abs(b0)) ? (Math.abs(slope) <= AFFINE_TOLERANCE * Math.max(1, Math.abs(b0)) ? 0 : slope) : null;
    };
    const lowerSlope = boundSlope('lower');
    const upperSlope = boundSlope('upper');
    if (lowerSlope === null || upperSlope === null) return null;
    // Moving the value by +1 relaxes a lower row when its terms grow (on non-negative binaries) and its lower bound falls; an upper row the reverse.
    const hasLower = Number.isFinite(constraint.lower);
    const hasUpper = Number.isFinite(constraint.upper);
    if (hasLower && hasUpper && termSlopes.size > 0) return null;
    for (const slope of termSlopes.values()) if (!agree(hasLower ? slope : -slope)) return null;
    if (hasLower && !agree(-lowerSlope)) return null;
    if (hasUpper && !agree(upperSlope)) return null;
    rows.push({ index, termSlopes, lowerSlope, upperSlope });
  }
  if (direction === 0 || rows.length === 0) return null;
  const maxMove = direction > 0 ? kind.maximum - value : value - kind.minimum;
  if (!(maxMove > 0)) return null;
  const off = record.offValue;
  const toOff = off === null ? null : (off - value) * direction;
  const span = toOff !== null && toOff > 0 ? toOff : Math.max(Math.abs(value), integer ? 1 : 1e-9);
  return { rule, value, direction, maxMove, span, step: integer ? 1 : stepOf(value), integer, rows };
}

/** The program of a dataset and its rules' parameters: they do not depend on the project asked about. */
interface Parametrised {
  readonly program: LinearProgram;
  readonly layout: PortfolioLayout;
  readonly parameters: readonly RuleParameter[];
  readonly fixedRules: readonly PolicyRule[];
}

/** Per dataset object: explaining ten projects of one plan reads the rules once (two program builds per rule). */
const PARAMETRISED = new WeakMap<Dataset, Parametrised>();

/** The program of `dataset` (planned) and how each active rule's rows move with its value. */
function parametrised(dataset: Dataset): Parametrised {
  const cached = PARAMETRISED.get(dataset);
  if (cached !== undefined) return cached;
  const staged = plannedDataset(dataset).dataset;
  const { program, layout } = buildPortfolioProgram(staged, computeIndices(staged));
  const parameters: RuleParameter[] = [];
  const fixedRules: PolicyRule[] = [];
  if (layout.infeasibleReasons.length === 0) {
    const rules = activePolicyRuleInstances(staged).map((instance) => instance.keyPath);
    const movable = rules.filter((rule) => policyRuleValue(staged, rule) !== 0);
    const probes = [probeRows(staged, program, movable, PROBE_FACTORS[0]), probeRows(staged, program, movable, PROBE_FACTORS[1])] as const;
    for (const rule of rules) {
      const parameter = ruleParameter(staged, program, rule, probes);
      if (parameter === null) fixedRules.push(rule);
      else parameters.push(parameter);
    }
  }
  const result = { program, layout, parameters, fixedRules };
  PARAMETRISED.set(dataset, result);
  return result;
}

/** The relaxation MILP and where its variables are. */
export interface RelaxationProgram {
  /** The MILP (minimise the relaxation). */
  readonly program: LinearProgram;
  /** The move variable of each parametrised rule. */
  readonly moves: readonly { readonly parameter: RuleParameter; readonly variable: number }[];
  /** The portfolio layout the program was built from (start variables keep their indices). */
  readonly layout: PortfolioLayout;
  /** The active rules that could not be parametrised (kept at their value). */
  readonly fixedRules: readonly PolicyRule[];
}

/**
 * Build the relaxation MILP for `projectId` in `dataset` (carrying any structural change), or null
 * when the project cannot be funded in the program or no active rule can be parametrised.
 * `totalFloor` is the least total benefit of the plan with the project (the project's own
 * included); `minimumMoves` the least move per rule (a relaxation already known not to be enough:
 * later rounds only relax further, so the better plans without the project found there still count).
 */
export function buildRelaxationProgram(dataset: Dataset, projectId: string, totalFloor: number, minimumMoves: ReadonlyMap<PolicyRule, number> = new Map()): RelaxationProgram | null {
  const { program, layout, parameters, fixedRules } = parametrised(dataset);
  if (layout.infeasibleReasons.length > 0) return null;
  const ownStarts = (layout.startVariables.get(projectId) ?? []).map((entry) => entry.variable);
  if (ownStarts.length === 0) return null;
  if (parameters.length === 0) return null;
  const variables: Variable[] = [...program.variables];
  const constraints: Constraint[] = [...program.constraints];
  const extraTerms = new Map<number, LinearTerm[]>();
  const boundShift = new Map<number, { lower: LinearTerm[]; upper: LinearTerm[] }>();
  const moves = parameters.map((parameter) => {
    const upper = parameter.integer ? Math.floor(parameter.maxMove) : parameter.maxMove;
    const lower = Math.min(upper, Math.max(0, minimumMoves.get(parameter.rule) ?? 0));
    variables.push({ label: `relax[${parameter.rule}]`, kind: parameter.integer ? 'integer' : 'continuous', lower, upper });
    const move = variables.length - 1;
    // A move of δ in the relaxing direction changes the value by direction·δ.
    for (const row of parameter.rows) {
      const terms = extraTerms.get(row.index) ?? [];
      for (const [variable, slope] of row.termSlopes) {
        // z = δ·x for binary x: z <= δ, z <= δ̄·x; its coefficient is slope·direction (the relaxing side).
        const bound = upper;
        variables.push({ label: `relax[${parameter.rule}]·${program.variables[variable].label}`, kind: 'continuous', lower: 0, upper: bound });
        const z = variables.length - 1;
        constraints.push({ label: `relax_link_move[${parameter.rule},${variable}]`, group: 'relaxation', terms: [{ variable: z, coefficient: 1 }, { variable: move, coefficient: -1 }], lower: -Infinity, upper: 0 });
        constraints.push({ label: `relax_link_start[${parameter.rule},${variable}]`, group: 'relaxation', terms: [{ variable: z, coefficient: 1 }, { variable, coefficient: -bound }], lower: -Infinity, upper: 0 });
        terms.push({ variable: z, coefficient: slope * parameter.direction });
      }
      if (terms.length > 0) extraTerms.set(row.index, terms);
      // Bounds that move with the value: lower(θ) = lower + lowerSlope·direction·δ, moved to the left-hand side.
      const shift = boundShift.get(row.index) ?? { lower: [], upper: [] };
      if (row.lowerSlope !== 0) shift.lower.push({ variable: move, coefficient: -row.lowerSlope * parameter.direction });
      if (row.upperSlope !== 0) shift.upper.push({ variable: move, coefficient: -row.upperSlope * parameter.direction });
      boundShift.set(row.index, shift);
    }
    return { parameter, variable: move };
  });
  for (const [index, terms] of extraTerms) {
    const constraint = constraints[index];
    const shift = boundShift.get(index) ?? { lower: [], upper: [] };
    // A row has one finite side when it has moving terms (checked in ruleParameter); its bound's own move goes with that side.
    const side = Number.isFinite(constraint.lower) ? shift.lower : shift.upper;
    constraints[index] = { ...constraint, terms: [...constraint.terms, ...terms, ...side] };
  }
  for (const [index, shift] of boundShift) {
    if (extraTerms.has(index)) continue;
    const constraint = constraints[index];
    if (shift.lower.length > 0 && shift.upper.length > 0) {
      // Both bounds move: two rows, each with its own shift.
      constraints[index] = { ...constraint, upper: Infinity, terms: [...constraint.terms, ...shift.lower] };
      constraints.push({ ...constraint, label: `${constraint.label}_upper`, lower: -Infinity, terms: [...constraint.terms, ...shift.upper] });
    } else if (shift.lower.length > 0 || shift.upper.length > 0) {
      constraints[index] = { ...constraint, terms: [...constraint.terms, ...shift.lower, ...shift.upper] };
    }
  }
  // The project funded (exactly one start) and the plan with it worth at least the floor (a hair
  // below, for the solver's tolerance: the floor is a necessary condition and must cut no answer).
  constraints.push({ label: `funded[${projectId}]`, group: 'relaxation', terms: ownStarts.map((variable) => ({ variable, coefficient: 1 })), lower: 1, upper: 1 });
  const floor = totalFloor - 1e-7 * Math.max(1, Math.abs(totalFloor)) - program.objectiveConstant;
  constraints.push({ label: 'benefit_with_project_floor', group: 'benefit_floor', terms: program.objective, lower: floor, upper: Infinity });
  return {
    program: {
      name: `${program.name}-policy-relaxation-${projectId}`,
      sense: 'minimize',
      variables,
      constraints,
      objective: moves.map(({ parameter, variable }) => ({ variable, coefficient: 1 / parameter.span })),
      objectiveConstant: 0,
    },
    moves,
    layout,
    fixedRules,
  };
}

/** What the relaxation MILP found. */
export interface RelaxationAnswer {
  /** Discriminant: a relaxation was found. */
  readonly kind: 'answer';
  /** One `relax_policy` change with its new value per rule that moved. */
  readonly changes: SuggestedChange[];
  /** The MILP's status. */
  readonly status: SolveStatus;
  /** Its proven relative gap on the relaxation, or null. */
  readonly gap: number | null;
  /** The MILP's decisions (start year per project id): they fund the project under the relaxed rules. */
  readonly decisions: Decisions;
  /** The move of each parametrised rule in the answer (its new value's distance from the model's, in the rule's unit; 0 for a rule that did not move): the least moves of a next round. */
  readonly moves: ReadonlyMap<PolicyRule, number>;
  /** The active rules kept at their value (not parametrisable). */
  readonly fixedRules: readonly PolicyRule[];
}

/** A rule's new value: the model's value moved by the MILP's δ, rounded to its step in the relaxing direction (a further move only relaxes more). */
function newValue(parameter: RuleParameter, move: number): number {
  const steps = Math.ceil(move / parameter.step - 1e-6);
  const moved = parameter.value + parameter.direction * steps * parameter.step;
  // Rounded to the step's decimals, so 0.3 − 0.033 reads 0.267.
  const decimals = Math.max(0, -Math.floor(Math.log10(parameter.step)));
  return Number(moved.toFixed(Math.min(12, decimals)));
}

/**
 * A MIP start: the plan's decisions with the project added, each other project keeping its start
 * or dropped (a small MILP of the relaxation program: a project with money left over in no year
 * must make room, and the benefit floor allows dropping up to the gap). Null when none is found in
 * the time given.
 */
async function relaxationStart(engine: Engine, built: RelaxationProgram, projectId: string, planDecisions: Decisions, seconds: number): Promise<readonly number[] | null> {
  const keepOrDrop = new Map<number, number>();
  for (const [id, entries] of built.layout.startVariables) {
    if (id === projectId) continue;
    const startYear = planDecisions[id] ?? null;
    for (const entry of entries) if (entry.financialYear !== startYear) keepOrDrop.set(entry.variable, 0);
  }
  const restricted: LinearProgram = {
    ...built.program,
    name: `${built.program.name}-keep-or-drop`,
    variables: built.program.variables.map((variable, index) => (keepOrDrop.has(index) ? { ...variable, lower: 0, upper: 0 } : variable)),
  };
  const solved = await solveProgram(engine, restricted, { timeLimitSeconds: seconds });
  return hasSolution(solved) ? solved.values : null;
}

/**
 * Solve the relaxation MILP: the least relaxation of the policy rules under which a plan funds
 * `projectId` and is worth at least `totalFloor` (the project's benefit included); null when there is
 * none (no rule can move, or the solver proved the MILP infeasible), a `solve_failed` when the MILP
 * found no plan for another reason (its time box, a solver error): that proves nothing. `planDecisions` (a plan without the project) seed the MIP start;
 * `minimumMoves` are moves already known not to be enough.
 */
export async function leastPolicyRelaxation(
  dataset: Dataset,
  projectId: string,
  totalFloor: number,
  planOptions: PlanOptions,
  planDecisions?: Decisions,
  minimumMoves: ReadonlyMap<PolicyRule, number> = new Map(),
): Promise<RelaxationAnswer | SolveFailure | null> {
  const built = buildRelaxationProgram(dataset, projectId, totalFloor, minimumMoves);
  if (built === null) return null;
  // Every limit of this MILP and its start counts CPU seconds (explain-limits.ts), so a busy machine does not cut it short (where a CPU limit stops it can still move a little with the machine's speed).
  const engine = explainEngine(planOptions.engine);
  const startValues = planDecisions === undefined || !engine.capabilities.integers ? null : await relaxationStart(engine, built, projectId, planDecisions, Math.min(10, planOptions.timeLimitSeconds ?? 10));
  const result = await solveAnswerProgram(engine, built.program, planOptions, startValues);
  if (result.status === 'infeasible') return null;
  if (!hasSolution(result)) return solveFailure('the least-policy-relaxation MILP', result.status, result.rawStatus, planOptions.timeLimitSeconds ?? null, explainBoxesInCpuSeconds(planOptions.engine));
  const values = result.values;
  const changes = built.moves
    .filter(({ variable }) => values[variable] > 1e-9)
    .map(({ parameter, variable }): SuggestedChange => ({ kind: 'relax_policy', rule: parameter.rule, value: newValue(parameter, values[variable]) }));
  const moves = new Map(built.moves.map(({ parameter }) => {
    const change = changes.find((candidate) => candidate.kind === 'relax_policy' && candidate.rule === parameter.rule);
    const value = change?.kind === 'relax_policy' && change.value !== undefined ? change.value : parameter.value;
    return [parameter.rule, Math.abs(value - parameter.value)] as const;
  }));
  return { kind: 'answer', changes, status: result.status, gap: result.gap, decisions: decisionsOfValues(built.layout, values), fixedRules: built.fixedRules, moves };
}
