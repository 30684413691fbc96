/**
 * The bulk master plan portfolio MILP: which candidate projects to fund and the financial year each
 * starts, within yearly funding envelopes and the policy rules. See docs/formulations.md for the
 * mathematics; this file builds exactly that program and a layout that maps variables back to
 * projects, sources and years. It never imports an engine.
 */
import type { Dataset, FundingSource, Project } from '../dataset/types.js';
import { eligibleOperatingSourceIds, operatingCostRandInYear } from '../dataset/facilities.js';
import { OPERATING_ENVELOPE } from '../rules/operating-envelope.js';
import { formatFinancialYear } from '../dataset/financial-year.js';
import type { MunicipalIndex } from '../indicators/types.js';
import { discountFactor, discountedProjectBenefit, indexByMunicipality, municipalWeight } from '../indicators/benefit.js';
import { balanceKey, capacityBalanceOf, closesShortfall } from '../indicators/shortfall-benefit.js';
import type { LinearProgram, LinearTerm } from './linear-program.js';
import { toProgramMoney } from './money-unit.js';
import { ProgramBuilder } from './program-builder.js';
import { OBJECTIVE_MEASURES } from '../rules/objective-settings.js';
import { startOnceBounds } from '../rules/committed-projects.js';
import { PORTFOLIO_ROW_RULES } from '../rules/registry.js';
import type { PortfolioRuleContext, RuleTag } from '../rules/rule-types.js';
import { horizonOf } from '../dataset/horizon.js';
import { allowedStartYears, buildYears, completionYear, eligibleSourceIds } from '../dataset/project-windows.js';

/** A start variable: project started in `financialYear`. */
export interface StartVariable {
  /** Start financial year. */
  readonly financialYear: number;
  /** Variable index. */
  readonly variable: number;
}

/** A variable or constraint tied to one source and year. */
export interface SourceYearEntry {
  /** Funding source id. */
  readonly sourceId: string;
  /** Financial year. */
  readonly financialYear: number;
  /** Variable or constraint index (see the field holding it). */
  readonly index: number;
}

/** Where each decision of the portfolio lives in the program. */
export interface PortfolioLayout {
  /** Start variables per project id (absent for projects that cannot be funded). */
  readonly startVariables: ReadonlyMap<string, readonly StartVariable[]>;
  /** Spending variables (R million) per source set (`RBIG+MIG`), shared by the projects with exactly those eligible sources. */
  readonly spendVariables: ReadonlyMap<string, readonly SourceYearEntry[]>;
  /** Source set key per project id with more than one eligible source. */
  readonly sourceSetOf: ReadonlyMap<string, string>;
  /** Single eligible source per project id whose spending is substituted straight into the budget rows. */
  readonly soleSource: ReadonlyMap<string, string>;
  /** Where the running costs of projects with an operating cost go (operating sources only). */
  readonly operatingFlows: MoneyFlows;
  /** Carry-over variables (R million) per source and year (carry out of that year). */
  readonly carryVariables: readonly SourceYearEntry[];
  /** Budget rows per source and year (`index` is the constraint index). */
  readonly budgetRows: readonly SourceYearEntry[];
  /** Closed-shortfall variables (Ml/day) per master plan balance (`municipality|service|asset type`) and year. */
  readonly shortfallVariables: readonly { readonly balanceKey: string; readonly financialYear: number; readonly variable: number }[];
  /** Notes for the reader, e.g. a floor capped at what the register can deliver. */
  readonly warnings: readonly string[];
  /** Reasons the model cannot be feasible, found before solving (e.g. a committed project that cannot fit). */
  readonly infeasibleReasons: readonly string[];
}

/** The portfolio program with its layout. */
export interface PortfolioProgram {
  /** The MILP. */
  readonly program: LinearProgram;
  /** Variable and row map. */
  readonly layout: PortfolioLayout;
}

/**
 * Start years that remain once prerequisites are taken into account: a dependant may start in s
 * only when each prerequisite has some allowed start finishing before s. Repeated until nothing
 * changes, so chains of prerequisites prune each other.
 */
export function startYearsWithPrerequisites(dataset: Dataset): Map<string, number[]> {
  const projectsById = new Map(dataset.projects.map((project) => [project.id, project]));
  const years = new Map<string, number[]>();
  for (const project of dataset.projects) {
    // A project with running costs needs an operating source as well as a capital one.
    const payable = eligibleSourceIds(project, dataset).length > 0 && (project.operatingCostRandPerYear <= 0 || eligibleOperatingSourceIds(project, dataset).length > 0);
    years.set(project.id, payable ? allowedStartYears(project, dataset) : []);
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (const project of dataset.projects) {
      const current = years.get(project.id) ?? [];
      const kept = current.filter((startYear) =>
        project.prerequisiteIds.every((prerequisiteId) => {
          const prerequisite = projectsById.get(prerequisiteId);
          if (!prerequisite) return false;
          return (years.get(prerequisiteId) ?? []).some((prerequisiteStart) => completionYear(prerequisite, prerequisiteStart) < startYear);
        }),
      );
      if (kept.length !== current.length) {
        years.set(project.id, kept);
        changed = true;
      }
    }
  }
  return years;
}

/** The start variables of the fundable projects, with the objective terms and the "start once" rows. */
function addStartVariables(
  builder: ProgramBuilder,
  dataset: Dataset,
  indices: readonly MunicipalIndex[],
  fundable: readonly Project[],
  startYearsById: ReadonlyMap<string, readonly number[]>,
): { startVariables: Map<string, StartVariable[]>; objective: LinearTerm[] } {
  const indexOf = indexByMunicipality(dataset, indices);
  const startVariables = new Map<string, StartVariable[]>();
  const objective: LinearTerm[] = [];
  for (const project of fundable) {
    const index = indexOf.get(project.municipalityCode);
    if (!index) throw new Error(`no index for municipality ${project.municipalityCode}`);
    const entries: StartVariable[] = [];
    for (const startYear of startYearsById.get(project.id) ?? []) {
      const variable = builder.addVariable(`start[${project.id},${formatFinancialYear(startYear)}]`, 'binary', 0, 1);
      entries.push({ financialYear: startYear, variable });
      const benefit = discountedProjectBenefit(project, index, startYear, dataset).total;
      if (benefit !== 0) objective.push({ variable, coefficient: benefit });
    }
    startVariables.set(project.id, entries);
    const terms = entries.map((entry) => ({ variable: entry.variable, coefficient: 1 }));
    // A commitment is the lower bound 1 of this row, a rule of its own (src/rules/committed-projects.ts).
    const { lower, tag } = startOnceBounds(project);
    builder.addConstraint(`start_once[${project.id}]`, 'start_once', terms, lower, 1, tag);
  }
  return { startVariables, objective };
}

/** Spending terms per `source|year`, and where each project's spending goes. */
interface SpendingLayout {
  readonly termsBySourceYear: ReadonlyMap<string, readonly LinearTerm[]>;
  readonly soleSource: Map<string, string>;
  readonly sourceSetOf: Map<string, string>;
  readonly spendVariables: Map<string, SourceYearEntry[]>;
  /** The same for running costs on operating sources (empty when no project has one). */
  readonly operating: MoneyFlows;
}

/** Where one kind of money (capital cash flows, or running costs) of each project goes. */
export interface MoneyFlows {
  /** Single eligible source per project id, substituted straight into the budget rows. */
  readonly soleSource: ReadonlyMap<string, string>;
  /** Source set key per project id with more than one eligible source. */
  readonly sourceSetOf: ReadonlyMap<string, string>;
  /** Split variables (R million) per source set. */
  readonly spendVariables: ReadonlyMap<string, readonly SourceYearEntry[]>;
}

/** Key of a source and year in SpendingLayout.termsBySourceYear. */
const spendingKey = (sourceId: string, year: number): string => `${sourceId}|${year}`;

/** One kind of money a project spends: which sources pay it and how much a start spends in a year. */
interface MoneyKind {
  /** The sources that may pay it, in dataset order. */
  readonly sources: (project: Project) => readonly string[];
  /** Rand spent in `year` by a start in `startYear`. */
  readonly amountRand: (project: Project, startYear: number, year: number) => number;
  /** Prefix of the split variables' and rows' labels (`spend`, `operating_spend`). */
  readonly variableLabel: string;
  /** Label and group of the rows tying a source set's splits to its projects' demand. */
  readonly rowLabel: string;
  readonly rowGroup: string;
}

/**
 * Spending of one kind: substituted into the budget rows for single-source projects. Projects
 * sharing the same set of eligible sources share one split per year (flow[set,source,year]): only
 * the set's total matters to the envelopes, so this is exact and keeps the LP small; the
 * interpretation splits the flows back to projects in proportion.
 */
function addMoneyFlows(
  builder: ProgramBuilder,
  projects: readonly Project[],
  startVariables: ReadonlyMap<string, readonly StartVariable[]>,
  years: readonly number[],
  kind: MoneyKind,
  add: (sourceId: string, year: number, terms: readonly LinearTerm[]) => void,
): { soleSource: Map<string, string>; sourceSetOf: Map<string, string>; spendVariables: Map<string, SourceYearEntry[]> } {
  /** Spending of a project in a year as terms over its start variables, R million. */
  const yearTerms = (project: Project, year: number): LinearTerm[] =>
    (startVariables.get(project.id) ?? [])
      .map((entry) => ({ variable: entry.variable, coefficient: toProgramMoney(kind.amountRand(project, entry.financialYear, year)) }))
      .filter((term) => term.coefficient !== 0);
  const soleSource = new Map<string, string>();
  const sourceSetOf = new Map<string, string>();
  const projectsBySourceSet = new Map<string, Project[]>();
  for (const project of projects) {
    const sources = kind.sources(project);
    if (sources.length === 0) continue;
    if (sources.length === 1) {
      soleSource.set(project.id, sources[0]);
      for (const year of years) add(sources[0], year, yearTerms(project, year));
      continue;
    }
    const setKey = sources.join('+');
    sourceSetOf.set(project.id, setKey);
    const members = projectsBySourceSet.get(setKey);
    // Appending in place: copying the list per project made building quadratic in the register size.
    if (members) members.push(project);
    else projectsBySourceSet.set(setKey, [project]);
  }
  const spendVariables = new Map<string, SourceYearEntry[]>();
  for (const [setKey, members] of projectsBySourceSet) {
    const sources = setKey.split('+');
    const entries: SourceYearEntry[] = [];
    for (const year of years) {
      const demand = members.flatMap((project) => yearTerms(project, year));
      if (demand.length === 0) continue;
      const flows: LinearTerm[] = [];
      for (const sourceId of sources) {
        const variable = builder.addVariable(`${kind.variableLabel}[${setKey},${sourceId},${formatFinancialYear(year)}]`, 'continuous', 0, Infinity);
        entries.push({ sourceId, financialYear: year, index: variable });
        flows.push({ variable, coefficient: 1 });
        add(sourceId, year, [{ variable, coefficient: 1 }]);
      }
      builder.addConstraint(
        `${kind.rowLabel}[${setKey},${formatFinancialYear(year)}]`,
        kind.rowGroup,
        [...flows, ...demand.map((term) => ({ variable: term.variable, coefficient: -term.coefficient }))],
        0,
        0,
      );
    }
    spendVariables.set(setKey, entries);
  }
  return { soleSource, sourceSetOf, spendVariables };
}

/**
 * Spending: the capital cash flows on capital sources, and the running costs of projects that
 * have them (from the completion year to the end of the horizon) on operating sources. The two
 * kinds use disjoint sources, so capital and operating money never mix.
 */
function addSpending(builder: ProgramBuilder, dataset: Dataset, fundable: readonly Project[], startVariables: ReadonlyMap<string, readonly StartVariable[]>, years: readonly number[]): SpendingLayout {
  const termsBySourceYear = new Map<string, LinearTerm[]>();
  const add = (sourceId: string, year: number, terms: readonly LinearTerm[]): void => {
    if (terms.length === 0 && termsBySourceYear.has(spendingKey(sourceId, year))) return;
    const key = spendingKey(sourceId, year);
    const list = termsBySourceYear.get(key) ?? [];
    list.push(...terms);
    termsBySourceYear.set(key, list);
  };
  const capital = addMoneyFlows(
    builder,
    fundable,
    startVariables,
    years,
    {
      sources: (project) => eligibleSourceIds(project, dataset),
      amountRand: (project, startYear, year) => (year >= startYear && year - startYear < buildYears(project) ? project.cashFlowRandByBuildYear[year - startYear] : 0),
      variableLabel: 'spend',
      rowLabel: 'spending',
      rowGroup: 'project_spending',
    },
    add,
  );
  const operating = addMoneyFlows(
    builder,
    fundable.filter((project) => project.operatingCostRandPerYear > 0),
    startVariables,
    years,
    {
      sources: (project) => eligibleOperatingSourceIds(project, dataset),
      amountRand: operatingCostRandInYear,
      variableLabel: 'operating_spend',
      rowLabel: 'operating_spending',
      rowGroup: 'operating_spending',
    },
    add,
  );
  return { termsBySourceYear, ...capital, operating };
}

/** An operating source's budget rows belong to the operating-envelope rule (src/rules/operating-envelope.ts), so the diagnosis can name them; capital rows are structure. */
function envelopeTag(source: FundingSource, year: number): RuleTag | undefined {
  return source.purpose === 'operating' ? { ruleKey: OPERATING_ENVELOPE.key, sourceId: source.id, financialYear: year } : undefined;
}

/** Envelopes: carry-over sources balance year by year, others are capped each year. */
function addBudgetRows(builder: ProgramBuilder, dataset: Dataset, years: readonly number[], spending: SpendingLayout): { carryVariables: SourceYearEntry[]; budgetRows: SourceYearEntry[] } {
  const carryVariables: SourceYearEntry[] = [];
  const budgetRows: SourceYearEntry[] = [];
  for (const source of dataset.fundingSources) {
    const used = years.some((year) => (spending.termsBySourceYear.get(spendingKey(source.id, year)) ?? []).length > 0);
    if (!used) continue;
    let previousCarry: number | null = null;
    for (const year of years) {
      const terms = spending.termsBySourceYear.get(spendingKey(source.id, year)) ?? [];
      const envelope = toProgramMoney(source.envelopeRandByYear[year] ?? 0);
      const rowLabel = `budget[${source.id},${formatFinancialYear(year)}]`;
      if (source.carryOver) {
        const carry = builder.addVariable(`carry[${source.id},${formatFinancialYear(year)}]`, 'continuous', 0, Infinity);
        carryVariables.push({ sourceId: source.id, financialYear: year, index: carry });
        const balance: LinearTerm[] = [...terms, { variable: carry, coefficient: 1 }];
        if (previousCarry !== null) balance.push({ variable: previousCarry, coefficient: -1 });
        const row = builder.addConstraint(rowLabel, 'budget', balance, envelope, envelope, envelopeTag(source, year));
        budgetRows.push({ sourceId: source.id, financialYear: year, index: row });
        previousCarry = carry;
      } else if (terms.length > 0) {
        const row = builder.addConstraint(rowLabel, 'budget', terms, -Infinity, envelope, envelopeTag(source, year));
        budgetRows.push({ sourceId: source.id, financialYear: year, index: row });
      }
    }
  }
  return { carryVariables, budgetRows };
}

/**
 * Prerequisites: a dependant starting by s needs each prerequisite started early enough to finish
 * before its start. Summing the dependant's starts up to s (not just start s) is equally valid and
 * gives a tighter LP relaxation, which matters for proving optimality quickly.
 */
function addPrerequisiteRows(builder: ProgramBuilder, dataset: Dataset, fundable: readonly Project[], startVariables: ReadonlyMap<string, readonly StartVariable[]>): void {
  const projectsById = new Map(dataset.projects.map((project) => [project.id, project]));
  for (const project of fundable) {
    for (const prerequisiteId of project.prerequisiteIds) {
      const prerequisite = projectsById.get(prerequisiteId);
      if (!prerequisite) continue;
      const prerequisiteStarts = startVariables.get(prerequisiteId) ?? [];
      const ownStarts = startVariables.get(project.id) ?? [];
      for (const entry of ownStarts) {
        const early = prerequisiteStarts.filter((candidate) => completionYear(prerequisite, candidate.financialYear) < entry.financialYear);
        const byThen = ownStarts.filter((candidate) => candidate.financialYear <= entry.financialYear);
        builder.addConstraint(
          `prerequisite[${project.id},${formatFinancialYear(entry.financialYear)},${prerequisiteId}]`,
          'prerequisite',
          [...byThen.map((candidate) => ({ variable: candidate.variable, coefficient: 1 })), ...early.map((candidate) => ({ variable: candidate.variable, coefficient: -1 }))],
          -Infinity,
          0,
        );
      }
    }
  }
}

/** Exclusive groups: at most one project of a group, whatever its start year. */
function addExclusiveRows(builder: ProgramBuilder, fundable: readonly Project[], startVariables: ReadonlyMap<string, readonly StartVariable[]>): void {
  const groups = new Map<string, LinearTerm[]>();
  for (const project of fundable) {
    if (project.exclusiveGroup === null) continue;
    const terms = groups.get(project.exclusiveGroup) ?? [];
    for (const entry of startVariables.get(project.id) ?? []) terms.push({ variable: entry.variable, coefficient: 1 });
    groups.set(project.exclusiveGroup, terms);
  }
  for (const [group, terms] of groups) builder.addConstraint(`exclusive[${group}]`, 'exclusive', terms, -Infinity, 1);
}

/**
 * Capacity counts the shortfall it closes: per master plan balance and horizon year with a
 * shortfall s, a continuous closed[g,y] in [0, s] no larger than the capacity of the balance's
 * funded projects in service by y (started by y − build years), earning weight × benefit per Ml/day
 * × discount(y). Because closed ≤ s, capacity beyond the design need adds nothing.
 */
function addShortfallVariables(
  builder: ProgramBuilder,
  dataset: Dataset,
  indices: readonly MunicipalIndex[],
  fundable: readonly Project[],
  startVariables: ReadonlyMap<string, readonly StartVariable[]>,
  years: readonly number[],
): { objective: LinearTerm[]; shortfallVariables: { balanceKey: string; financialYear: number; variable: number }[] } {
  const objective: LinearTerm[] = [];
  const shortfallVariables: { balanceKey: string; financialYear: number; variable: number }[] = [];
  const balances = dataset.capacityBalances ?? [];
  if (balances.length === 0) return { objective, shortfallVariables };
  const indexOf = indexByMunicipality(dataset, indices);
  const policy = dataset.config.policy;
  const membersByBalance = new Map<string, Project[]>();
  for (const project of fundable) {
    if (!closesShortfall(project, dataset)) continue;
    const key = balanceKey(capacityBalanceOf(project, dataset) as NonNullable<ReturnType<typeof capacityBalanceOf>>);
    membersByBalance.set(key, [...(membersByBalance.get(key) ?? []), project]);
  }
  for (const balance of balances) {
    const key = balanceKey(balance);
    const members = membersByBalance.get(key) ?? [];
    if (members.length === 0) continue;
    const weight = municipalWeight(indexOf.get(balance.municipalityCode) as MunicipalIndex, policy);
    for (const year of years) {
      const shortfall = balance.shortfallMlPerDayByYear[year] ?? 0;
      if (shortfall <= 0) continue;
      const capacityTerms = members.flatMap((project) =>
        (startVariables.get(project.id) ?? [])
          .filter((entry) => entry.financialYear + buildYears(project) <= year)
          .map((entry) => ({ variable: entry.variable, coefficient: -project.capacityAddedMlPerDay })),
      );
      if (capacityTerms.length === 0) continue;
      const label = `${key.replace(/\|/g, ',')},${formatFinancialYear(year)}`;
      const closed = builder.addVariable(`closed[${label}]`, 'continuous', 0, shortfall);
      shortfallVariables.push({ balanceKey: key, financialYear: year, variable: closed });
      builder.addConstraint(`shortfall_closed[${label}]`, 'shortfall_closed', [{ variable: closed, coefficient: 1 }, ...capacityTerms], -Infinity, 0);
      // A single-quantity objective (the frontier's objective_measure) counts capacity in projectBenefit, not here.
      const coefficient = policy.objectiveMeasure === OBJECTIVE_MEASURES.benefitPoints ? weight * policy.benefitPerMlPerDay * discountFactor(year, dataset.config.baseFinancialYear, policy) : 0;
      if (coefficient !== 0) objective.push({ variable: closed, coefficient });
    }
  }
  return { objective, shortfallVariables };
}

/** The policy rules (and a baseline lock) add their rows, in registry order, through the context (src/rules/). */
function addRuleRows(builder: ProgramBuilder, dataset: Dataset, years: readonly number[], fundable: readonly Project[], startVariables: ReadonlyMap<string, readonly StartVariable[]>, warnings: string[]): void {
  const context: PortfolioRuleContext<LinearTerm[]> = {
    dataset,
    years,
    fundable,
    startYears: (project) => (startVariables.get(project.id) ?? []).map((entry) => entry.financialYear),
    sumOverStarts: (projects, coefficient) =>
      projects
        .flatMap((project) => (startVariables.get(project.id) ?? []).map((entry) => ({ variable: entry.variable, coefficient: coefficient(project, entry.financialYear) })))
        .filter((term) => term.coefficient !== 0),
    programMoney: toProgramMoney,
    addRow: (row) => builder.addConstraint(row.label, row.group, row.expression, row.lower, row.upper, row.tag),
    warn: (text) => warnings.push(text),
  };
  for (const rule of PORTFOLIO_ROW_RULES) rule.portfolio?.(context);
}

/** Build the portfolio MILP for a dataset and its indices: the families of variables and rows in order. */
export function buildPortfolioProgram(dataset: Dataset, indices: readonly MunicipalIndex[]): PortfolioProgram {
  const builder = new ProgramBuilder(`portfolio-${dataset.config.name}`);
  const { firstYear, lastYear, years } = horizonOf(dataset.config);
  const label = formatFinancialYear;
  const warnings: string[] = [];
  const infeasibleReasons: string[] = [];

  const startYearsById = startYearsWithPrerequisites(dataset);
  const fundable = dataset.projects.filter((project) => (startYearsById.get(project.id) ?? []).length > 0);
  for (const project of dataset.projects) {
    if (project.status === 'committed' && (startYearsById.get(project.id) ?? []).length === 0) {
      infeasibleReasons.push(
        `committed project ${project.id} cannot be funded: no start year in its window ${label(project.earliestStartYear)}–${label(project.latestStartYear)} ` +
          `lets its ${buildYears(project)}-year cash flow, its prerequisites and an eligible funding source fit the horizon ${label(firstYear)}–${label(lastYear)}`,
      );
    }
  }

  // Decision variables and the objective: one binary per project and allowed start year.
  const { startVariables, objective } = addStartVariables(builder, dataset, indices, fundable, startYearsById);
  const spending = addSpending(builder, dataset, fundable, startVariables, years);
  const { carryVariables, budgetRows } = addBudgetRows(builder, dataset, years, spending);
  addPrerequisiteRows(builder, dataset, fundable, startVariables);
  addExclusiveRows(builder, fundable, startVariables);
  addRuleRows(builder, dataset, years, fundable, startVariables, warnings);
  const shortfalls = addShortfallVariables(builder, dataset, indices, fundable, startVariables, years);

  builder.setObjective('maximize', [...objective, ...shortfalls.objective], 0);
  const { spendVariables, sourceSetOf, soleSource } = spending;
  const built = builder.build();
  // The model's choice of start form travels with the program to solveProgram (src/solve/solve-program.ts).
  const startForm = dataset.config.engine?.startVariables;
  return {
    program: startForm === undefined ? built : Object.freeze({ ...built, startForm }),
    layout: { startVariables, spendVariables, sourceSetOf, soleSource, operatingFlows: spending.operating, carryVariables, budgetRows, shortfallVariables: shortfalls.shortfallVariables, warnings, infeasibleReasons },
  };
}
