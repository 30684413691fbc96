/**
 * The shape of a scenario file (scenarios/*.yaml). Field names are snake_case like model.yaml and
 * carry their unit; every number is held to the plausible range of its kind (src/dataset/limits.ts),
 * the same range model.yaml and the tables use, and YAML `.inf` and `.nan` are refused by name; docs/scenarios.md explains each one with its default. Shape is checked here;
 * whether a source, project or indicator id exists is checked against the model when the scenario
 * is applied (apply-scenario.ts), because only then is the model known.
 */
import { z } from 'zod';
import { MAX_ID_CHARACTERS, MAX_NAME_CHARACTERS, MAX_TEXT_CHARACTERS } from '../dataset/limits.js';
import { rangedNumber } from '../dataset/zod-messages.js';
import { ENGINE_NAMES } from '../dataset/engine-catalogue.js';
import { randomSeedSchema } from '../dataset/model-config.js';
import { policyBlockSchema } from '../rules/registry.js';
import { masterplanBlockSchema } from '../dataset/masterplan-settings.js';

/** An id naming a source, project or indicator of the model. */
const id = z.string().min(1).max(MAX_ID_CHARACTERS);
/** Longest list of ids or overrides in one scenario. */
const MAX_LIST_ENTRIES = 100_000;

/**
 * The year selector of an envelope override: `2027/28`, `2027`, a list of those, or a range
 * `2027/28-2029/30`. Kept as written here and parsed by `parseYearSelection`, so that an error can
 * quote what the user wrote.
 */
const yearText = z.string().max(MAX_ID_CHARACTERS);
const yearSelection = z.union([yearText, z.number().int(), z.array(z.union([yearText, z.number().int()])).min(1).max(1000)], {
  error: 'a financial year like 2027/28, a list of them, or a range like 2027/28-2029/30',
});

/** One envelope override: set (`amount_rand`) or change (`change_percent`) a source's envelopes. */
export const envelopeOverrideSchema = z
  .strictObject({
    /** Funding source id, e.g. `RBIG`. */
    source: id,
    /** Years affected; omitted means every year of the horizon. */
    years: yearSelection.optional(),
    /** New envelope in rand for each selected year (0 to R10 trillion). */
    amount_rand: rangedNumber('rand').optional(),
    /** Change in percent of the envelope as it stands, e.g. -20 (-100 to 1000). */
    change_percent: rangedNumber('changePercent').optional(),
  })
  .superRefine((override, context) => {
    const given = [override.amount_rand, override.change_percent].filter((value) => value !== undefined).length;
    if (given !== 1) {
      context.addIssue({
        code: 'custom',
        message:
          given === 0
            ? 'an envelope override needs amount_rand (absolute rand) or change_percent (e.g. -20)'
            : 'give amount_rand or change_percent, not both',
        path: given === 0 ? [] : ['change_percent'],
      });
    }
  });

/** One delayed source: its envelopes move `delay_years` later. */
export const delaySchema = z.strictObject({
  /** Funding source id, e.g. `RBIG`. */
  source: id,
  /** Whole years to move every envelope of the source later (0 to 50). */
  delay_years: rangedNumber('delayYears'),
});

/**
 * Money of one source ring-fenced for one project: `amount_rand` in each selected year, on top of
 * the source's envelope, that only the project may spend (src/dataset/ring-fences.ts). What
 * `explain` answers with, reproducible by hand.
 */
export const ringFenceSchema = z.strictObject({
  /** Project id (a generated project of the master plan included), e.g. `WC011-S-WWTW-1`. */
  project: id,
  /** Funding source id the money is of, one the project draws on, e.g. `MIG`. */
  source: id,
  /** Years of the money, e.g. `2028/29` (a list or a range as for `envelopes`). */
  years: yearSelection,
  /** Rand ring-fenced in each selected year (0 to R10 trillion). */
  amount_rand: rangedNumber('rand'),
});

/** Engine settings a scenario may fix; the command line still wins. */
export const engineOverrideSchema = z.strictObject({
  /** `highs` (default) or `jslp`. */
  solver: z.enum(ENGINE_NAMES).optional(),
  /** Wall-clock limit for the solve, seconds (above 0, at most a week). */
  time_limit_seconds: rangedNumber('timeLimitSeconds').optional(),
  /** Relative MIP gap at which to stop, e.g. 0.005 (>= 0). */
  relative_gap: z.number().min(0).lt(1, { error: 'expected a relative gap below 1, e.g. 0.005 for 0.5%' }).optional(),
  /** true: the MILP is solved by a race of two HiGHS runs on two worker threads (docs/engines.md). */
  race: z.boolean({ error: 'expected true or false' }).optional(),
  /** HiGHS `random_seed`, a whole number from 0 (a race uses it and the next). */
  random_seed: randomSeedSchema.optional(),
});

/** A scenario file. Every field is optional; an empty file is the model unchanged. */
export const scenarioFileSchema = z.strictObject({
  /** Scenario name for reports, at most 100 characters; default the file's basename. */
  name: z.string().min(1).max(MAX_NAME_CHARACTERS).optional(),
  /** One or two sentences for the reader. */
  description: z.string().max(MAX_TEXT_CHARACTERS).optional(),
  /** Path of a scenario this one builds on, relative to this file. */
  extends: z.string().min(1).max(4096).optional(),
  /** Number of financial years planned (whole, 1 to 100). */
  horizon_years: rangedNumber('horizonYears').optional(),
  /** Indicator normalisation: `min-max`, `z-score` or `rank`. */
  normalisation: z.enum(['min-max', 'z-score', 'rank']).optional(),
  /** Indicator weight (0 to 1 million) by indicator id. */
  index_weights: z.record(id, rangedNumber('indicatorWeight')).optional(),
  /** Policy settings, the keys of model.yaml's `policy:` block (the rule registry's one schema). */
  policy: policyBlockSchema.optional(),
  /** Bulk master plan settings, the keys of model.yaml's `masterplan:` block, merged key by key (docs/masterplan.md). */
  masterplan: masterplanBlockSchema.optional(),
  /** Envelope overrides, applied in order. */
  envelopes: z.array(envelopeOverrideSchema).max(MAX_LIST_ENTRIES).optional(),
  /** Money ring-fenced for one project each, on top of the envelopes (after them, and not scaled by `budget_scale`). */
  ring_fenced: z.array(ringFenceSchema).max(MAX_LIST_ENTRIES).optional(),
  /** Sources whose money arrives later. */
  delays: z.array(delaySchema).max(MAX_LIST_ENTRIES).optional(),
  /** Multiplier on every envelope after the other envelope changes (0 to 100; 1 = unchanged). */
  budget_scale: rangedNumber('budgetScale').optional(),
  /** Percent added to every project's capex and cash flow, e.g. 10 (above -100, at most 1000). */
  cost_escalation_percent: rangedNumber('escalationPercent').optional(),
  /** Project ids that must be funded. */
  committed: z.array(id).max(MAX_LIST_ENTRIES).optional(),
  /** Project ids that must not be funded. */
  excluded: z.array(id).max(MAX_LIST_ENTRIES).optional(),
  /** Solver settings. */
  engine: engineOverrideSchema.optional(),
});

/** A scenario file as validated (shape only). */
export type ScenarioFile = z.infer<typeof scenarioFileSchema>;
/** One envelope override as validated. */
export type EnvelopeOverride = z.infer<typeof envelopeOverrideSchema>;
/** One ring fence as validated. */
export type RingFenceEntry = z.infer<typeof ringFenceSchema>;
/** One delay as validated. */
export type SourceDelay = z.infer<typeof delaySchema>;
