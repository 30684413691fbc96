/**
 * Explain's answers in plain words, for the console, the workbook and the markdown file that
 * treasury officials read: one sentence that answers "why is this project not funded, and what
 * would fund it?" first, then the change, how it was checked and any caveat. No solver terms
 * (those stay in the JSON, whose `summary` keeps the analyst's sentence): a change is "checked by
 * planning again with the change", a gap is "within 0.1% of the best plan".
 *
 * Built from the explanation's fields (its changes, verification and outcome) and, where the
 * search said more only in its summary (a search cut short by its time), from the few clauses it
 * adds there, said again in plain words.
 */
import { formatFinancialYear } from '../dataset/financial-year.js';
import { formatRandMillion, leftWords } from '../dataset/money-text.js';
import type { Dataset } from '../dataset/types.js';
import { findRule } from '../rules/registry.js';
import { formatNumber } from './analysis-options.js';
import { formatRuleValue, policyRuleValue, ringFencedScenarioEntry, type SuggestedChange } from './explain-changes.js';
import { cutShortByShare, ringFencedMoneyOnly, type Explanation, type Verification } from './explain-deferral.js';
import type { SolveFailure } from './explain-failure.js';

/** One answer in plain words. */
export interface AnswerWords {
  /** The one sentence that answers the question, first in every output: why it is not funded and what would fund it. */
  readonly verdict: string;
  /** The change in words with the model settings that reproduce it, or null when none was found. */
  readonly change: string | null;
  /** How the change was checked (planning again with it), and what came of it; null when nothing was checked. */
  readonly checked: string | null;
  /** Caveats and further detail, each a sentence. */
  readonly notes: readonly string[];
}

/** A share or gap as a percentage without float noise: 0.001 -> `0.1%`, 0.0025 -> `0.25%`, 0 -> `0%`. */
export function percentPlain(share: number): string {
  return `${Number((share * 100).toPrecision(3))}%`;
}

/**
 * How close a plan is to the best possible, in words: `within 0.1% of the best possible`, or `the
 * best possible` when the margin is nil (a tiny model solved exactly).
 */
export function accuracyWords(gap: number, best = 'the best possible'): string {
  return gap <= 5e-7 ? best : `within ${percentPlain(gap)} of ${best}`;
}

/** A rule by its key path (`min_service_share.sanitation`) in words, from the registry (`the minimum sanitation share`); the key path itself when the rule is unknown. */
export function ruleWords(rule: string, dataset: Dataset | null): string {
  const [ruleKey, serviceId] = rule.split('.');
  const record = findRule(ruleKey);
  if (record === undefined) return `the rule ${rule}`;
  const service = serviceId === undefined ? undefined : (dataset?.config.services.find((declared) => declared.id === serviceId) ?? { id: serviceId, label: serviceId, needUnit: 'households', backlogColumn: '', blocks: [] });
  return record.words(service as Parameters<typeof record.words>[0]);
}

/** A rule's value in its own unit for people: a share as `30%`, rand as `R2.0 million`, else the number. */
function ruleValueWords(rule: string, value: number): string {
  const record = findRule(rule.split('.')[0]);
  const kind = record?.setting?.numberKind;
  if (kind === 'share') return percentPlain(value);
  if (kind === 'rand') return formatRandMillion(value);
  return formatRuleValue(value);
}

/** The rule's current value, or null when the dataset is not at hand (or the rule is not active). */
function currentValue(rule: string, dataset: Dataset | null): number | null {
  if (dataset === null) return null;
  try {
    return policyRuleValue(dataset, rule);
  } catch {
    return null;
  }
}

/** Whether a top-up is of operating (running-cost) money: the source's purpose, else the change's. */
function isOperating(change: Extract<SuggestedChange, { kind: 'top_up' }>, dataset: Dataset | null): boolean {
  const source = dataset?.fundingSources.find((candidate) => candidate.id === change.sourceId);
  return (source?.purpose ?? change.purpose) === 'operating';
}

/** One change as a phrase that can stand before "would fund it": `lowering the minimum sanitation share from 30% to 26.7%`. */
function changePhrase(change: SuggestedChange, dataset: Dataset | null): string {
  switch (change.kind) {
    case 'include':
      return `including ${change.projectId} (now marked excluded)`;
    case 'widen_window':
      return `moving the start window of ${change.projectId} to ${formatFinancialYear(change.earliestStartYear)}–${formatFinancialYear(change.latestStartYear)}`;
    case 'drop_alternative':
      return `dropping ${change.projectId} (the funded alternative in group ${change.exclusiveGroup})`;
    case 'relax_policy': {
      const now = currentValue(change.rule, dataset);
      if (change.value !== undefined) {
        const verb = now !== null && change.value > now ? 'raising' : 'lowering';
        return `${verb} ${ruleWords(change.rule, dataset)}${now === null ? '' : ` from ${ruleValueWords(change.rule, now)}`} to ${ruleValueWords(change.rule, change.value)}`;
      }
      return `switching off ${ruleWords(change.rule, dataset)}${now === null ? '' : ` (now ${ruleValueWords(change.rule, now)})`}`;
    }
    case 'top_up':
      if (change.ringFencedFor !== undefined) return `${formatRandMillion(change.amountRand)} of ${isOperating(change, dataset) ? 'operating money of ' : ''}${change.sourceId} in ${formatFinancialYear(change.financialYear)} ring-fenced for ${change.ringFencedFor}`;
      return `${formatRandMillion(change.amountRand)} more ${isOperating(change, dataset) ? 'operating money ' : ''}from ${change.sourceId} in ${formatFinancialYear(change.financialYear)}`;
  }
}

/** The setting that reproduces a change in a scenario, for the change line; null when the words say it all. */
function changeSetting(change: SuggestedChange): string | null {
  switch (change.kind) {
    case 'include':
      return `set the status of ${change.projectId} to candidate`;
    case 'widen_window':
      return null;
    case 'drop_alternative':
      return `set the status of ${change.projectId} to excluded`;
    case 'relax_policy': {
      const off = findRule(change.rule.split('.')[0])?.offValue;
      const value = change.value ?? off;
      return value === undefined || value === null ? null : `policy.${change.rule}: ${formatRuleValue(value)}`;
    }
    case 'top_up':
      return null;
  }
}

/**
 * The settings that reproduce the changes, after the phrase: ` (in a scenario: …)`, or `; in a
 * scenario: …` when the phrase itself ends in brackets (`including P (now marked excluded)`), so the
 * change line never prints two brackets in a row.
 */
function settingsWords(phrase: string, settings: readonly string[]): string {
  if (settings.length === 0) return '';
  const list = settings.join('; ');
  return phrase.trimEnd().endsWith(')') ? `; in a scenario: ${list}` : ` (in a scenario: ${list})`;
}

/** The changes as one phrase, for explain's progress line: `R24.0 million more from MIG in 2028/29 and lowering the minimum sanitation share from 30% to 26.7%`. */
export function changesInWords(changes: readonly SuggestedChange[], dataset: Dataset | null): string {
  return joinAnd(changePhrases(changes, dataset));
}

/**
 * One phrase per change, the money ring-fenced for one project said once for all its amounts:
 * `R10.0 million of MIG in 2027/28 and R14.0 million of MIG in 2028/29 ring-fenced for WC012-S-01`.
 */
function changePhrases(changes: readonly SuggestedChange[], dataset: Dataset | null): string[] {
  const phrases: string[] = [];
  const fencedFor = new Map<string, string[]>();
  for (const change of changes) {
    if (change.kind === 'top_up' && change.ringFencedFor !== undefined) {
      const amounts = fencedFor.get(change.ringFencedFor) ?? [];
      if (amounts.length === 0) phrases.push(`\u0000${change.ringFencedFor}`);
      amounts.push(`${formatRandMillion(change.amountRand)} of ${isOperating(change, dataset) ? 'operating money of ' : ''}${change.sourceId} in ${formatFinancialYear(change.financialYear)}`);
      fencedFor.set(change.ringFencedFor, amounts);
    } else {
      phrases.push(changePhrase(change, dataset));
    }
  }
  return phrases.map((phrase) => {
    if (!phrase.startsWith('\u0000')) return phrase;
    const projectId = phrase.slice(1);
    const amounts = fencedFor.get(projectId) ?? [];
    return `${joinAnd(amounts)} ring-fenced for ${projectId}`;
  });
}

/** `a, b and c`. */
function joinAnd(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** The top-ups of an answer, grouped by source: `the MIG money runs out in 2027/28 and 2028/29`. */
function moneyRunsOut(changes: readonly SuggestedChange[], dataset: Dataset | null): string | null {
  const bySource = new Map<string, { operating: boolean; years: number[] }>();
  for (const change of changes) {
    if (change.kind !== 'top_up') continue;
    const entry = bySource.get(change.sourceId) ?? { operating: isOperating(change, dataset), years: [] };
    if (!entry.years.includes(change.financialYear)) entry.years.push(change.financialYear);
    bySource.set(change.sourceId, entry);
  }
  if (bySource.size === 0) return null;
  const parts = [...bySource].map(([sourceId, entry]) => `the ${sourceId} ${entry.operating ? 'operating ' : ''}money runs out in ${joinAnd(entry.years.sort((a, b) => a - b).map(formatFinancialYear))}`);
  return joinAnd(parts);
}

/** The sentence's first letter in lower case, to follow a colon. */
function lowered(sentence: string): string {
  return `${sentence.charAt(0).toLowerCase()}${sentence.slice(1)}`;
}

/** A sentence's trailing full stop removed. */
function bare(sentence: string): string {
  return sentence.trim().replace(/\.$/, '');
}

/** Why the plan leaves the project out, as a clause after "because". */
function cause(explanation: Explanation, dataset: Dataset | null): string {
  switch (explanation.reason) {
    case 'excluded':
      return 'it is marked excluded in the register or by the scenario';
    case 'start_window':
      return 'its start window does not let it start and finish inside the plan\'s years';
    case 'prerequisite':
      return explanation.blockingProjectIds.length > 0
        ? `its prerequisite ${joinAnd(explanation.blockingProjectIds)} is not funded or not finished in time`
        : 'a prerequisite is not funded or not finished in time';
    case 'exclusive_alternative': {
      const funded = explanation.blockingProjectIds;
      return funded.length > 0
        ? `${joinAnd(funded)}, its alternative in group ${explanation.exclusiveGroup ?? ''}, is funded instead (at most one of the group can be)`
        : `another project of its group ${explanation.exclusiveGroup ?? ''} is funded instead (at most one of the group can be)`;
    }
    case 'no_benefit':
      return `it would add no benefit the plan counts (${lowered(bare(explanation.detail))})`;
    case 'policy': {
      const rules = explanation.changes.flatMap((change) => (change.kind === 'relax_policy' ? [ruleWords(change.rule, dataset)] : []));
      return rules.length > 0 ? `${joinAnd(rules)} keeps it out` : 'a policy rule keeps it out';
    }
    case 'budget': {
      const money = moneyRunsOut(explanation.changes, dataset);
      if (money !== null) return money;
      return /running costs/.test(explanation.detail) ? 'its running costs do not fit the operating money' : 'the money runs out: the grants buy more benefit in the projects the plan funds';
    }
    default:
      return lowered(bare(explanation.detail)) || 'the plan found better uses of the money';
  }
}

/** Which planning run of the search failed, in plain words: `the search for the least extra money`. */
export function failedRunWords(failure: SolveFailure): string {
  const solve = failure.solve;
  if (/extra.money/i.test(solve)) return 'the search for the least extra money';
  if (/relaxation/i.test(solve)) return 'the search for the least change of the rules';
  if (/verif|proof/i.test(solve)) return 'the check of the answer';
  if (/top-up/i.test(solve)) return 'a search for extra money in one grant';
  if (/structural/i.test(solve)) return 'planning with the change to the register';
  if (/policy rule/i.test(solve)) return 'planning with one policy rule switched off';
  return 'one planning run of the search';
}

/** A failed planning run in plain words: which, why, and what to try. */
export function failureInWords(failure: SolveFailure): string {
  const limit = failure.timeLimitSeconds === null ? '' : ` of ${formatNumber(failure.timeLimitSeconds, Number.isInteger(failure.timeLimitSeconds) ? 0 : 1)} ${failure.timeLimitInCpuSeconds === true ? 'CPU seconds' : 's'}`;
  let why: string;
  switch (failure.status) {
    case 'infeasible':
      why = 'it found no plan at all, where the change can only add plans (a fault worth reporting)';
      break;
    case 'unbounded':
      why = 'it gave an impossible answer (a plan of unlimited benefit; a fault worth reporting)';
      break;
    case 'error':
      why = 'the planning engine reported an error';
      break;
    default:
      why = `it reached its time limit${limit} before finding any plan`;
  }
  // The advice is the failure's own (options to pass), after its "; try ".
  const at = failure.sentence.lastIndexOf('; try ');
  const advice = at < 0 ? '' : `; ${bare(failure.sentence.slice(at + 2))}`;
  return `${failedRunWords(failure).replace(/^./, (letter) => letter.toUpperCase())} did not finish: ${why}${advice}.`;
}

/** Benefit points for sentences. */
function points(value: number | null | undefined): string {
  return value === null || value === undefined ? 'n/a' : formatNumber(value, 1);
}

/** The gap the answer is checked at, in words: `0.1%`, or `the plan's accuracy` when unknown. */
function askedGap(verification: Verification): string {
  return verification.requestedGap === null || verification.requestedGap === undefined ? "the plan's accuracy" : percentPlain(verification.requestedGap);
}

/** How the change was checked, and what came of it, for a change that verified. */
function checkedWords(explanation: Explanation, verification: Verification): string {
  const funded = verification.fundingPlanBenefitPoints ?? verification.objectiveAfter;
  const start = verification.startYear === null ? '' : `, starting in ${formatFinancialYear(verification.startYear)},`;
  const lost = funded !== null && funded !== undefined && verification.objectiveBefore !== null && funded < verification.objectiveBefore ? ` (${points(verification.objectiveBefore - funded)} benefit points lost)` : '';
  const gap = verification.gap ?? verification.requestedGap ?? null;
  const within = verification.method === 'ring_fenced_bound'
    ? `no plan without it is better${gap !== null && gap > 5e-7 ? ` by more than ${percentPlain(gap)}` : ''}: the money is ring-fenced for it, so a plan without it cannot use the money and is worth at most ${points(verification.planBoundBenefitPoints)}, the most any plan was shown to be worth before the change`
    : verification.method === 'bound_without'
    ? gap !== null && gap <= 5e-7 ? 'no plan without it is better' : `no plan without it is better by more than ${gap === null ? "the plan's accuracy" : percentPlain(gap)}`
    : gap === null ? 'that plan is as good as the best plan possible with the change, within the accuracy asked for' : `that plan is ${accuracyWords(gap, 'the best plan possible with the change')}`;
  const tie = verification.outcome === 'start_within_gap'
    ? `; the best plan found (${points(verification.objectiveAfter)}) leaves it out, but is better by no more than ${askedGap(verification)}, which is within the plan's accuracy`
    : '';
  void explanation;
  return `Checked by planning again with the change: a plan that funds it${start} has benefit ${points(funded)} against ${points(verification.objectiveBefore)} now${lost}, and ${within} (checked to within ${askedGap(verification)})${tie}.`;
}

/** Why a change did not verify, in plain words. */
function notVerifiedWords(verification: Verification, changes: readonly SuggestedChange[], projectId: string): string {
  switch (verification.outcome) {
    case 'solve_failed':
      return verification.failure === undefined ? 'NOT VERIFIED: the planning run that checks it did not finish.' : `NOT VERIFIED: ${failureInWords(verification.failure)}`;
    case 'funded_above_gap': {
      const shown = `NOT VERIFIED: planning again with the change found a plan that funds it, but in the time allowed could show it only within ${verification.gap === null || verification.gap === undefined ? 'an unknown margin' : percentPlain(verification.gap)} ` +
        `of the best plan, not the ${askedGap(verification)} asked for, so a plan without it may be better`;
      const target = verification.targetBenefitPoints;
      const planBound = verification.planBoundBenefitPoints;
      // The check asked for more than the plan explained was ever shown to be (task x1): more time seldom helps, a looser gap does.
      if (target !== null && target !== undefined && planBound !== null && planBound !== undefined && target < planBound && verification.objectiveBefore !== null) {
        return (
          `${shown}. At ${askedGap(verification)} this check asks more than the plan explained was ever shown to be: every plan without it would have to be proven worth at most ${points(target)} ` +
          `(the plan that funds it plus ${askedGap(verification)}), but the plan explained (${points(verification.objectiveBefore)}) is itself only shown to be within ${percentPlain(Math.max(0, planBound - verification.objectiveBefore) / Math.max(1, Math.abs(verification.objectiveBefore)))} of the best (at most ${points(planBound)}). ` +
          `A looser --gap (e.g. --gap 0.005) can settle it; a longer --time-limit seldom does.`
        );
      }
      return `${shown}; a longer --time-limit (e.g. --time-limit 60) or a looser --gap (e.g. --gap 0.01) may settle it.`;
    }
    case 'better_without':
      if (ringFencedMoneyOnly(changes, projectId)) {
        return (
          `NOT ENOUGH: planning again with the change found a plan that funds it worth ${points(verification.fundingPlanBenefitPoints)}, against ${points(verification.objectiveAfter)} for a plan without it` +
          `${verification.gap === null || verification.gap === undefined ? '' : ` (${percentPlain(verification.gap)} less)`}, more than the ${askedGap(verification)} allowed: the money is only for it, so other projects have to give way for the rules to hold with it funded.`
        );
      }
      return (
        `NOT ENOUGH: planning again with the change found a plan without the project worth ${points(verification.objectiveAfter)}, against ${points(verification.fundingPlanBenefitPoints)} for the plan that funds it` +
        `${verification.gap === null || verification.gap === undefined ? '' : ` (${percentPlain(verification.gap)} less)`}, more than the ${askedGap(verification)} allowed: the change is better used on other projects.`
      );
    case 'checker':
      return `NOT VERIFIED: the independent check of the plan made with the change found ${verification.violations.length} problem${verification.violations.length === 1 ? '' : 's'}.`;
    default:
      return 'NOT VERIFIED: planning again with the change did not fund it.';
  }
}

/** Caveats the search added to its summary (a search cut short, smaller changes that fell short), in plain words. */
function summaryNotes(summary: string): string[] {
  const notes: string[] = [];
  if (/stopped the bisection/.test(summary)) notes.push('A smaller amount may be enough too: the search for the least amount stopped at its time allowance.');
  if (/relaxation MILP stopped at its time box/.test(summary)) notes.push('A smaller change of the rules may be enough too: the search for the least change stopped at its time limit.');
  const budget = /search stopped at its budget of (\d+) (CPU )?s/.exec(summary);
  if (budget !== null) notes.push(`The search stopped at its time allowance of ${budget[1]} ${budget[2] === undefined ? 's' : 'CPU seconds'} for the project (four times --time-limit) before it found a change it could check.`);
  if (/wider search .* found no change that verifies either/.test(summary)) notes.push('Switching off one policy rule, or adding money to one grant in one year, gave no checked answer either.');
  if (/let a plan fund it, but the best plan without it is then better/.test(summary)) notes.push('Smaller changes of the rules let a plan fund it, but the best plan then still leaves it out.');
  if (/no further relaxation of the rules lets a plan/.test(summary)) notes.push('No further change of the rules makes funding it as good as leaving it out.');
  return notes;
}

/**
 * The note of an answer cut short by `--top`'s shared time allowance (task t1): how much of it the
 * answer had, and what settles it; null for any other answer.
 */
function sharedAllowanceNote(explanation: Explanation): string | null {
  const allowance = explanation.searchAllowance;
  if (!cutShortByShare(explanation, allowance) || allowance === undefined || allowance.shared === null || allowance.fullSeconds === null) return null;
  const unit = allowance.cpuSeconds ? 'CPU seconds' : 'seconds';
  return (
    `Not settled in the time --top gave it: its ${allowance.shared.answerCount} answers shared ${Math.round(allowance.shared.totalSeconds)} ${unit} (--total-time-limit), and this one had ${Math.round(allowance.seconds)} of them. ` +
    `explain --project ${explanation.projectId} gives it ${Math.round(allowance.fullSeconds)} ${unit} on its own, or a looser --gap (e.g. --gap 0.005) may settle it.`
  );
}

/** The answer in plain words: a verdict sentence first, then the change, the check and the caveats. */
export function answerInWords(explanation: Explanation, dataset: Dataset | null): AnswerWords {
  const id = explanation.projectId;
  const { changes, verification } = explanation;
  const shareNote = sharedAllowanceNote(explanation);
  // The share's note replaces the project budget's (which speaks of four times --time-limit).
  const notes = [...summaryNotes(explanation.summary).filter((note) => shareNote === null || !note.startsWith('The search stopped at its time allowance')), ...(shareNote === null ? [] : [shareNote])];
  const failureNote = explanation.failure !== null && explanation.verification?.outcome !== 'solve_failed' ? [failureInWords(explanation.failure)] : [];
  if (changes.length === 0) return noChangeWords(explanation, notes, failureNote);

  const phrase = joinAnd(changePhrases(changes, dataset));
  // Ring-fenced money is one scenario entry for all its amounts (`ring_fenced: [...]`, docs/scenarios.md).
  const ringFenced = ringFencedScenarioEntry(changes);
  const settings = [...changes.map(changeSetting).filter((setting): setting is string => setting !== null), ...(ringFenced === null ? [] : [ringFenced])];
  const change = `${phrase.replace(/^./, (letter) => letter.toUpperCase())}${settingsWords(phrase, settings)}.`;
  const because = `${id} is not funded because ${cause(explanation, dataset)}`;
  if (verification === null) return { verdict: `${because}.`, change, checked: null, notes: [...notes, ...failureNote] };
  if (!verification.verified) {
    const verdict = verification.outcome === 'better_without'
      ? ringFencedMoneyOnly(changes, id)
        ? `${because}; ${phrase} would let a plan fund it, but only with other projects giving way, and that plan is worth less than the plan without it.`
        : `${because}; ${phrase} would let a plan fund it, but is not enough for the best plan to: it is better spent on other projects.`
      : `${because}; ${phrase} may fund it, but this is NOT VERIFIED.`;
    return { verdict, change, checked: notVerifiedWords(verification, changes, id), notes: [...notes, ...failureNote] };
  }
  // The least extra money (one MILP, checked against the best plan without the project) keeps the rest's benefit by construction.
  const moneyOnly = changes.every((entry) => entry.kind === 'top_up' || entry.kind === 'include' || entry.kind === 'widen_window');
  const funded = verification.fundingPlanBenefitPoints ?? verification.objectiveAfter;
  const lostPoints = funded !== null && funded !== undefined && verification.objectiveBefore !== null ? verification.objectiveBefore - funded : 0;
  // Since task r1 the least money keeps the whole plan's benefit (the project's included), not every other project's: said so.
  const consequence = moneyOnly && (verification.method === 'bound_without' || verification.method === 'ring_fenced_bound') && lostPoints <= 0
    ? " without lowering the plan's benefit"
    : lostPoints > 0
      ? `, at a cost of ${points(lostPoints)} benefit points to the plan`
      : '';
  return { verdict: `${because}; ${phrase} would fund it${consequence}.`, change, checked: checkedWords(explanation, verification), notes: [...notes, ...startNote(explanation, verification), ...failureNote] };
}

/**
 * A note when the plan's reason speaks of one start year and the plan that funds the project with
 * the change starts it in another: the reason is worked out for its earliest start ("Starting in
 * 2026/27 it needs R11.6 million in 2026/27 …"), while the money the change adds may fund a later
 * one, which read as two stories (new-user review u1, 10).
 */
function startNote(explanation: Explanation, verification: Verification): string[] {
  const named = /^Starting in (\d{4}\/\d{2})\b/.exec(explanation.detail);
  if (named === null || verification.startYear === null) return [];
  const checkedStart = formatFinancialYear(verification.startYear);
  if (checkedStart === named[1]) return [];
  const short = explanation.checkedStartShort ?? null;
  if (short !== null && short !== undefined) {
    const sources = short.sourceIds.join(', ');
    // The checked start's own figures first, the earliest start's in brackets: the plan that funds it starts it then (u2 review, finding 10).
    return [
      `The plan that funds it with the change starts it in ${checkedStart}: started then, it needs ${formatRandMillion(short.needRand)} in ${formatFinancialYear(short.year)} but ` +
        `${sources} ${short.sourceIds.length === 1 ? 'has' : 'have'} ${leftWords(short.roomRand)} left in the plan explained (the reason above is for its earliest start, ${named[1]}).`,
    ];
  }
  return [`The reason above is worked out for its earliest start, ${named[1]}; the plan that funds it with the change starts it in ${checkedStart}.`];
}

/** The answer when no change was found, or none was needed. */
function noChangeWords(explanation: Explanation, notes: string[], failureNote: string[]): AnswerWords {
  const id = explanation.projectId;
  const { verification, summary } = explanation;
  if (verification !== null && verification.verified) {
    // The least change of the rules is none: a plan that funds it is within the plan's accuracy of the best. The deferral is a close call, not a rule.
    const verdict =
      `${id} is not funded, but no policy rule keeps it out: the money does; a plan that funds it in place of other projects is within ${askedGap(verification)} of the best plan, ` +
      'the accuracy plans are worked out to, so funding it needs no change of the rules.';
    const checked = `Checked by planning again: a plan that funds it has benefit ${points(verification.objectiveAfter)} against ${points(verification.objectiveBefore)} now, and no plan without it is better by more than ${askedGap(verification)}.`;
    return { verdict, change: null, checked, notes: [...notes, ...failureNote] };
  }
  if (verification !== null && verification.outcome === 'better_without' && verification.fundingPlanBenefitPoints !== null && verification.fundingPlanBenefitPoints !== undefined) {
    // A plan that funds it with no change (task tp: the repaired plan of the money search), worth less than one without it.
    return {
      verdict: `${id} is not funded because ${cause(explanation, null)}; a plan can fund it with the money and the rules as they are, but only with other projects giving way, and that plan is worth less than the plan without it.`,
      change: null,
      checked:
        `Checked by planning again: the best plan found that funds it has benefit ${points(verification.fundingPlanBenefitPoints)} against ${points(verification.objectiveAfter)} for a plan without it` +
        `${verification.gap === null || verification.gap === undefined ? '' : ` (${percentPlain(verification.gap)} less)`}, more than the ${askedGap(verification)} allowed; a better plan that funds it was not ruled out.`,
      notes: [...notes, ...failureNote],
    };
  }
  if (verification !== null) {
    return {
      verdict: `${id} is not funded because ${cause(explanation, null)}; a plan that funds it exists with the rules as they are, but it could not be shown to be as good as the best plan (NOT VERIFIED).`,
      change: null,
      checked: notVerifiedWords(verification, explanation.changes, id),
      notes: [...notes, ...failureNote],
    };
  }
  if (explanation.outcome === 'solve_failed' && explanation.failure !== null) {
    return { verdict: `${id}: no answer, because a planning run the answer needed did not finish.`, change: null, checked: null, notes: [failureInWords(explanation.failure), ...notes.filter((note) => !note.startsWith('The search stopped'))] };
  }
  const timing = /^No start year works inside the horizon: (.*)$/s.exec(summary);
  if (timing !== null) return { verdict: `${id} cannot be funded inside the plan's years, whatever the money or the rules: its prerequisite cannot finish early enough.`, change: null, checked: null, notes: [summary] };
  const register = /^No change to the register funds it: (.*)$/s.exec(summary);
  if (register !== null) return { verdict: `${id} cannot be funded inside the plan's years, whatever the money or the rules: ${bare(register[1])}.`, change: null, checked: null, notes };
  // Deferral reason no_benefit (explain-deferral.ts answers it without a solve).
  if (/^No change of money or rules makes the best plan fund it: /.test(summary)) {
    return {
      verdict: `${id} is not funded because ${cause(explanation, null)}; no change of money or rules makes the best plan fund it.`,
      change: null,
      checked: null,
      notes: [...notes, 'A longer horizon (horizon_years) would count its benefit; to build it anyway, mark it committed.'],
    };
  }
  if (/search stopped at its budget/.test(summary)) {
    return { verdict: `${id} is not funded because ${cause(explanation, null)}; no change that funds it was found in the time allowed.`, change: null, checked: null, notes };
  }
  const sources = /extra money in (.+) makes the optimal plan fund it/.exec(summary);
  return {
    verdict:
      `${id} is not funded because ${cause(explanation, null)}; no single change infraplan tries funds it ` +
      `(the change to the register its reason calls for, switching off one policy rule, or extra money${sources === null ? '' : ` in ${sources[1]}`}).`,
    change: null,
    checked: null,
    notes: [...notes, ...failureNote],
  };
}
