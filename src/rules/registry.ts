/**
 * The rule registry: every policy rule and the register's commitments as records (rule-types.ts),
 * and every policy setting (the rules' and the objective's) with its key, unit, default and
 * meaning. The `policy:` block of model.yaml and of scenarios is one schema built from here, and
 * the formulations, the diagnosis, the deferral reasons, the explanations and the input sheet
 * read the same records. A new rule is a new record in this list.
 */
import { z } from 'zod';
import { rangedNumber } from '../dataset/zod-messages.js';
import type { PolicySettings, ServiceDeclaration } from '../dataset/types.js';
import { BASELINE_LOCK } from './baseline-lock.js';
import { BASIC_PACKAGE_FLOOR, BASIC_PACKAGE_MIN_SPEND } from './basic-package.js';
import { COMMITTED_PROJECTS } from './committed-projects.js';
import { CONCURRENCY } from './concurrency.js';
import { DISTRICT_SHARE_MAX, DISTRICT_SHARE_MIN } from './district-share.js';
import {
  ALLOCATION_COST_PER_HOUSEHOLD,
  ALLOCATION_COST_PER_ML_PER_DAY,
  BENEFIT_PER_HOUSEHOLD,
  BENEFIT_PER_ML_PER_DAY,
  BENEFIT_PER_PERSON_WITHIN_REACH,
  DISCOUNT_RATE,
  GROWTH_WEIGHT,
  NEED_WEIGHT,
  OBJECTIVE_MEASURE,
} from './objective-settings.js';
import { MIN_HOUSEHOLDS_SERVED } from './min-households-served.js';
import type { PolicySettingRecord, RuleInstance, RuleRecord } from './rule-types.js';
import { SERVICE_SHARE } from './service-share.js';
import { FACILITY_ANCHOR, FACILITY_OPENING_CAP, FACILITY_ROLLOUT } from './facility-rules.js';
import { OPERATING_ENVELOPE } from './operating-envelope.js';
import { SHORTFALLS_MET } from './shortfalls-met.js';

/**
 * The policy rules, in the order the formulations add their rows (and the deferral reasons and
 * explanations try them).
 */
export const POLICY_RULES: readonly RuleRecord[] = Object.freeze([
  BASIC_PACKAGE_FLOOR,
  BASIC_PACKAGE_MIN_SPEND,
  DISTRICT_SHARE_MIN,
  DISTRICT_SHARE_MAX,
  SERVICE_SHARE,
  CONCURRENCY,
  FACILITY_ANCHOR,
  FACILITY_ROLLOUT,
  FACILITY_OPENING_CAP,
  SHORTFALLS_MET,
  MIN_HOUSEHOLDS_SERVED,
]);

/** The rules that add rows to the portfolio formulation: the policy rules and the baseline lock. */
export const PORTFOLIO_ROW_RULES: readonly RuleRecord[] = Object.freeze([...POLICY_RULES, BASELINE_LOCK]);

/** Every rule: the commitments and operating envelopes of the tables, the policy rules and the baseline lock. */
export const RULES: readonly RuleRecord[] = Object.freeze([COMMITTED_PROJECTS, OPERATING_ENVELOPE, ...PORTFOLIO_ROW_RULES]);

/** The rule of a key (a row's `rule.ruleKey`), or undefined. */
export function findRule(key: string): RuleRecord | undefined {
  return RULES.find((rule) => rule.key === key);
}

/** The rule setting of a policy rule (every policy rule has one). */
function settingOf(rule: RuleRecord): PolicySettingRecord {
  if (rule.setting === null) throw new Error(`rule ${rule.key} has no policy setting`);
  return rule.setting;
}

/**
 * Every key of the `policy:` block, in the order model.yaml, docs/data-format.md and the input
 * sheet list them.
 */
export const POLICY_SETTINGS: readonly PolicySettingRecord[] = Object.freeze([
  DISCOUNT_RATE,
  NEED_WEIGHT,
  GROWTH_WEIGHT,
  BENEFIT_PER_HOUSEHOLD,
  BENEFIT_PER_ML_PER_DAY,
  settingOf(BASIC_PACKAGE_FLOOR),
  settingOf(BASIC_PACKAGE_MIN_SPEND),
  settingOf(SERVICE_SHARE),
  settingOf(DISTRICT_SHARE_MIN),
  settingOf(DISTRICT_SHARE_MAX),
  settingOf(CONCURRENCY),
  settingOf(SHORTFALLS_MET),
  ALLOCATION_COST_PER_HOUSEHOLD,
  ALLOCATION_COST_PER_ML_PER_DAY,
  BENEFIT_PER_PERSON_WITHIN_REACH,
  settingOf(FACILITY_ANCHOR),
  settingOf(FACILITY_ROLLOUT),
  settingOf(FACILITY_OPENING_CAP),
  settingOf(MIN_HOUSEHOLDS_SERVED),
  OBJECTIVE_MEASURE,
] as PolicySettingRecord[]);

/** A policy value as the block holds it: a number, or a number per service id. */
export type PolicyValue = number | Readonly<Record<string, number>>;

/** The zod schema of a setting's value: a number of its kind, or such a number per service id. */
function valueSchema(setting: PolicySettingRecord): z.ZodType<PolicyValue> {
  const number = rangedNumber(setting.numberKind);
  return setting.perService ? z.record(z.string().min(1).max(100), number) : number;
}

/**
 * The `policy:` block, as model.yaml and scenarios both write it: every setting's key and every
 * former key, each optional (model.yaml's defaults are applied by resolvePolicy).
 */
export const policyBlockSchema = z.strictObject(
  Object.fromEntries(
    POLICY_SETTINGS.flatMap((setting) => [
      [setting.key, valueSchema(setting).optional()] as const,
      ...(setting.formerKeys ?? []).map((former) => [former.key, rangedNumber(setting.numberKind).optional()] as const),
    ]),
  ),
);

/** A `policy:` block as validated (shape only). */
export type PolicyBlock = Readonly<Record<string, PolicyValue | undefined>>;

/** Every key the `policy:` block may hold (settings and former keys), for typo suggestions. */
export const POLICY_KEYS: readonly string[] = Object.freeze(Object.keys(policyBlockSchema.shape));

/** One value a `policy:` block sets. */
export interface PolicyEntry {
  /** The setting. */
  readonly setting: PolicySettingRecord;
  /** The service, for a per-service setting. */
  readonly serviceId?: string;
  /** The value. */
  readonly value: number;
  /** The key path under `policy:` in today's names: `['min_service_share', 'sanitation']`. */
  readonly keyPath: readonly string[];
  /** Where the value stands in the file: the same, or the former key it was written with (`['min_sanitation_share']`). */
  readonly writtenAt: readonly string[];
  /** The former key it was written with, when it was. */
  readonly formerKey?: string;
}

/** The entries of a block in POLICY_SETTINGS order; a former key becomes the service value it names. */
export function policyEntries(block: PolicyBlock): PolicyEntry[] {
  const entries: PolicyEntry[] = [];
  for (const setting of POLICY_SETTINGS) {
    const value = block[setting.key];
    if (typeof value === 'number') entries.push({ setting, value, keyPath: [setting.key], writtenAt: [setting.key] });
    else if (value !== undefined) {
      for (const [serviceId, serviceValue] of Object.entries(value)) {
        entries.push({ setting, serviceId, value: serviceValue, keyPath: [setting.key, serviceId], writtenAt: [setting.key, serviceId] });
      }
    }
    for (const former of setting.formerKeys ?? []) {
      const formerValue = block[former.key];
      if (typeof formerValue !== 'number') continue;
      entries.push({ setting, serviceId: former.serviceId, value: formerValue, keyPath: [setting.key, former.serviceId], writtenAt: [former.key], formerKey: former.key });
    }
  }
  return entries;
}

/** A problem with a block's entries, at a key path under `policy:`. */
export interface PolicyProblem {
  /** Key path under `policy:`. */
  readonly keyPath: readonly string[];
  /** One sentence. */
  readonly message: string;
}

/** Entries naming an undeclared service, or set twice (a former key and today's for the same service). */
export function checkPolicyEntries(entries: readonly PolicyEntry[], services: readonly ServiceDeclaration[]): PolicyProblem[] {
  const declared = new Set(services.map((service) => service.id));
  const problems: PolicyProblem[] = [];
  const seen = new Map<string, PolicyEntry>();
  for (const entry of entries) {
    if (entry.serviceId !== undefined && !declared.has(entry.serviceId)) {
      if (entry.formerKey === undefined) problems.push({ keyPath: entry.writtenAt, message: `unknown service '${entry.serviceId}'; the model declares ${[...declared].join(', ')}` });
      continue;
    }
    const key = entry.keyPath.join('.');
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push({ keyPath: entry.writtenAt, message: `sets policy.${key} again (also set as policy.${earlier.writtenAt.join('.')}); keep one` });
      continue;
    }
    seen.set(key, entry);
  }
  return problems;
}

/** The note for a value written with a former key. */
export function formerKeyNote(entry: PolicyEntry): string {
  return `policy.${entry.formerKey} is the former name of policy.${entry.keyPath.join('.')}; it was read as that (rename it to keep the file current)`;
}

/** The defaults of every setting for a model's services (a per-service default only for the services declared). */
export function defaultPolicy(services: readonly ServiceDeclaration[]): PolicySettings {
  const declared = new Set(services.map((service) => service.id));
  const policy: Record<string, PolicyValue> = {};
  for (const setting of POLICY_SETTINGS) {
    const value = setting.defaultValue;
    policy[setting.field] = typeof value === 'number' ? value : Object.fromEntries(Object.entries(value).filter(([serviceId]) => declared.has(serviceId)));
  }
  return policy as unknown as PolicySettings;
}

/**
 * A policy with entries applied over `base`: a number replaces the setting, a service value
 * replaces that service's value and keeps the others. Entries for undeclared services are
 * skipped (checkPolicyEntries reports them).
 */
export function applyPolicyEntries(base: PolicySettings, entries: readonly PolicyEntry[], services: readonly ServiceDeclaration[]): PolicySettings {
  const declared = new Set(services.map((service) => service.id));
  const policy: Record<string, PolicyValue> = { ...(base as unknown as Record<string, PolicyValue>) };
  for (const entry of entries) {
    if (entry.serviceId === undefined) policy[entry.setting.field] = entry.value;
    else if (declared.has(entry.serviceId)) policy[entry.setting.field] = { ...(policy[entry.setting.field] as Record<string, number>), [entry.serviceId]: entry.value };
  }
  return policy as unknown as PolicySettings;
}

/** Per-service settings every declared service must have (unit costs) but some do not. */
export function missingServiceValues(policy: PolicySettings, services: readonly ServiceDeclaration[]): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  for (const setting of POLICY_SETTINGS) {
    if (!setting.requiredForEveryService) continue;
    const values = policy[setting.field] as unknown as Readonly<Record<string, number>>;
    for (const service of services) {
      if (values[service.id] === undefined) {
        problems.push({ keyPath: [setting.key], message: `no value for service ${service.id} (${setting.unit}); give one, e.g. ${setting.key}: { ${service.id}: ... }` });
      }
    }
  }
  return problems;
}

/** The `policy:` block of model.yaml for a policy: every key, in POLICY_SETTINGS order, per-service values in declared order. */
export function policyToBlock(policy: PolicySettings, services: readonly ServiceDeclaration[]): Record<string, PolicyValue> {
  const block: Record<string, PolicyValue> = {};
  for (const setting of POLICY_SETTINGS) {
    const value = policy[setting.field] as unknown as PolicyValue;
    if (typeof value === 'number') block[setting.key] = value;
    else {
      const declared = services.map((service) => service.id).filter((id) => value[id] !== undefined);
      const others = Object.keys(value).filter((id) => !declared.includes(id));
      block[setting.key] = Object.fromEntries([...declared, ...others].map((id) => [id, value[id]]));
    }
  }
  return block;
}

/** One setting as the input sheet lists it: the key path, what it means and the value. */
export interface PolicySettingRow {
  /** `policy.min_service_share.sanitation`. */
  readonly yamlKey: string;
  /** What it means. */
  readonly meaning: string;
  /** The value; null for a per-service setting the service has no value for. */
  readonly value: number | null;
}

/** Every setting of a policy for the input sheet: a per-service setting gets a row per declared service. */
export function policySettingRows(policy: PolicySettings, services: readonly ServiceDeclaration[]): PolicySettingRow[] {
  return POLICY_SETTINGS.flatMap((setting): PolicySettingRow[] => {
    const value = policy[setting.field] as unknown as PolicyValue;
    if (typeof value === 'number') return [{ yamlKey: `policy.${setting.key}`, meaning: setting.meaning(), value }];
    return services.map((service) => ({ yamlKey: `policy.${setting.key}.${service.id}`, meaning: setting.meaning(service), value: value[service.id] ?? null }));
  });
}

/** The policy rules switched on in a model, as instances (one per service for a per-service rule), in POLICY_RULES order. */
export function activePolicyRuleInstances(dataset: Parameters<RuleRecord['activeInstances']>[0]): RuleInstance[] {
  return POLICY_RULES.flatMap((rule) => (rule.switchOff === undefined ? [] : rule.activeInstances(dataset)));
}
