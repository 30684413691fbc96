/**
 * What a treasury analyst reads first in a comparison: per scenario against the first, how many
 * projects it defers that the first funds and funds that the first defers, in rand and by
 * service, and why (the reason each plan gives, a policy reason by the rule that binds); each
 * plan's status with its proven gap in words; and a warning where two plans' benefit differs by
 * less than the margins they are proven within (the difference may be the solver's, not the
 * scenario's). Built from the project differences, so its counts are the project list's.
 */
import { labelInSentence } from '../dataset/services.js';
import { formatRandMillion } from '../dataset/money-text.js';
import type { PlanService } from '../plan/types.js';
import { deferralReasonInWords, gapInWords, statusInWords } from '../report/plan-figures.js';
import { hasSolution, type SolveStatus } from '../solve/engine.js';
import { formatNumber } from './analysis-options.js';
import type { DeferralRule } from './policy-deferral-rule.js';
import { BASELINE_SCENARIO_NAME } from '../scenario/resolve-scenario.js';

/** What one plan does with a project, as the summary reads it (a ProjectOutcome of comparison.ts). */
interface OutcomeRead {
  readonly funded: boolean;
  readonly startYear: number | null;
  readonly deferralReason: string | null;
  readonly policyRule: DeferralRule | null;
}

/** A project difference as the summary reads it (a ProjectDifference of comparison.ts). */
interface DifferenceRead {
  readonly projectId: string;
  readonly service: string;
  readonly capexRand: number;
  readonly outcomes: readonly OutcomeRead[];
}

/** A scenario's figures as the summary reads them (ComparedFigures of comparison.ts). */
interface FiguresRead {
  readonly scenarioName: string;
  readonly status: SolveStatus;
  readonly gap: number | null;
  readonly benefitTotal: number;
  readonly objectiveBenefitPoints: number | null;
  readonly bestBoundBenefitPoints: number | null;
}

/** Projects that changed one way between two plans. */
export interface ChangeGroup {
  /** Their ids, in register order (the order of Project differences). */
  readonly projectIds: readonly string[];
  /** Their register capex together, rand. */
  readonly capexRand: number;
  /** How many of them per service id (every service of the model, zeros included). */
  readonly projectsByService: Readonly<Record<string, number>>;
}

/** Projects a plan defers for one reason (a policy reason: one rule). */
export interface ReasonGroup {
  /** `budget`, `policy:min_service_share.sanitation`, `policy` (a rule the records could not name), ... */
  readonly key: string;
  /** The plan's deferral reason. */
  readonly reason: string;
  /** The rule, for a policy reason the records name. */
  readonly rule: DeferralRule | null;
  /** The reason in words for a table: `The money runs out`, `The minimum sanitation share of 30%`. */
  readonly words: string;
  /** Their ids, in register order. */
  readonly projectIds: readonly string[];
  /** Their register capex together, rand. */
  readonly capexRand: number;
}

/** A later scenario against the first: what it defers, funds and moves, and why. */
export interface DifferenceSummary {
  /** The scenario's place in the comparison (1 for the second). */
  readonly scenarioIndex: number;
  /** Its name. */
  readonly scenarioName: string;
  /** The first scenario's name (what it is compared with). */
  readonly referenceName: string;
  /** Projects the first funds and this scenario defers, with this scenario's reasons. */
  readonly newlyDeferred: ChangeGroup & { readonly byReason: readonly ReasonGroup[] };
  /** Projects this scenario funds and the first defers, with the first's reasons. */
  readonly newlyFunded: ChangeGroup & { readonly byReason: readonly ReasonGroup[] };
  /** Projects both fund with a different start year. */
  readonly startMoved: { readonly projectIds: readonly string[]; readonly later: number; readonly earlier: number };
  /** The summary in one sentence, as the console and the workbook print it. */
  readonly sentence: string;
}

/** Two plans whose benefit differs by less than the margins they are proven within. */
export interface NoiseWarning {
  /** Index of the first plan of the pair. */
  readonly firstIndex: number;
  /** Index of the second. */
  readonly secondIndex: number;
  /** Their difference in benefit, points (absolute). */
  readonly differencePoints: number;
  /** Each plan's margin (best possible minus its benefit) added, points. */
  readonly marginPoints: number;
  /** The warning in words. */
  readonly sentence: string;
}

/** A scenario's name inside a sentence: `the baseline` as an analyst says it, another scenario by its name. */
export function scenarioInSentence(name: string): string {
  return name === BASELINE_SCENARIO_NAME ? `the ${BASELINE_SCENARIO_NAME}` : name;
}

/** `1 project`, `58 projects`. */
export function projectsWord(count: number): string {
  return `${formatNumber(count)} project${count === 1 ? '' : 's'}`;
}

/** statusInWords and gapInWords live beside the plan's other words (src/report/plan-figures.ts), so the run workbook says them too; re-exported for the analysis commands. */
export { gapInWords, statusInWords };

/** The reason in words for a table row. */
function reasonWords(reason: string, rule: DeferralRule | null): string {
  switch (reason) {
    case 'budget':
      return 'The money runs out (the envelopes are better spent elsewhere)';
    case 'policy':
      return rule === null ? 'A policy rule keeps it out' : rule.words.charAt(0).toUpperCase() + rule.words.slice(1);
    default:
      return deferralReasonInWords(reason);
  }
}

/** The reason after a count: `because the money runs out`, `because of the minimum sanitation share of 30%`. */
function becauseWords(group: ReasonGroup): string {
  return becauseReasonWords(group.reason, group.rule, group.projectIds.length === 1);
}

/**
 * A deferral reason as the comparison's sentences say it, for one project or several: `because
 * the money runs out`, `because of the minimum sanitation share of 30%`, `because a prerequisite
 * is not funded or not finished in time`; compare's project list uses the same words.
 */
export function becauseReasonWords(reason: string, rule: DeferralRule | null, one: boolean): string {
  switch (reason) {
    case 'budget':
      return 'because the money runs out';
    case 'policy':
      return rule === null ? 'because of a policy rule' : `because of ${rule.words}`;
    case 'excluded':
      return `because ${one ? 'it is' : 'they are'} excluded`;
    case 'start_window':
      return `because ${one ? 'it cannot' : 'they cannot'} start and finish inside the horizon`;
    case 'prerequisite':
      return 'because a prerequisite is not funded or not finished in time';
    case 'exclusive_alternative':
      return `because an alternative in ${one ? 'its' : 'their'} exclusive group is funded`;
    case 'no_benefit':
      return `because ${one ? 'it' : 'they'} would add no benefit within the horizon`;
    default: {
      const words = deferralReasonInWords(reason);
      return `because ${words.charAt(0).toLowerCase()}${words.slice(1)}`;
    }
  }
}

/** The projects of `differences` picked by `pick`, summed as a group. */
function changeGroup(differences: readonly DifferenceRead[], services: readonly PlanService[]): ChangeGroup {
  const projectsByService: Record<string, number> = Object.fromEntries(services.map((service) => [service.id, 0]));
  for (const difference of differences) projectsByService[difference.service] = (projectsByService[difference.service] ?? 0) + 1;
  return {
    projectIds: differences.map((difference) => difference.projectId),
    capexRand: Math.round(differences.reduce((sum, difference) => sum + difference.capexRand, 0) * 100) / 100,
    projectsByService,
  };
}

/** The projects grouped by the reason the plan at `planIndex` defers them (a policy reason by its rule), most projects first. */
function reasonGroups(differences: readonly DifferenceRead[], planIndex: number): ReasonGroup[] {
  const groups = new Map<string, { reason: string; rule: DeferralRule | null; rows: DifferenceRead[] }>();
  for (const difference of differences) {
    const outcome = difference.outcomes[planIndex];
    const reason = outcome.deferralReason ?? 'not in this plan';
    const rule = reason === 'policy' ? outcome.policyRule : null;
    const key = rule === null ? reason : `${reason}:${rule.keyPath ?? rule.ruleKey}`;
    const group = groups.get(key) ?? { reason, rule, rows: [] };
    group.rows.push(difference);
    groups.set(key, group);
  }
  return [...groups]
    .map(([key, group]) => ({
      key,
      reason: group.reason,
      rule: group.rule,
      words: reasonWords(group.reason, group.rule),
      projectIds: group.rows.map((row) => row.projectId),
      capexRand: Math.round(group.rows.reduce((sum, row) => sum + row.capexRand, 0) * 100) / 100,
    }))
    .sort((a, b) => b.projectIds.length - a.projectIds.length || b.capexRand - a.capexRand);
}

/** `R2,340.0 million; water 31, sanitation 20, Thusong service centres 7`. */
function groupDetail(group: ChangeGroup, services: readonly PlanService[]): string {
  const byService = services.filter((service) => (group.projectsByService[service.id] ?? 0) > 0).map((service) => `${labelInSentence(service)} ${formatNumber(group.projectsByService[service.id])}`);
  return [formatRandMillion(group.capexRand), ...(byService.length > 0 ? [byService.join(', ')] : [])].join('; ');
}

/** The summary sentence of one scenario against the first. */
function summarySentence(summary: Omit<DifferenceSummary, 'sentence'>, services: readonly PlanService[]): string {
  const { scenarioName: name, newlyDeferred, newlyFunded, startMoved } = summary;
  const reference = scenarioInSentence(summary.referenceName);
  const deferredCount = newlyDeferred.projectIds.length;
  const fundedCount = newlyFunded.projectIds.length;
  const moved = startMoved.projectIds.length;
  const directions = [...(startMoved.later > 0 ? [`${formatNumber(startMoved.later)} later`] : []), ...(startMoved.earlier > 0 ? [`${formatNumber(startMoved.earlier)} earlier`] : [])].join(', ');
  if (deferredCount === 0 && fundedCount === 0) {
    return moved === 0 ? `${name} funds the same projects as ${reference}, each starting in the same year.` : `${name} funds the same projects as ${reference}; ${formatNumber(moved)} of them start${moved === 1 ? 's' : ''} in another year (${directions}).`;
  }
  const deferred = deferredCount === 0 ? `${name} defers no project ${reference} funds` : `${name} defers ${projectsWord(deferredCount)} ${reference} funds (${groupDetail(newlyDeferred, services)})`;
  const funded = fundedCount === 0 ? `funds none ${reference} defers` : `funds ${formatNumber(fundedCount)} ${reference} defers (${groupDetail(newlyFunded, services)})`;
  const reasons = deferredCount === 0 ? '' : `; of the newly deferred, ${newlyDeferred.byReason.map((group) => `${formatNumber(group.projectIds.length)} ${becauseWords(group)}`).join(', ')}`;
  const movedWords = moved === 0 ? '' : `. ${projectsWord(moved)} funded in both start${moved === 1 ? 's' : ''} in another year (${directions})`;
  return `${deferred} and ${funded}${reasons}${movedWords}.`;
}

/**
 * Every later scenario with a plan against the first (when the first has one): the projects it
 * defers that the first funds, those it funds that the first defers, and those whose start year
 * moved, each a subset of `differences` (so the counts are the project list's).
 */
export function differenceSummaries(scenarios: readonly FiguresRead[], differences: readonly DifferenceRead[], services: readonly PlanService[]): DifferenceSummary[] {
  const reference = scenarios[0];
  if (reference === undefined || !hasSolution(reference)) return [];
  return scenarios.flatMap((figures, scenarioIndex) => {
    if (scenarioIndex === 0 || !hasSolution(figures)) return [];
    const deferredRows = differences.filter((difference) => difference.outcomes[0].funded && !difference.outcomes[scenarioIndex].funded);
    const fundedRows = differences.filter((difference) => !difference.outcomes[0].funded && difference.outcomes[scenarioIndex].funded);
    const movedRows = differences.filter((difference) => {
      const [first, other] = [difference.outcomes[0], difference.outcomes[scenarioIndex]];
      return first.funded && other.funded && first.startYear !== other.startYear;
    });
    const later = movedRows.filter((difference) => (difference.outcomes[scenarioIndex].startYear ?? 0) > (difference.outcomes[0].startYear ?? 0)).length;
    const summary = {
      scenarioIndex,
      scenarioName: figures.scenarioName,
      referenceName: reference.scenarioName,
      newlyDeferred: { ...changeGroup(deferredRows, services), byReason: reasonGroups(deferredRows, scenarioIndex) },
      newlyFunded: { ...changeGroup(fundedRows, services), byReason: reasonGroups(fundedRows, 0) },
      startMoved: { projectIds: movedRows.map((difference) => difference.projectId), later, earlier: movedRows.length - later },
    };
    return [{ ...summary, sentence: summarySentence(summary, services) }];
  });
}

/** How far a plan's benefit is proven from the best possible, in points: its bound minus its benefit, else its gap times its benefit; null when unknown. */
export function marginPoints(figures: FiguresRead): number | null {
  if (!hasSolution(figures)) return null;
  if (figures.objectiveBenefitPoints !== null && figures.bestBoundBenefitPoints !== null) return Math.abs(figures.bestBoundBenefitPoints - figures.objectiveBenefitPoints);
  if (figures.gap === null) return null;
  return figures.gap * Math.max(1, Math.abs(figures.objectiveBenefitPoints ?? figures.benefitTotal));
}

/**
 * Every pair of plans whose benefit differs by less than their margins together: each plan may be
 * up to its margin below the best possible under its scenario, so a difference that small may be
 * the solver stopping at the gap, not the scenario. None when the scenarios weigh benefit
 * differently (`comparable` false: their points do not compare at all, another note says so).
 */
export function noiseWarnings(scenarios: readonly FiguresRead[], comparable: boolean): NoiseWarning[] {
  if (!comparable) return [];
  const warnings: NoiseWarning[] = [];
  scenarios.forEach((first, firstIndex) => {
    scenarios.forEach((second, secondIndex) => {
      if (secondIndex <= firstIndex) return;
      const margins = [marginPoints(first), marginPoints(second)];
      if (margins[0] === null || margins[1] === null) return;
      const marginTotal = margins[0] + margins[1];
      const points = (figures: FiguresRead): number => figures.objectiveBenefitPoints ?? figures.benefitTotal;
      const differencePoints = Math.abs(points(second) - points(first));
      if (!(differencePoints < marginTotal)) return;
      const gaps = `${first.scenarioName} ${gapInWords(first.status, first.gap)}, ${second.scenarioName} ${gapInWords(second.status, second.gap)}`;
      warnings.push({
        firstIndex,
        secondIndex,
        differencePoints,
        marginPoints: marginTotal,
        sentence:
          `${first.scenarioName} and ${second.scenarioName} differ in benefit by ${formatNumber(differencePoints)} points, less than the ${formatNumber(marginTotal)} points ` +
          `their plans are proven within together (${gaps}): the difference may be solver noise, not policy; solve both with a smaller --gap to tell them apart.`,
      });
    });
  });
  return warnings;
}
