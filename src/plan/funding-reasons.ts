/**
 * Why each funded project is in the plan, in domain words (the Funded projects sheet's "Why
 * funded" and plan.json's `fundingReason`). A review found 14 funded projects showing 0 benefit and
 * no reason: committed works, and sanitation works that the minimum sanitation share holds in.
 *
 * Each reason is a fact of the plan, never a guess:
 *  - `committed`: the register (or the scenario) commits it;
 *  - `prerequisite`: a funded project names it as a prerequisite, so without it that project could
 *    not be funded;
 *  - `policy`: the plan without it alone would break a rule row (a minimum service share, the
 *    basic-package floor, a roll-out, ...). The rows are the rule records' own (src/rules/),
 *    evaluated on the plan's starts through a context of their own, so this reads no engine output;
 *  - `benefit`: what it buys earns its place; `no_benefit`: it counts no benefit and nothing above
 *    requires it, so a plan without it is as good.
 * A prerequisite or a rule is given as the reason only for a project of low benefit per rand: zero,
 * or below that of every free choice of the plan (a funded project nothing holds in). A project of
 * higher benefit per rand is there for its benefit, and its words add the project it is a
 * prerequisite of (not the rules: a share that binds needs every project of its service).
 */
import type { Dataset, Project } from '../dataset/types.js';
import { startYearsWithPrerequisites } from '../program/portfolio.js';
import { toProgramMoney } from '../program/money-unit.js';
import { RAND_PER_PROGRAM_UNIT } from '../program/money-unit.js';
import { PORTFOLIO_ROW_RULES, findRule } from '../rules/registry.js';
import type { PortfolioRuleContext, RuleRow, RuleTag } from '../rules/rule-types.js';
import { horizonOf } from '../dataset/horizon.js';
import type { DeferredBy, FundingReason, PlannedProject } from './types.js';

/** One term of a rule row as this module evaluates it: coefficient × (project started in year). */
interface StartTerm {
  readonly projectId: string;
  readonly financialYear: number;
  readonly coefficient: number;
}

/** A rule row evaluated on the plan. */
interface EvaluatedRow {
  readonly row: RuleRow<StartTerm[]>;
  /** The row's value at the plan's starts. */
  readonly value: number;
  /** Each funded project's term at its start, by project id (projects not in the row absent). */
  readonly termByProject: ReadonlyMap<string, number>;
}

/** Why one funded project is in the plan. */
export interface FundingExplanation {
  /** The reason. */
  readonly reason: FundingReason;
  /** The reason in words, naming the project or rule. */
  readonly detail: string;
  /** The rule's key with reason `policy`, else null. */
  readonly ruleKey: string | null;
  /** With reason `policy`: the rule instance that holds it in and its setting (the record a deferral has), else null. */
  readonly rule: DeferredBy | null;
}

/** Slack below which a row counts as broken: program units (households, Ml/day, R million), well under one of each. */
const ROW_TOLERANCE = 1e-6;

/** Benefit per rand at or below this is no benefit at all. */
const NO_BENEFIT = 1e-12;

/**
 * True when `benefit` (points) for `capexRand` is no benefit at all: the one test for a funded
 * project's `no_benefit` and a deferred project's (interpret.ts), so both sides agree.
 */
export function countsNoBenefit(benefit: number, capexRand: number): boolean {
  return (capexRand > 0 ? benefit / capexRand : benefit) <= NO_BENEFIT;
}

/** Every rule row of the portfolio (the rule records' own rows), evaluated at the funded projects' starts. */
function evaluatedRuleRows(dataset: Dataset, funded: ReadonlyMap<string, PlannedProject>): EvaluatedRow[] {
  const { years } = horizonOf(dataset.config);
  const startYearsById = startYearsWithPrerequisites(dataset);
  const fundable = dataset.projects.filter((project) => (startYearsById.get(project.id) ?? []).length > 0);
  const rows: RuleRow<StartTerm[]>[] = [];
  const context: PortfolioRuleContext<StartTerm[]> = {
    dataset,
    years,
    fundable,
    startYears: (project) => startYearsById.get(project.id) ?? [],
    // Only the terms of the plan's starts matter for the value: the other starts are 0.
    sumOverStarts: (projects, coefficient) =>
      projects.flatMap((project) => {
        const startYear = funded.get(project.id)?.startYear ?? null;
        if (startYear === null || !(startYearsById.get(project.id) ?? []).includes(startYear)) return [];
        const value = coefficient(project, startYear);
        return value === 0 ? [] : [{ projectId: project.id, financialYear: startYear, coefficient: value }];
      }),
    programMoney: toProgramMoney,
    addRow: (row) => rows.push(row),
    warn: () => undefined,
  };
  for (const rule of PORTFOLIO_ROW_RULES) rule.portfolio?.(context);
  return rows.map((row) => {
    const termByProject = new Map<string, number>();
    for (const term of row.expression) termByProject.set(term.projectId, (termByProject.get(term.projectId) ?? 0) + term.coefficient);
    const value = row.expression.reduce((sum, term) => sum + term.coefficient, 0);
    return { row, value, termByProject };
  });
}

/** True when the row holds with the project and breaks without it. */
function needs(row: EvaluatedRow, projectId: string): boolean {
  const term = row.termByProject.get(projectId);
  if (term === undefined) return false;
  const holds = (value: number) => value >= row.row.lower - ROW_TOLERANCE && value <= row.row.upper + ROW_TOLERANCE;
  return holds(row.value) && !holds(row.value - term);
}

/** The rule of a row in words: `the minimum sanitation share: sanitation gets at least 30% of spending`. */
function ruleInWords(tag: RuleTag, row: RuleRow<StartTerm[]>, dataset: Dataset): string {
  const rule = findRule(tag.ruleKey);
  if (rule === undefined) return row.label;
  const service = dataset.config.services.find((candidate) => candidate.id === tag.serviceId);
  const words = rule.words(service);
  const conflict = rule.describeConflict(tag, { lower: row.lower, upper: row.upper, randPerProgramUnit: RAND_PER_PROGRAM_UNIT }, 'portfolio', dataset);
  // `the basic-package floor` and `basic-package floor for WC011 ...: at least ...` say it once.
  const bare = words.replace(/^the /, '');
  return conflict.startsWith(bare) ? `the ${conflict}` : `${words}: ${conflict}`;
}

/** A list of ids in words: `A`, `A and B`, `A, B and C`. */
function idsInWords(ids: readonly string[]): string {
  return ids.length <= 1 ? ids.join('') : `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}

/** One decimal, en-GB: toLocaleString with these options, made once (toLocaleString builds a formatter per call, 0.01 CPU s a plan: task st). */
const ONE_DECIMAL = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** Benefit per R1 million in words, one decimal. */
function perMillionInWords(benefit: number, capexRand: number): string {
  const value = capexRand > 0 ? (benefit / capexRand) * 1_000_000 : 0;
  return ONE_DECIMAL.format(value);
}

/**
 * Why each funded project is in the plan, by id.
 *
 * @param dataset the model as planned
 * @param funded the plan's funded projects by id (start years and benefit set)
 */
export function fundingReasons(dataset: Dataset, funded: ReadonlyMap<string, PlannedProject>): Map<string, FundingExplanation> {
  const registerById = new Map<string, Project>(dataset.projects.map((project) => [project.id, project]));
  const dependantsOf = new Map<string, string[]>();
  for (const planned of funded.values()) {
    for (const prerequisiteId of registerById.get(planned.id)?.prerequisiteIds ?? []) {
      if (!funded.has(prerequisiteId)) continue;
      dependantsOf.set(prerequisiteId, [...(dependantsOf.get(prerequisiteId) ?? []), planned.id]);
    }
  }
  const rows = evaluatedRuleRows(dataset, funded);
  const facts = [...funded.values()].map((planned) => ({
    planned,
    committed: registerById.get(planned.id)?.status === 'committed',
    benefitPerRand: planned.capexRand > 0 ? planned.benefit / planned.capexRand : 0,
    dependants: dependantsOf.get(planned.id) ?? [],
    neededBy: rows.filter((row) => needs(row, planned.id)),
  }));
  // The plan's free choices: funded with nothing holding them in. Every one of them buys at least
  // this much per rand, so a project held in by something and buying less is there for that, not
  // for its benefit.
  const freeBenefitsPerRand = facts
    .filter((fact) => !fact.committed && fact.dependants.length === 0 && fact.neededBy.length === 0 && fact.benefitPerRand > NO_BENEFIT)
    .map((fact) => fact.benefitPerRand);
  const lowBelow = freeBenefitsPerRand.length > 0 ? Math.min(...freeBenefitsPerRand) : 0;
  const reasons = new Map<string, FundingExplanation>();
  for (const { planned, committed, benefitPerRand, dependants, neededBy } of facts) {
    if (committed) {
      reasons.set(planned.id, { reason: 'committed', detail: 'Committed (already under way)', ruleKey: null, rule: null });
      continue;
    }
    const low = benefitPerRand <= NO_BENEFIT || benefitPerRand < lowBelow;
    const prerequisiteWords = dependants.length > 0 ? `Prerequisite of ${idsInWords(dependants)}` : null;
    const ruleWords =
      neededBy.length > 0 ? `Needed for ${ruleInWords(neededBy[0].row.tag, neededBy[0].row, dataset)}${neededBy.length > 1 ? ` (and ${neededBy.length - 1} more rule${neededBy.length > 2 ? 's' : ''})` : ''}` : null;
    if (low && prerequisiteWords !== null) {
      reasons.set(planned.id, { reason: 'prerequisite', detail: ruleWords === null ? prerequisiteWords : `${prerequisiteWords}; also ${lowerFirst(ruleWords)}`, ruleKey: null, rule: null });
      continue;
    }
    if (low && ruleWords !== null) {
      reasons.set(planned.id, { reason: 'policy', detail: ruleWords, ruleKey: neededBy[0].row.tag.ruleKey, rule: ruleRecordOf(neededBy[0].row.tag, dataset) });
      continue;
    }
    if (benefitPerRand <= NO_BENEFIT) {
      reasons.set(planned.id, { reason: 'no_benefit', detail: 'Counts no benefit and no rule needs it: a plan without it is as good', ruleKey: null, rule: null });
      continue;
    }
    // A binding share needs every project of its service, so only the project it is a prerequisite of is news here.
    reasons.set(planned.id, {
      reason: 'benefit',
      detail: `Benefit per rand (${perMillionInWords(planned.benefit, planned.capexRand)} per R1 million)${prerequisiteWords === null ? '' : `; also ${lowerFirst(prerequisiteWords)}`}`,
      ruleKey: null,
      rule: null,
    });
  }
  return reasons;
}

/**
 * The rule instance of a row's tag and the model's setting for it, as a deferral records it
 * (src/plan/deferral-rule.ts), so the Summary names it the same way: `the minimum sanitation
 * share of 30%`.
 */
function ruleRecordOf(tag: RuleTag, dataset: Dataset): DeferredBy {
  const rule = findRule(tag.ruleKey);
  const service = tag.serviceId !== undefined ? { serviceId: tag.serviceId } : {};
  if (rule === undefined || rule.setting === null) return { rule: tag.ruleKey, ...service, settingKey: null, setting: null };
  const raw = dataset.config.policy[rule.setting.field] as unknown as number | Readonly<Record<string, number>>;
  const setting = typeof raw === 'number' ? raw : (raw[tag.serviceId ?? ''] ?? null);
  const settingKey = rule.setting.perService && tag.serviceId !== undefined ? `${rule.setting.key}.${tag.serviceId}` : rule.setting.key;
  return { rule: rule.key, ...service, settingKey, setting };
}

/** `Needed for ...` -> `needed for ...`, for the second part of a sentence. */
function lowerFirst(text: string): string {
  return text.length === 0 ? text : text[0].toLowerCase() + text.slice(1);
}
