/**
 * Operating envelopes: a project's running cost (operating_cost_rand_per_year) is charged from its
 * completion year to the end of the horizon against the operating sources it names (funding.csv
 * rows with purpose operating); capital and operating money never mix. The portfolio writes one
 * budget row per operating source and year, tagged with this rule, so that when no plan can
 * sustain what it must build the diagnosis names the envelope. It is set in the tables, not in
 * `policy:`, like the commitments.
 */
import { formatFinancialYear } from '../dataset/financial-year.js';
import { formatRandMillion } from '../dataset/money-text.js';
import type { RuleRecord } from './rule-types.js';

/** `operating_envelope`: running costs stay within each operating source's yearly envelope. */
export const OPERATING_ENVELOPE: RuleRecord = {
  key: 'operating_envelope',
  setting: null,
  offValue: null,
  words: () => 'the operating envelope',
  activeInstances: (dataset) =>
    dataset.fundingSources.filter((source) => source.purpose === 'operating').map((source) => ({ keyPath: `operating_envelope.${source.id}`, ruleKey: 'operating_envelope' })),
  describeConflict: (tag, _row, _formulation, dataset) => {
    const source = dataset.fundingSources.find((candidate) => candidate.id === tag.sourceId);
    const year = tag.financialYear ?? 0;
    return `running costs within the operating envelope ${tag.sourceId}${source ? ` (${source.name})` : ''} in ${formatFinancialYear(year)}: ${formatRandMillion(source?.envelopeRandByYear[year] ?? 0)}`;
  },
  settingToChange: (tag) => `envelope_rand of ${tag.sourceId} (purpose operating) in funding.csv, or operating_cost_rand_per_year in projects.csv`,
};
