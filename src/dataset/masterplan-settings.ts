/**
 * The `masterplan:` block of model.yaml and of scenarios: one zod schema for both, every key
 * optional, numbers held to the plausible ranges of src/dataset/limits.ts. The block is kept as
 * written (MasterPlanSettings); the master plan stage (src/masterplan/assumptions-from-settings.ts)
 * fills every absent key from its documented default, so a default lives in one place.
 *
 * Scenario layers merge their block key by key into the model's (mergeMasterPlanSettings), and
 * every key a layer sets is reported as an override line (masterPlanSettingLines).
 */
import { z } from 'zod';
import { MAX_ID_CHARACTERS } from './limits.js';
import { rangedNumber } from './zod-messages.js';
import { BULK_ASSET_TYPES, type MasterPlanSettings } from './types.js';

/** An id used as a map key (a service level, a municipality code, an arrangement). */
const key = z.string().min(1).max(MAX_ID_CHARACTERS);

/** A cash flow in percent per build year, written `20;45;35` or as a YAML list. */
const cashFlowPercent = z
  .union([z.string(), z.array(z.number())], { error: 'a cash flow in percent per build year like 20;45;35' })
  .transform((value, context): number[] => {
    const shares = typeof value === 'string' ? value.split(';').map((part) => Number(part.trim())) : value;
    if (shares.length === 0 || shares.some((share) => !Number.isFinite(share) || share < 0 || share > 100)) {
      context.issues.push({ code: 'custom', message: 'expected percentages from 0 to 100 separated by ;, like 20;45;35', input: value });
      return z.NEVER;
    }
    if (Math.abs(shares.reduce((sum, share) => sum + share, 0) - 100) > 0.01) {
      context.issues.push({ code: 'custom', message: `the shares add up to ${shares.reduce((sum, share) => sum + share, 0)}; they must add up to 100`, input: value });
      return z.NEVER;
    }
    return shares;
  });

/** One service's keys. */
const serviceSettingsSchema = z.strictObject({
  service_levels_litres_per_person_per_day: z.record(key, rangedNumber('litresPerPersonPerDay')).optional(),
  unit_demand_litres_per_person_per_day: z.record(key, rangedNumber('litresPerPersonPerDay')).optional(),
  non_revenue_water_share: rangedNumber('share').optional(),
  treatment_loss_share: rangedNumber('share').optional(),
  summer_peak_factor: rangedNumber('peakFactor').optional(),
  pumping_hours_per_day: rangedNumber('hoursPerDay').optional(),
  return_share: rangedNumber('share').optional(),
  sewer_peak_factor: rangedNumber('peakFactor').optional(),
  backlog_unit_cost_rand_per_household: rangedNumber('randPerHousehold').optional(),
});

/** One asset type's keys. */
const assetTypeSettingsSchema = z.strictObject({
  design_horizon_years: rangedNumber('planningYears').optional(),
  lead_time_years: rangedNumber('planningYears').optional(),
  module_size: rangedNumber('moduleSize').optional(),
  cost_a_rand: rangedNumber('rand').optional(),
  cost_b: rangedNumber('costExponent').optional(),
  cashflow_percent: cashFlowPercent.optional(),
});

/** The `masterplan:` block. */
export const masterplanBlockSchema = z.strictObject({
  use_generated_register: z.boolean().optional(),
  growth: z
    .strictObject({
      method: z.enum(['census_compound', 'table']).optional(),
      additional_growth_percent_per_year: rangedNumber('growthPercentPerYear').optional(),
    })
    .optional(),
  storage_hours: z.record(key, rangedNumber('storageHours')).optional(),
  services: z.record(key, serviceSettingsSchema).optional(),
  asset_types: z.partialRecord(z.enum(BULK_ASSET_TYPES), assetTypeSettingsSchema).optional(),
});

/** Every key of the block at each level, for typo suggestions. */
export const MASTERPLAN_KEYS: Readonly<Record<string, readonly string[]>> = {
  masterplan: Object.keys(masterplanBlockSchema.shape),
  'masterplan.growth': ['method', 'additional_growth_percent_per_year'],
  'masterplan.services': Object.keys(serviceSettingsSchema.shape),
  'masterplan.asset_types': Object.keys(assetTypeSettingsSchema.shape),
};

/** A plain object (not a list). */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `base` with every key `layer` sets replaced (maps merged key by key; lists and numbers replaced whole). */
export function mergeMasterPlanSettings(base: MasterPlanSettings, layer: MasterPlanSettings): MasterPlanSettings {
  const merge = (first: unknown, second: unknown): unknown => {
    if (!isRecord(first) || !isRecord(second)) return second;
    const result: Record<string, unknown> = { ...first };
    for (const [name, value] of Object.entries(second)) result[name] = name in first ? merge(first[name], value) : value;
    return result;
  };
  return merge(base, layer) as MasterPlanSettings;
}

/** Every leaf a block sets as `masterplan.a.b = value` lines, in the block's order. */
export function masterPlanSettingLines(settings: MasterPlanSettings): string[] {
  const lines: string[] = [];
  const visit = (value: unknown, keyPath: string): void => {
    if (isRecord(value)) {
      for (const [name, inner] of Object.entries(value)) visit(inner, `${keyPath}.${name}`);
      return;
    }
    lines.push(`${keyPath} = ${Array.isArray(value) ? value.join(';') : String(value)}`);
  };
  visit(settings, 'masterplan');
  return lines;
}
