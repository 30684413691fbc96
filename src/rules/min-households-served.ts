/**
 * A floor on the backlog households the whole plan serves over the horizon. Off by default; the
 * households-growth frontier (src/analysis/households-growth-frontier.ts) holds it at a series of
 * levels while the objective counts capacity added only, so one row traces the trade-off.
 * Portfolio only: the allocation LP funds money to need, not projects that serve households.
 */
import type { RuleRecord } from './rule-types.js';
import { householdServiceIds } from './basic-package.js';
import { settingNow } from './rule-words.js';

/** `min_households_served`: the funded projects serve at least this many backlog households. */
export const MIN_HOUSEHOLDS_SERVED: RuleRecord = {
  key: 'min_households_served',
  setting: {
    key: 'min_households_served',
    field: 'minHouseholdsServed',
    unit: 'backlog households over the horizon',
    numberKind: 'households',
    perService: false,
    defaultValue: 0,
    meaning: () => 'Backlog households the plan serves over the horizon at least, all services counted in households (0 = off)',
  },
  offValue: 0,
  words: () => 'the minimum of households served',
  activeInstances: (dataset) => (dataset.config.policy.minHouseholdsServed > 0 ? [{ keyPath: 'min_households_served', ruleKey: 'min_households_served' }] : []),
  portfolio: (context) => {
    const level = context.dataset.config.policy.minHouseholdsServed;
    if (level <= 0) return;
    const households = householdServiceIds(context.dataset);
    context.addRow({
      label: 'min_households_served',
      group: 'min_households_served',
      expression: context.sumOverStarts(
        context.fundable.filter((project) => households.has(project.service)),
        (project) => project.householdsServed,
      ),
      lower: level,
      upper: Infinity,
      tag: { ruleKey: 'min_households_served' },
    });
  },
  describeConflict: (_tag, row) => `the plan serves at least ${Math.ceil(row.lower - 1e-9).toLocaleString('en-GB')} backlog households over the horizon`,
  settingToChange: (_tag, _formulation, dataset) => settingNow('min_households_served', dataset.config.policy.minHouseholdsServed),
  switchOff: (policy) => ({ ...policy, minHouseholdsServed: 0 }),
  keepsOut: () => null,
};
