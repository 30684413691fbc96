/**
 * `--lock-years N` with `--baseline`: the first N financial years are already budgeted (the MTEF
 * years), so the projects the baseline starts in them keep exactly those starts and no other
 * project may start in them. A rule of its own, set on the command line rather than in the
 * `policy:` block: its rows carry its tag, so a lock that cannot hold (a locked project whose start
 * the new model no longer allows, or that the new envelopes cannot carry) is diagnosed and named
 * like any other rule.
 */
import { formatFinancialYear, formatYearRange } from '../dataset/financial-year.js';
import type { RuleRecord } from './rule-types.js';

/** The rule key on the rows of the lock. */
export const BASELINE_LOCK_KEY = 'baseline_lock';

/** `baseline_lock`: decisions of the baseline's first N years held. */
export const BASELINE_LOCK: RuleRecord = {
  key: BASELINE_LOCK_KEY,
  setting: null,
  offValue: null,
  words: () => 'the lock on the baseline\'s first years',
  activeInstances: (dataset) => (dataset.baselineLock ? [{ keyPath: `lock_years.${dataset.baselineLock.lockYears}`, ruleKey: BASELINE_LOCK_KEY }] : []),
  portfolio: (context) => {
    const lock = context.dataset.baselineLock;
    if (!lock) return;
    const fundableIds = new Set(context.fundable.map((project) => project.id));
    for (const [projectId, startYear] of Object.entries(lock.startYearByProjectId)) {
      const project = context.fundable.find((candidate) => candidate.id === projectId);
      // A committed project whose only start is the locked one is held there already: a lock row on it
      // adds nothing, and in an infeasible model the diagnosis would name it as a rule to relax that frees nothing (review u4, finding 18).
      if (project !== undefined && project.status === 'committed' && context.startYears(project).length === 1 && context.startYears(project)[0] === startYear) continue;
      // A locked start the model no longer offers is an empty row that cannot hold: the diagnosis names it.
      const expression = context.sumOverStarts(project ? [project] : [], (_, year) => (year === startYear ? 1 : 0));
      context.addRow({ label: `baseline_lock[${projectId}]`, group: BASELINE_LOCK_KEY, expression, lower: 1, upper: 1, tag: { ruleKey: BASELINE_LOCK_KEY, projectId, financialYear: startYear } });
      if (!fundableIds.has(projectId)) context.warn(`the baseline starts ${projectId} in ${formatFinancialYear(startYear)}, a locked year, but this model cannot fund it: the lock cannot hold`);
    }
    const others = context.fundable.filter((project) => !Object.hasOwn(lock.startYearByProjectId, project.id));
    for (const year of context.years.filter((candidate) => candidate <= lock.lastLockedYear)) {
      if (!others.some((project) => context.startYears(project).includes(year))) continue;
      const expression = context.sumOverStarts(others, (_, startYear) => (startYear === year ? 1 : 0));
      context.addRow({ label: `baseline_lock_closed[${formatFinancialYear(year)}]`, group: BASELINE_LOCK_KEY, expression, lower: -Infinity, upper: 0, tag: { ruleKey: BASELINE_LOCK_KEY, financialYear: year } });
    }
  },
  describeConflict: (tag, _row, _formulation, dataset) => {
    const lock = dataset.baselineLock;
    const years = lock ? `the first ${lock.lockYears === 1 ? 'year' : `${lock.lockYears} years`}, to ${formatFinancialYear(lock.lastLockedYear)}` : 'the locked years';
    if (tag.projectId !== undefined) return `${tag.projectId} keeps the baseline's start ${tag.financialYear === undefined ? '' : formatFinancialYear(tag.financialYear)} (${years}, are locked)`;
    return `no project other than the baseline's may start in ${tag.financialYear === undefined ? 'a locked year' : formatFinancialYear(tag.financialYear)} (${years}, are locked)`;
  },
  keepsOut: ({ project, candidateYears, baselineLock }) => {
    if (!baselineLock || Object.hasOwn(baselineLock.startYearByProjectId, project.id)) return null;
    if (!candidateYears.every((year) => year <= baselineLock.lastLockedYear)) return null;
    return `Every start year it has (${formatYearRange(candidateYears)}) lies in the first ${baselineLock.lockYears === 1 ? 'year' : `${baselineLock.lockYears} years`} locked to the baseline (--lock-years), which does not start it then.`;
  },
  settingToChange: (_tag, _formulation, dataset) => {
    const lock = dataset.baselineLock;
    return lock ? `--lock-years (now ${lock.lockYears}) or --baseline (now ${lock.source})` : '--lock-years';
  },
};
