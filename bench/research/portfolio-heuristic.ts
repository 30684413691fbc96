/**
 * RESEARCH CODE, not on any command's path: kept beside the bench because docs/benchmarks.md
 * ("A primal heuristic as the MIP start") measured it and found it does not speed up the solve
 * (its plans are 6-7% below the optimum on the default model; HiGHS is only faster with a start
 * within about 0.1%), nor does polishing HiGHS's incumbents with its local search and handing them
 * back during the run ("Handing polished plans back to HiGHS"). It is tested so a later attempt
 * can start from a correct baseline.
 *
 * A primal heuristic for the portfolio MILP: a plan found without branching, handed to the engine
 * as its MIP start so the solve spends its time on the bound rather than on finding plans.
 *
 * It reads the solver-neutral program and the portfolio layout, never the Dataset, so a new rule
 * keeps working as long as it adds rows over start variables (the only terms the rule context
 * can build):
 *
 *  - rows whose terms are all start binaries (start once, prerequisites, exclusive groups,
 *    concurrency, shares, floors, facility rules, baseline locks, a budget row whose projects all
 *    have one source) are tracked as activities against their bounds;
 *  - the money (spending rows, split variables, budget rows with carry-over) is a flow network:
 *    a set of starts can be paid for exactly when a maximum flow from the demands to the
 *    envelopes carries every rand (money of a year may flow on to later years of a carry-over
 *    source, never back);
 *  - a continuous variable that sits in one row beside start variables only (the closed
 *    shortfall of a master plan balance) takes the best value that row allows, so its benefit is
 *    counted exactly.
 *
 * It constructs (commitments and floors first, then greedy by benefit per rand over every start
 * year) and improves (add, shift a start year, drop one for another, drop and refill) under a
 * fixed amount of work, never a clock, so identical inputs give the identical start. The plan is
 * verified against every row of the program before it is returned; anything it does not
 * recognise, or a plan that fails the check, gives no start at all.
 */
import type { LinearProgram } from '../../src/program/linear-program.js';
import type { PortfolioLayout } from '../../src/program/portfolio.js';
import { computeObjective, verifySolution } from '../../src/solve/verify-solution.js';

/** Slack below which an activity counts as on its bound (rows are in R million, shares, counts). */
const ROW_TOLERANCE = 1e-7;

/** Rand (program money units) a maximum flow may leave unrouted and still count as paid for. */
const FLOW_TOLERANCE = 1e-6;

/** Price added to every row price, benefit points per R million, so no money is free. */
const PRICE_FLOOR_SHARE = 1e-3;

/** Default work limit: candidate moves whose money is checked by a maximum flow. */
export const DEFAULT_MONEY_CHECKS = 60_000;

/** Options of findPortfolioStart. */
export interface PortfolioHeuristicOptions {
  /** Most maximum-flow checks of money (the unit of work); default DEFAULT_MONEY_CHECKS. */
  readonly moneyChecks?: number;
  /**
   * A value per variable of the program's LP relaxation, to guide construction: starts the LP
   * takes whole come first, then fractional ones by their value. Absent: greedy by benefit per rand.
   */
  readonly guide?: readonly number[];
  /**
   * A price per row (the LP relaxation's duals): the money a start needs is priced at the duals of
   * the budget and spending rows it draws on, so scarce years cost more. Absent: every rand costs the same.
   */
  readonly rowPrices?: readonly number[];
  /**
   * A feasible plan to improve (a value per variable, e.g. an engine's incumbent or a baseline):
   * construction starts from its starts instead of from nothing.
   */
  readonly initial?: readonly number[];
  /** Clock for the seconds reported, milliseconds; default performance.now. */
  readonly clock?: () => number;
}

/** A start the heuristic found: a feasible point of the program. */
export interface PortfolioStart {
  readonly found: true;
  /** A value per variable (program indexing), verified against every row and bound. */
  readonly values: readonly number[];
  /** Objective of the values (benefit points), including the program's constant. */
  readonly objective: number;
  /** Objective after construction, before improvement, for the record. */
  readonly constructedObjective: number;
  /** Seconds the heuristic took. */
  readonly seconds: number;
  /** Maximum-flow checks of money it made. */
  readonly moneyChecks: number;
}

/** No start: why not, in words. */
export interface NoPortfolioStart {
  readonly found: false;
  /** Why no start was found (a row shape it does not know, a floor it could not meet, a failed check). */
  readonly reason: string;
  /** Seconds the heuristic took. */
  readonly seconds: number;
}

/** Maximum flow (Dinic) on a small graph with real capacities; edges are reset between checks. */
class MaximumFlow {
  private readonly head: number[];
  private readonly to: number[] = [];
  private readonly next: number[] = [];
  /** Residual capacity per edge. */
  readonly residual: number[] = [];
  /** Capacity per edge as last set. */
  readonly capacity: number[] = [];
  private readonly level: Int32Array;
  private readonly cursor: Int32Array;

  constructor(private readonly nodeCount: number) {
    this.head = new Array<number>(nodeCount).fill(-1);
    this.level = new Int32Array(nodeCount);
    this.cursor = new Int32Array(nodeCount);
  }

  /** Add an edge and its reverse; returns the edge's index (the reverse is index + 1). */
  addEdge(from: number, to: number, capacity: number): number {
    const edge = this.to.length;
    this.to.push(to, from);
    this.capacity.push(capacity, 0);
    this.residual.push(capacity, 0);
    this.next.push(this.head[from], this.head[to]);
    this.head[from] = edge;
    this.head[to] = edge + 1;
    return edge;
  }

  /** Flow carried by an edge in the last computation. */
  flowOn(edge: number): number {
    return this.residual[edge ^ 1];
  }

  /** The largest flow from `source` to `sink` with the current capacities. */
  compute(source: number, sink: number): number {
    for (let edge = 0; edge < this.residual.length; edge += 1) this.residual[edge] = this.capacity[edge];
    let total = 0;
    while (this.buildLevels(source, sink)) {
      for (let node = 0; node < this.nodeCount; node += 1) this.cursor[node] = this.head[node];
      for (let pushed = this.push(source, sink, Infinity); pushed > 0; pushed = this.push(source, sink, Infinity)) total += pushed;
    }
    return total;
  }

  private buildLevels(source: number, sink: number): boolean {
    this.level.fill(-1);
    this.level[source] = 0;
    const queue = [source];
    for (let position = 0; position < queue.length; position += 1) {
      const node = queue[position];
      for (let edge = this.head[node]; edge !== -1; edge = this.next[edge]) {
        if (this.residual[edge] > FLOW_TOLERANCE * 1e-3 && this.level[this.to[edge]] < 0) {
          this.level[this.to[edge]] = this.level[node] + 1;
          queue.push(this.to[edge]);
        }
      }
    }
    return this.level[sink] >= 0;
  }

  private push(node: number, sink: number, limit: number): number {
    if (node === sink) return limit;
    for (; this.cursor[node] !== -1; this.cursor[node] = this.next[this.cursor[node]]) {
      const edge = this.cursor[node];
      const target = this.to[edge];
      if (this.residual[edge] > FLOW_TOLERANCE * 1e-3 && this.level[target] === this.level[node] + 1) {
        const pushed = this.push(target, sink, Math.min(limit, this.residual[edge]));
        if (pushed > 0) {
          this.residual[edge] -= pushed;
          // The partner of edge e is e ^ 1 (a forward edge is even, its reverse odd).
          this.residual[edge ^ 1] += pushed;
          return pushed;
        }
      }
    }
    return 0;
  }
}

/** One start variable as a choice: project, year, what it earns and what it spends where. */
interface StartOption {
  readonly project: number;
  readonly variable: number;
  readonly financialYear: number;
  /** Objective coefficient. */
  readonly benefit: number;
  /** Money it needs at each network node (R million, positive). */
  readonly demand: readonly { readonly node: number; readonly amount: number }[];
  /** Its coefficient in each tracked row. */
  readonly rows: readonly { readonly row: number; readonly coefficient: number }[];
  /** Total money it spends, R million. */
  readonly cost: number;
}

/** A continuous variable priced by its one row: value = best point of that row's interval. */
interface DependentVariable {
  readonly variable: number;
  readonly coefficientInRow: number;
  readonly objective: number;
  readonly lower: number;
  readonly upper: number;
}

/** The program read as choices, tracked rows, dependent variables and the money network. */
class PortfolioSearch {
  readonly options: StartOption[] = [];
  /** Option indices per project. */
  readonly optionsOfProject: number[][] = [];
  /** Chosen option per project, -1 for unfunded. */
  readonly chosen: Int32Array;
  private readonly rowActivity: Float64Array;
  private readonly rowLower: Float64Array;
  private readonly rowUpper: Float64Array;
  /** 1 for a row tracked by its activity (not a money row). */
  private readonly tracked: Uint8Array;
  /** Dependent variable of a tracked row, if any. */
  private readonly dependentOfRow: (DependentVariable | undefined)[];
  private readonly nodeDemand: Float64Array;
  private readonly flow: MaximumFlow;
  private readonly supplyEdges: number[];
  private readonly flowSource: number;
  private readonly flowSink: number;
  /** Split variables as flow edges. */
  private readonly splitEdges: { readonly edge: number; readonly variable: number }[] = [];
  /** Budget rows with a carry-over variable: its carry out and (when not the first year) carry in. */
  private readonly carryRows: { readonly row: number; readonly carryOut: number; readonly carryIn: number | null }[] = [];
  private readonly sign: number;
  /** Cost per option used to rank additions: its rand, or its rand at the row prices. */
  rankingCost: Float64Array = new Float64Array(0);
  /** Network node per row (undefined for tracked rows). */
  readonly rowOfNode: number[] = [];
  /** Why the last refused move was refused: a floor later additions may lift, or anything else. */
  lastRefusal: 'floor' | 'final' = 'final';
  benefitOfChoices = 0;
  dependentBenefit = 0;
  moneyChecks = 0;

  private constructor(readonly program: LinearProgram, layout: PortfolioLayout) {
    this.sign = program.sense === 'maximize' ? 1 : -1;
    const variableCount = program.variables.length;
    const rowCount = program.constraints.length;
    const projectOf = new Int32Array(variableCount).fill(-1);
    const yearOf = new Int32Array(variableCount);
    let project = 0;
    for (const entries of layout.startVariables.values()) {
      for (const entry of entries) {
        projectOf[entry.variable] = project;
        yearOf[entry.variable] = entry.financialYear;
      }
      this.optionsOfProject.push([]);
      project += 1;
    }
    this.chosen = new Int32Array(project).fill(-1);
    const objectiveOf = new Float64Array(variableCount);
    for (const term of program.objective) objectiveOf[term.variable] += term.coefficient;
    this.rowLower = Float64Array.from(program.constraints, (constraint) => constraint.lower);
    this.rowUpper = Float64Array.from(program.constraints, (constraint) => constraint.upper);
    this.rowActivity = new Float64Array(rowCount);
    this.dependentOfRow = new Array<DependentVariable | undefined>(rowCount);

    // The money network: the layout's split and carry variables, its budget rows, the rows the splits balance.
    const splitVariables = new Set<number>();
    for (const entries of [...layout.spendVariables.values(), ...layout.operatingFlows.spendVariables.values()]) for (const entry of entries) splitVariables.add(entry.index);
    const carryVariables = new Set(layout.carryVariables.map((entry) => entry.index));
    const budgetRows = new Set(layout.budgetRows.map((entry) => entry.index));
    const rowsOfVariable: number[][] = Array.from({ length: variableCount }, () => []);
    program.constraints.forEach((constraint, row) => {
      for (const term of constraint.terms) rowsOfVariable[term.variable].push(row);
    });
    const networkRows = new Set(budgetRows);
    for (const variable of splitVariables) for (const row of rowsOfVariable[variable]) networkRows.add(row);
    const nodeOfRow = new Map<number, number>();
    for (const row of [...networkRows].sort((left, right) => left - right)) {
      this.rowOfNode.push(row);
      nodeOfRow.set(row, nodeOfRow.size);
    }
    const nodeCount = nodeOfRow.size;
    this.tracked = Uint8Array.from(program.constraints, (_, row) => (nodeOfRow.has(row) ? 0 : 1));
    this.flowSource = nodeCount;
    this.flowSink = nodeCount + 1;
    this.flow = new MaximumFlow(nodeCount + 2);
    this.nodeDemand = new Float64Array(nodeCount);
    this.supplyEdges = Array.from({ length: nodeCount }, (_, node) => this.flow.addEdge(this.flowSource, node, 0));

    const unknown = (what: string): never => {
      throw new UnrecognisedProgram(what);
    };
    for (let variable = 0; variable < variableCount; variable += 1) {
      if (projectOf[variable] >= 0) {
        const declared = program.variables[variable];
        if (declared.kind !== 'binary' && !(declared.kind === 'integer' && declared.lower >= 0 && declared.upper <= 1)) unknown(`start variable ${declared.label} is not binary`);
        continue;
      }
      const declared = program.variables[variable];
      if (declared.kind !== 'continuous') unknown(`variable ${declared.label} is an integer outside the start variables`);
      const rows = rowsOfVariable[variable];
      if (splitVariables.has(variable)) {
        // A split of a source set: +1 in its spending row (demand) and +1 in its source's budget row.
        const budget = rows.find((row) => budgetRows.has(row));
        const spending = rows.find((row) => !budgetRows.has(row));
        if (rows.length !== 2 || budget === undefined || spending === undefined || declared.lower !== 0 || declared.upper !== Infinity) unknown(`split variable ${declared.label} is not one spending row and one budget row`);
        if (objectiveOf[variable] !== 0) unknown(`split variable ${declared.label} has an objective coefficient`);
        this.splitEdges.push({ variable, edge: this.flow.addEdge(nodeOfRow.get(spending as number) as number, nodeOfRow.get(budget as number) as number, Infinity) });
      } else if (carryVariables.has(variable)) {
        if (declared.lower !== 0 || declared.upper !== Infinity || objectiveOf[variable] !== 0) unknown(`carry variable ${declared.label} is not free non-negative money`);
      } else {
        // A dependent variable: one row, beside start variables only.
        const row = rows[0];
        if (rows.length !== 1 || networkRows.has(row)) unknown(`variable ${declared.label} is in ${rows.length} rows`);
        const constraint = program.constraints[row];
        let coefficientInRow = 0;
        for (const term of constraint.terms) {
          if (term.variable === variable) coefficientInRow += term.coefficient;
          else if (projectOf[term.variable] < 0) unknown(`row ${constraint.label} holds two continuous variables`);
        }
        if (coefficientInRow === 0 || this.dependentOfRow[row] !== undefined) unknown(`row ${constraint.label} has no usable continuous variable`);
        this.dependentOfRow[row] = { variable, coefficientInRow, objective: objectiveOf[variable], lower: declared.lower, upper: declared.upper };
      }
    }
    // Carry-over budget rows: +1 carry out of the year, -1 carry in from the year before.
    for (const row of budgetRows) {
      const constraint = program.constraints[row];
      let carryOut: number | null = null;
      let carryIn: number | null = null;
      for (const term of constraint.terms) {
        if (!carryVariables.has(term.variable)) continue;
        if (term.coefficient === 1 && carryOut === null) carryOut = term.variable;
        else if (term.coefficient === -1 && carryIn === null) carryIn = term.variable;
        else unknown(`budget row ${constraint.label} has an unexpected carry term`);
      }
      if (carryOut === null && carryIn !== null) unknown(`budget row ${constraint.label} carries money in but not out`);
      if (carryOut === null && Number.isFinite(constraint.lower)) unknown(`budget row ${constraint.label} has a floor`);
      if (carryOut !== null) this.carryRows.push({ row, carryOut, carryIn });
      if (!Number.isFinite(constraint.upper) || constraint.upper < 0) unknown(`budget row ${constraint.label} has no envelope`);
    }
    // Envelopes go to the sink; money left in a carry-over year flows on to the next year's row.
    const rowOfCarryIn = new Map<number, number>();
    for (const entry of this.carryRows) if (entry.carryIn !== null) rowOfCarryIn.set(entry.carryIn, entry.row);
    for (const row of budgetRows) this.flow.addEdge(nodeOfRow.get(row) as number, this.flowSink, program.constraints[row].upper);
    for (const entry of this.carryRows) {
      const laterRow = rowOfCarryIn.get(entry.carryOut);
      // Demand of the later year may use this year's money: flow from the later node to this one.
      if (laterRow !== undefined) this.flow.addEdge(nodeOfRow.get(laterRow) as number, nodeOfRow.get(entry.row) as number, Infinity);
    }
    for (const variable of carryVariables) {
      const rows = rowsOfVariable[variable];
      if (rows.some((row) => !budgetRows.has(row)) || rows.length > 2) unknown(`carry variable ${program.variables[variable].label} is outside the budget rows`);
    }
    for (const row of networkRows) {
      if (budgetRows.has(row)) continue;
      const constraint = program.constraints[row];
      if (constraint.lower !== 0 || constraint.upper !== 0) unknown(`spending row ${constraint.label} is not a balance`);
    }

    // The choices: one per start variable, with its tracked rows and its money per node.
    const rowsOfStart: { row: number; coefficient: number }[][] = Array.from({ length: variableCount }, () => []);
    const demandOfStart: { node: number; amount: number }[][] = Array.from({ length: variableCount }, () => []);
    program.constraints.forEach((constraint, row) => {
      const node = nodeOfRow.get(row);
      const isBudget = budgetRows.has(row);
      for (const term of constraint.terms) {
        if (projectOf[term.variable] < 0) continue;
        if (node === undefined) rowsOfStart[term.variable].push({ row, coefficient: term.coefficient });
        else {
          const amount = isBudget ? term.coefficient : -term.coefficient;
          if (amount < 0) unknown(`row ${constraint.label} gives money back for a start`);
          demandOfStart[term.variable].push({ node, amount });
        }
      }
    });
    for (let variable = 0; variable < variableCount; variable += 1) {
      const owner = projectOf[variable];
      if (owner < 0) continue;
      const demand = demandOfStart[variable];
      const option: StartOption = {
        project: owner,
        variable,
        financialYear: yearOf[variable],
        benefit: objectiveOf[variable] * this.sign,
        demand,
        rows: rowsOfStart[variable],
        cost: demand.reduce((sum, entry) => sum + entry.amount, 0),
      };
      this.optionsOfProject[owner].push(this.options.length);
      this.options.push(option);
    }
    for (let row = 0; row < rowCount; row += 1) if (this.dependentOfRow[row] !== undefined) this.dependentBenefit += this.dependentValue(row).benefit;
  }

  /** The search over a portfolio program, or the reason it cannot be read as one. */
  static read(program: LinearProgram, layout: PortfolioLayout): PortfolioSearch | string {
    try {
      return new PortfolioSearch(program, layout);
    } catch (error) {
      if (error instanceof UnrecognisedProgram) return error.message;
      throw error;
    }
  }

  /** Objective of the current choices (in the maximising sense), without the program's constant. */
  objective(): number {
    return this.benefitOfChoices + this.dependentBenefit;
  }

  /** Value and benefit of a row's dependent variable at the row's activity; NaN value when no value fits. */
  private dependentValue(row: number): { value: number; benefit: number } {
    const dependent = this.dependentOfRow[row] as DependentVariable;
    const activity = this.rowActivity[row];
    const a = dependent.coefficientInRow;
    const fromLower = (this.rowLower[row] - activity) / a;
    const fromUpper = (this.rowUpper[row] - activity) / a;
    const low = Math.max(dependent.lower, a > 0 ? fromLower : fromUpper);
    const high = Math.min(dependent.upper, a > 0 ? fromUpper : fromLower);
    if (low > high + ROW_TOLERANCE) return { value: Number.NaN, benefit: -Infinity };
    const gain = dependent.objective * this.sign;
    // The best point of [low, high]; an unbounded side with no gain takes the finite one.
    let value = gain > 0 ? high : gain < 0 ? low : Number.isFinite(low) ? low : high;
    if (!Number.isFinite(value)) value = Number.isFinite(low) ? low : Number.isFinite(high) ? high : 0;
    if (!Number.isFinite(value)) return { value: Number.NaN, benefit: -Infinity };
    return { value: Math.min(Math.max(value, low), Math.max(low, high)), benefit: gain * value };
  }

  /** How far a tracked row is outside its bounds (0 inside); a row with a dependent variable counts when no value fits. */
  private rowViolation(row: number): number {
    if (this.tracked[row] === 0) return 0;
    if (this.dependentOfRow[row] !== undefined) return Number.isNaN(this.dependentValue(row).value) ? 1 : 0;
    const activity = this.rowActivity[row];
    const scale = 1 + Math.abs(activity);
    return Math.max(0, this.rowLower[row] - activity - ROW_TOLERANCE * scale) + Math.max(0, activity - this.rowUpper[row] - ROW_TOLERANCE * scale);
  }

  /** Labels of the tracked rows outside their bounds. */
  violatedRows(): string[] {
    const labels: string[] = [];
    for (let row = 0; row < this.rowActivity.length; row += 1) if (this.rowViolation(row) > 0) labels.push(this.program.constraints[row].label);
    return labels;
  }

  /** Sum of every tracked row's violation. */
  totalViolation(): number {
    let total = 0;
    for (let row = 0; row < this.rowActivity.length; row += 1) total += this.rowViolation(row);
    return total;
  }

  /** Add (sign +1) or remove (-1) an option's contributions; touched rows collected. */
  private apply(option: number, sign: 1 | -1, touched: Set<number>): void {
    const chosen = this.options[option];
    this.benefitOfChoices += sign * chosen.benefit;
    for (const entry of chosen.rows) {
      this.rowActivity[entry.row] += sign * entry.coefficient;
      touched.add(entry.row);
    }
    for (const entry of chosen.demand) this.nodeDemand[entry.node] += sign * entry.amount;
  }

  /** Can the current choices be paid for? One maximum flow. */
  affordable(): boolean {
    this.moneyChecks += 1;
    let total = 0;
    for (let node = 0; node < this.supplyEdges.length; node += 1) {
      const demand = Math.max(0, this.nodeDemand[node]);
      this.flow.capacity[this.supplyEdges[node]] = demand;
      total += demand;
    }
    if (total <= FLOW_TOLERANCE) return true;
    return this.flow.compute(this.flowSource, this.flowSink) >= total - FLOW_TOLERANCE * Math.max(1, total * 1e-6);
  }

  /**
   * Make the changes (project → option, -1 to unfund), and keep them when no tracked row's
   * violation grows, the money is paid for and `accept(objective before, after)` agrees; else
   * undo them. Returns true when kept.
   */
  tryMove(changes: readonly (readonly [number, number])[], accept: (before: number, after: number) => boolean): boolean {
    const before = this.objective();
    const previous = changes.map(([project]) => this.chosen[project]);
    const touched = new Set<number>();
    // Violations and dependent benefits of the rows a move touches, before it.
    const touchedRows = new Set<number>();
    for (const [project, option] of changes) {
      const current = this.chosen[project];
      if (current >= 0) for (const entry of this.options[current].rows) touchedRows.add(entry.row);
      if (option >= 0) for (const entry of this.options[option].rows) touchedRows.add(entry.row);
    }
    const violationBefore = new Map<number, number>();
    let dependentBefore = 0;
    for (const row of touchedRows) {
      violationBefore.set(row, this.rowViolation(row));
      if (this.dependentOfRow[row] !== undefined) dependentBefore += this.dependentValue(row).benefit;
    }
    let moneyGrows = false;
    for (const [project, option] of changes) {
      const current = this.chosen[project];
      if (current >= 0) this.apply(current, -1, touched);
      if (option >= 0) {
        this.apply(option, 1, touched);
        if (this.options[option].cost > 0) moneyGrows = true;
      }
      this.chosen[project] = option;
    }
    let dependentAfter = 0;
    let kept = true;
    for (const row of touchedRows) {
      if (this.rowViolation(row) > (violationBefore.get(row) as number) + 1e-12) {
        kept = false;
        // Below a floor (a share, a minimum) may be fixed by later additions; above a cap never is.
        this.lastRefusal = this.rowActivity[row] < this.rowLower[row] ? 'floor' : 'final';
        break;
      }
      if (this.dependentOfRow[row] !== undefined) dependentAfter += this.dependentValue(row).benefit;
    }
    if (kept) {
      this.dependentBenefit += dependentAfter - dependentBefore;
      kept = accept(before, this.objective());
      this.lastRefusal = 'final';
      if (kept && moneyGrows) kept = this.affordable();
      if (!kept) this.dependentBenefit -= dependentAfter - dependentBefore;
    }
    if (!kept) this.undo(changes, previous);
    return kept;
  }

  /** Objective change of the changes when the rows allow them (money not checked); NaN when a row does not. */
  moveGain(changes: readonly (readonly [number, number])[]): number {
    let gain = Number.NaN;
    const saved = this.moneyChecks;
    this.tryMove(changes, (before, after) => {
      gain = after - before;
      return false;
    });
    this.moneyChecks = saved;
    return gain;
  }

  private undo(changes: readonly (readonly [number, number])[], previous: readonly number[]): void {
    const touched = new Set<number>();
    for (let position = changes.length - 1; position >= 0; position -= 1) {
      const project = changes[position][0];
      const current = this.chosen[project];
      if (current >= 0) this.apply(current, -1, touched);
      if (previous[position] >= 0) this.apply(previous[position], 1, touched);
      this.chosen[project] = previous[position];
    }
  }

  /**
   * What choosing `option` (for an unfunded project) would add to the objective now: its own
   * benefit and the change of the dependent variables of its rows (the shortfall it would close).
   */
  marginalGain(option: number): number {
    const chosen = this.options[option];
    let gain = chosen.benefit;
    for (const entry of chosen.rows) {
      if (this.dependentOfRow[entry.row] === undefined) continue;
      const before = this.dependentValue(entry.row).benefit;
      this.rowActivity[entry.row] += entry.coefficient;
      const after = this.dependentValue(entry.row).benefit;
      this.rowActivity[entry.row] -= entry.coefficient;
      gain += after - before;
    }
    return gain;
  }

  /** The rows of a start-once row with a floor of 1: the projects that must be funded. */
  isCommitted(project: number): boolean {
    const first = this.optionsOfProject[project][0];
    if (first === undefined) return false;
    return this.options[first].rows.some((entry) => this.program.constraints[entry.row].group === 'start_once' && this.rowLower[entry.row] >= 1 - ROW_TOLERANCE);
  }

  /** How much an option would reduce the violation of rows below their floor, per rand. */
  floorGain(option: number): number {
    let gain = 0;
    for (const entry of this.options[option].rows) {
      const lower = this.rowLower[entry.row];
      if (!Number.isFinite(lower) || this.dependentOfRow[entry.row] !== undefined) continue;
      const activity = this.rowActivity[entry.row];
      gain += Math.max(0, lower - activity) - Math.max(0, lower - activity - entry.coefficient);
    }
    return gain;
  }

  /** A dense value per variable: the chosen starts, splits read from the flow, carry from the balances, dependents at their best. */
  columnValues(): number[] | null {
    const values = new Array<number>(this.program.variables.length).fill(0);
    for (let project = 0; project < this.chosen.length; project += 1) if (this.chosen[project] >= 0) values[this.options[this.chosen[project]].variable] = 1;
    if (!this.affordable()) return null;
    for (const split of this.splitEdges) values[split.variable] = Math.max(0, this.flow.flowOn(split.edge));
    // Carry out = envelope + carry in − what the year spends, in year order (a carry in is the row before's carry out).
    const pending = [...this.carryRows];
    const settled = new Set<number>();
    while (pending.length > 0) {
      const position = pending.findIndex((entry) => entry.carryIn === null || settled.has(entry.carryIn));
      if (position < 0) return null;
      const [entry] = pending.splice(position, 1);
      const constraint = this.program.constraints[entry.row];
      let spent = 0;
      for (const term of constraint.terms) if (term.variable !== entry.carryOut && term.variable !== entry.carryIn) spent += term.coefficient * values[term.variable];
      values[entry.carryOut] = Math.max(0, constraint.upper + (entry.carryIn === null ? 0 : values[entry.carryIn]) - spent);
      settled.add(entry.carryOut);
    }
    this.dependentOfRow.forEach((dependent, row) => {
      if (dependent !== undefined) values[dependent.variable] = this.dependentValue(row).value;
    });
    return values;
  }

  /** Replace every choice at once. */
  restore(choices: Int32Array): void {
    const touched = new Set<number>();
    for (let project = 0; project < this.chosen.length; project += 1) if (this.chosen[project] >= 0) this.apply(this.chosen[project], -1, touched);
    this.chosen.set(choices);
    for (let project = 0; project < this.chosen.length; project += 1) if (this.chosen[project] >= 0) this.apply(this.chosen[project], 1, touched);
    this.dependentBenefit = 0;
    for (let row = 0; row < this.rowActivity.length; row += 1) if (this.dependentOfRow[row] !== undefined) this.dependentBenefit += this.dependentValue(row).benefit;
  }
}

/** The program has a row or variable the heuristic does not know how to read. */
class UnrecognisedProgram extends Error {}

/** Options in the greedy order: benefit per rand, best first; ties by variable index so the order is fixed. */
function greedyOrder(search: PortfolioSearch): number[] {
  const ratio = (option: number): number => {
    const { benefit } = search.options[option];
    const cost = search.rankingCost[option];
    return cost > 0 ? benefit / cost : benefit > 0 ? Infinity : benefit;
  };
  return search.options.map((_, option) => option).sort((left, right) => ratio(right) - ratio(left) || left - right);
}

const improves = (before: number, after: number): boolean => after > before + 1e-9;
const always = (): boolean => true;

/** Add options by the guide's value (an LP relaxation's), largest first, each when it fits; ties in greedy order. */
function addInGuideOrder(search: PortfolioSearch, guide: readonly number[], order: readonly number[], budget: () => boolean): void {
  const rank = new Int32Array(search.options.length);
  order.forEach((option, position) => (rank[option] = position));
  const byGuide = search.options
    .map((_, option) => option)
    .filter((option) => guide[search.options[option].variable] > 1e-6)
    .sort((left, right) => guide[search.options[right].variable] - guide[search.options[left].variable] || rank[left] - rank[right]);
  for (const option of byGuide) {
    if (!budget()) return;
    const project = search.options[option].project;
    if (search.chosen[project] < 0) search.tryMove([[project, option]], always);
  }
}

/** Construction: commitments, then floors, then everything that fits in greedy order. */
function construct(search: PortfolioSearch, order: readonly number[], budget: () => boolean): void {
  for (let project = 0; project < search.chosen.length; project += 1) {
    if (!search.isCommitted(project) || search.chosen[project] >= 0) continue;
    const byBenefit = [...search.optionsOfProject[project]].sort((left, right) => search.options[right].benefit - search.options[left].benefit || left - right);
    for (const option of byBenefit) if (search.tryMove([[project, option]], always)) break;
  }
  // Floors (shares, minimum spend, roll-out targets): the option that closes most of them per rand.
  for (let round = 0; round < search.options.length && search.totalViolation() > 0 && budget(); round += 1) {
    const candidates = order
      .filter((option) => search.chosen[search.options[option].project] < 0)
      .map((option) => ({ option, score: search.floorGain(option) / Math.max(search.options[option].cost, 1e-9) }))
      .filter((candidate) => candidate.score > 1e-12)
      .sort((left, right) => right.score - left.score || left.option - right.option);
    if (!candidates.some((candidate) => search.tryMove([[search.options[candidate.option].project, candidate.option]], always))) break;
  }
  addWhatFits(search, order, budget);
}

/**
 * Add options of unfunded projects one at a time, each time the one with the largest gain (its
 * benefit and the shortfall it closes, given what is funded already) per rand that fits, until
 * none fits and gains. An option that did not fit is not tried again: with only additions, money
 * and upper bounds only get tighter.
 */
function addWhatFits(search: PortfolioSearch, order: readonly number[], budget: () => boolean, skipProject = -1): void {
  const rejected = new Uint8Array(search.options.length);
  for (;;) {
    if (!budget()) return;
    const candidates: { option: number; score: number }[] = [];
    for (const option of order) {
      const project = search.options[option].project;
      if (rejected[option] === 1 || project === skipProject || search.chosen[project] >= 0) continue;
      const gain = search.marginalGain(option);
      if (gain <= 1e-9) continue;
      const cost = search.rankingCost[option];
      candidates.push({ option, score: cost > 0 ? gain / cost : Infinity });
    }
    if (candidates.length === 0) return;
    candidates.sort((left, right) => right.score - left.score || left.option - right.option);
    let added = false;
    for (const candidate of candidates) {
      if (!budget()) return;
      if (search.tryMove([[search.options[candidate.option].project, candidate.option]], improves)) {
        added = true;
        break;
      }
      if (search.lastRefusal === 'final') rejected[candidate.option] = 1;
    }
    if (!added) return;
  }
}

/** Improvement: shift, add, swap one funded for one unfunded (or a shift), drop and refill; until nothing improves or the work is spent. */
function improve(search: PortfolioSearch, order: readonly number[], budget: () => boolean): void {
  const projectCount = search.chosen.length;
  let improved = true;
  while (improved && budget()) {
    improved = false;
    // Shift a start year, or fund an unfunded project, when that alone gains.
    for (let project = 0; project < projectCount && budget(); project += 1) {
      for (const option of search.optionsOfProject[project]) {
        if (option !== search.chosen[project] && search.tryMove([[project, option]], improves)) improved = true;
      }
    }
    // Swap: one funded project dropped or moved, one unfunded project funded.
    for (let funded = 0; funded < projectCount && budget(); funded += 1) {
      const current = search.chosen[funded];
      if (current < 0) continue;
      const alternatives = [...(search.isCommitted(funded) ? [] : [-1]), ...search.optionsOfProject[funded].filter((option) => option !== current)];
      let swapped = false;
      for (const alternative of alternatives) {
        for (const option of order) {
          if (!budget()) return;
          const project = search.options[option].project;
          if (project === funded || search.chosen[project] >= 0) continue;
          if (search.tryMove([[funded, alternative], [project, option]], improves)) {
            swapped = true;
            improved = true;
            break;
          }
        }
        if (swapped) break;
      }
    }
    // Two funded projects move together: one to a start year that gains but cannot be paid for
    // alone, the other to a later year (or out) to free the money; the pair that gains most.
    if (shiftPairs(search, budget)) improved = true;
    // Drop one and refill greedily: keeps it when the refill earns more than the drop lost.
    for (let funded = 0; funded < projectCount && budget(); funded += 1) {
      if (search.chosen[funded] < 0 || search.isCommitted(funded)) continue;
      const before = search.objective();
      const snapshot = Int32Array.from(search.chosen);
      if (!search.tryMove([[funded, -1]], always)) continue;
      addWhatFits(search, order, budget, funded);
      if (search.objective() > before + 1e-9) improved = true;
      else search.restore(snapshot);
    }
  }
}

/** Does an option draw money at a network node the other one draws at? */
function sharesMoney(search: PortfolioSearch, left: number, right: number): boolean {
  for (const a of search.options[left].demand) for (const b of search.options[right].demand) if (a.node === b.node) return true;
  return false;
}

/**
 * The pair move of `improve`: for each funded project, its alternative start years that would
 * gain on their own (rows kept) are tried with each other funded project moved to another year or
 * unfunded, when the two draw on the same money; the first pair that gains and is paid for is kept.
 */
function shiftPairs(search: PortfolioSearch, budget: () => boolean): boolean {
  let improved = false;
  const projectCount = search.chosen.length;
  for (let first = 0; first < projectCount && budget(); first += 1) {
    const current = search.chosen[first];
    if (current < 0) continue;
    for (const option of search.optionsOfProject[first]) {
      if (option === current || !budget()) continue;
      // Worth pairing only when the move gains on its own benefit and rows.
      const gain = search.moveGain([[first, option]]);
      if (!(gain > 1e-9)) continue;
      let done = false;
      for (let second = 0; second < projectCount && !done && budget(); second += 1) {
        const other = search.chosen[second];
        if (second === first || other < 0 || !sharesMoney(search, option, other)) continue;
        const alternatives = [...(search.isCommitted(second) ? [] : [-1]), ...search.optionsOfProject[second].filter((candidate) => candidate !== other)];
        for (const alternative of alternatives) {
          if (search.tryMove([[first, option], [second, alternative]], improves)) {
            done = true;
            improved = true;
            break;
          }
        }
      }
      if (done) break;
    }
  }
  return improved;
}

/**
 * A feasible plan of a portfolio program found by construction and local search, verified
 * against every row and bound; or why there is none. Deterministic: the work is counted in
 * maximum-flow checks of money, never in seconds.
 */
export function findPortfolioStart(program: LinearProgram, layout: PortfolioLayout, options: PortfolioHeuristicOptions = {}): PortfolioStart | NoPortfolioStart {
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  const seconds = (): number => (clock() - started) / 1000;
  const read = PortfolioSearch.read(program, layout);
  if (typeof read === 'string') return { found: false, reason: `the program is not one the heuristic reads: ${read}`, seconds: seconds() };
  const search = read;
  const moneyChecks = options.moneyChecks ?? DEFAULT_MONEY_CHECKS;
  const budget = (): boolean => search.moneyChecks < moneyChecks;
  search.rankingCost = Float64Array.from(search.options, (option) => {
    if (options.rowPrices === undefined || options.rowPrices.length !== program.constraints.length) return option.cost;
    const prices = options.rowPrices;
    // A small share of the plain rand keeps money the LP prices at zero from being free.
    return option.demand.reduce((sum, entry) => sum + entry.amount * (Math.abs(prices[search.rowOfNode[entry.node]]) + PRICE_FLOOR_SHARE), 0);
  });
  const order = greedyOrder(search);
  if (options.initial !== undefined && options.initial.length === program.variables.length) {
    const initial = options.initial;
    const choices = new Int32Array(search.chosen.length).fill(-1);
    search.options.forEach((option, index) => {
      if (initial[option.variable] > 0.5) choices[option.project] = index;
    });
    search.restore(choices);
    if (search.totalViolation() > 0 || !search.affordable()) search.restore(new Int32Array(search.chosen.length).fill(-1));
  }
  if (options.guide !== undefined && options.guide.length === program.variables.length) addInGuideOrder(search, options.guide, order, budget);
  construct(search, order, budget);
  if (search.totalViolation() > 0) {
    const rows = search.violatedRows();
    return { found: false, reason: `construction met no plan within ${rows.slice(0, 3).join(', ')}${rows.length > 3 ? ` and ${rows.length - 3} more rows` : ''}`, seconds: seconds() };
  }
  const constructedObjective = search.objective() * (program.sense === 'maximize' ? 1 : -1) + program.objectiveConstant;
  improve(search, order, budget);
  const values = search.columnValues();
  if (values === null) return { found: false, reason: 'the plan found could not be paid for', seconds: seconds() };
  const check = verifySolution(program, values, null);
  if (!check.ok) return { found: false, reason: `the plan found fails the program's check: ${check.violations.slice(0, 3).join('; ')}`, seconds: seconds() };
  return { found: true, values, objective: computeObjective(program, values), constructedObjective, seconds: seconds(), moneyChecks: search.moneyChecks };
}

/**
 * The heuristic's own reading of a plan given as values: its objective (starts and dependent
 * variables at their best), whether its money is paid for and which tracked rows it breaks. For
 * tests and measurements: on a feasible plan it equals the program's objective up to the
 * dependent variables, which the heuristic sets at their best.
 */
export function assessPlan(program: LinearProgram, layout: PortfolioLayout, values: readonly number[]): { readonly objective: number; readonly affordable: boolean; readonly violatedRows: readonly string[] } | string {
  const read = PortfolioSearch.read(program, layout);
  if (typeof read === 'string') return read;
  const choices = new Int32Array(read.chosen.length).fill(-1);
  read.options.forEach((option, index) => {
    if (values[option.variable] > 0.5) choices[option.project] = index;
  });
  read.restore(choices);
  return { objective: read.objective() * (program.sense === 'maximize' ? 1 : -1) + program.objectiveConstant, affordable: read.affordable(), violatedRows: read.violatedRows() };
}
