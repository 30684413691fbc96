/**
 * model.yaml: a zod strict schema with the documented defaults (docs/validation.md lists them), and
 * a reader that reports problems with the key path and the line the key is on.
 */
import { LineCounter, isMap, isSeq, type Node as YamlNode } from 'yaml';
import { z } from 'zod';
import { parseFinancialYear } from './financial-year.js';
import { MAX_ID_CHARACTERS, MAX_NAME_CHARACTERS, MAX_TEXT_CHARACTERS, type NumberKindName } from './limits.js';
import { quoteValue, type DataProblem } from '../errors/problems.js';
import { suggestColumn } from './schemas.js';
import { parseYamlText } from './yaml-input.js';
import { describeValueIssue, rangedNumber } from './zod-messages.js';
import { DEFAULT_BACKLOG_COLUMN, DEFAULT_SERVICES, NEED_UNITS, type ModelConfig } from './types.js';
import { ENGINE_NAMES, MAX_RANDOM_SEED } from './engine-catalogue.js';
import { MASTERPLAN_KEYS, masterplanBlockSchema } from './masterplan-settings.js';
import { applyPolicyEntries, checkPolicyEntries, defaultPolicy, formerKeyNote, missingServiceValues, POLICY_KEYS, policyBlockSchema, policyEntries, type PolicyBlock } from '../rules/registry.js';

/** A number of a kind (src/dataset/limits.ts) with the default used when the key is absent. */
const numberOf = (kind: NumberKindName, fallback: number) => rangedNumber(kind).default(fallback);
const share = (fallback: number) => numberOf('share', fallback);

/** Free text in model.yaml: at most what one Excel cell holds, since reports write it into one. */
const text = z.string().max(MAX_TEXT_CHARACTERS);

/** Financial year as YAML gives it: `2026/27` is a string, `2026` a number. */
const financialYear = z.union([z.string(), z.number()], { error: 'a financial year like 2026/27' }).transform((value, context) => {
  const year = parseFinancialYear(String(value));
  if (year === null) {
    context.issues.push({ code: 'custom', message: `expected a financial year like 2026/27, found ${quoteValue(value)}`, input: value });
    return z.NEVER;
  }
  return year;
});

/** The `index:` block; every key optional with the defaults shown. */
const indexSchema = z.strictObject({
  normalisation: z.enum(['min-max', 'z-score', 'rank']).default('min-max'),
  need_threshold: share(0.5),
  growth_threshold: share(0.5),
});

/** HiGHS `random_seed`: a whole number from 0 to MAX_RANDOM_SEED (a race uses it and the next). */
export const randomSeedSchema = z
  .number({ error: 'expected a whole number from 0, e.g. 1' })
  .int({ error: 'expected a whole number, e.g. 1' })
  .min(0, { error: 'expected a whole number from 0, e.g. 1' })
  .max(MAX_RANDOM_SEED, { error: `expected a whole number of at most ${MAX_RANDOM_SEED}` });

/** The `engine:` block: solver settings a model asks for; scenarios and the command line override them. */
const engineSchema = z.strictObject({
  solver: z.enum(ENGINE_NAMES).optional(),
  time_limit_seconds: rangedNumber('timeLimitSeconds').optional(),
  relative_gap: z.number().min(0).lt(1, { error: 'expected a relative gap below 1, e.g. 0.005 for 0.5%' }).optional(),
  start_variables: z.enum(['single', 'cumulative']).optional(),
  race: z.boolean({ error: 'expected true or false' }).optional(),
  random_seed: randomSeedSchema.optional(),
});

/** A snake_case id: what a column name, a service id or a policy key may be. */
const snakeCaseId = (example: string) => z.string().max(MAX_ID_CHARACTERS).regex(/^[a-z][a-z0-9_]*$/, { error: `expected a snake_case id like ${example}` });

/** One service declaration (src/dataset/types.ts, ServiceDeclaration). */
const serviceSchema = z.strictObject({
  id: snakeCaseId('stormwater'),
  label: text.min(1),
  need_unit: z.enum(NEED_UNITS).default('households'),
  backlog_column: snakeCaseId('backlog_households').default(DEFAULT_BACKLOG_COLUMN),
  // A facility service (Thusong) lists the blocks of its service model with their benefit weights.
  blocks: z.array(z.strictObject({ id: snakeCaseId('information_communication'), label: text.min(1), weight: numberOf('indicatorWeight', 1) })).max(100).default([]),
  // ...and the departments that may anchor one of its centres, by the codes of the anchor_departments
  // cells and the names the sheets print; absent, any code is accepted (src/dataset/facilities.ts).
  anchor_departments: z.array(z.strictObject({ id: snakeCaseId('home_affairs'), name: text.min(1) })).min(1).max(100).optional(),
});

/** One municipality the roll-out rule of a facility service does not apply to. */
const rolloutExemptionSchema = z.strictObject({
  municipality_code: z.string().min(1).max(MAX_ID_CHARACTERS),
  service: snakeCaseId('thusong'),
  reason: text.min(1),
});

/** One indicator declaration. */
const indicatorSchema = z.strictObject({
  id: z.string().max(MAX_ID_CHARACTERS).regex(/^[a-z][a-z0-9_]*$/, { error: 'expected a snake_case column name like water_backlog_share' }),
  label: text.min(1),
  theme: z.enum(['need', 'growth']),
  direction: z.enum(['higher_is_worse', 'higher_is_better']),
  weight: numberOf('indicatorWeight', 1),
});

/** The whole model.yaml. */
export const modelConfigSchema = z.strictObject({
  name: z
    .string()
    .max(MAX_NAME_CHARACTERS)
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { error: 'expected a short id of letters, digits, - and _ (it names report folders)' }),
  title: text.min(1),
  base_financial_year: financialYear,
  horizon_years: rangedNumber('horizonYears'),
  currency: z.string().min(1).max(MAX_ID_CHARACTERS).default('ZAR'),
  illustrative_note: text.default(''),
  services: z.array(serviceSchema).min(1).max(100).optional(),
  indicators: z.array(indicatorSchema).min(1).max(500),
  rollout_exemptions: z.array(rolloutExemptionSchema).max(10_000).default([]),
  index: indexSchema.prefault({}),
  // Every key from the rule registry; defaults (and former key names) are applied by resolvePolicy.
  policy: policyBlockSchema.prefault({}),
  engine: engineSchema.prefault({}),
  // The bulk master plan settings; absent: runs use the register as given (docs/masterplan.md).
  masterplan: masterplanBlockSchema.optional(),
});

/** Every key model.yaml may hold at each level, for typo suggestions. */
const KNOWN_KEYS: Record<string, readonly string[]> = {
  '': Object.keys(modelConfigSchema.shape),
  index: Object.keys(indexSchema.shape),
  policy: POLICY_KEYS,
  engine: Object.keys(engineSchema.shape),
  indicators: Object.keys(indicatorSchema.shape),
  services: Object.keys(serviceSchema.shape),
  rollout_exemptions: Object.keys(rolloutExemptionSchema.shape),
  ...MASTERPLAN_KEYS,
};

/** A short sentence for a zod issue in model.yaml. */
function describeIssue(issue: z.core.$ZodIssue, keyPath: string): string {
  if (issue.code === 'unrecognized_keys') {
    const level = keyPath
      .replace(/\.\d+$/, '')
      .replace(/^(indicators|services|rollout_exemptions)\.\d+$/, '$1')
      .replace(/^masterplan\.(services|asset_types)\.[^.]+$/, 'masterplan.$1');
    return `unknown key${issue.keys.length === 1 ? suggestColumn(issue.keys[0], KNOWN_KEYS[level] ?? []) : 's'}`;
  }
  return describeValueIssue(issue);
}

/**
 * A required key written with a typo is one mistake, not two: `horizon_yaers` gave "unknown key
 * (did you mean horizon_years?)" on its line and "required key is missing" for horizon_years on
 * another. The missing key is left out when an unknown key beside it is suggested as it, and the
 * suggestion says the key is required.
 */
function foldMisspelledRequiredKeys(problems: readonly DataProblem[]): DataProblem[] {
  const suggested = new Map<string, DataProblem>();
  for (const problem of problems) {
    const match = /^unknown key \(did you mean (\S+)\?\)$/.exec(problem.message);
    if (match === null || problem.column === null) continue;
    const parent = problem.column.includes('.') ? problem.column.slice(0, problem.column.lastIndexOf('.') + 1) : '';
    suggested.set(`${parent}${match[1]}`, problem);
  }
  const folded = new Set(problems.filter((problem) => problem.message === 'required key is missing' && problem.column !== null && suggested.has(problem.column)).map((problem) => problem.column!));
  return problems
    .filter((problem) => !(problem.message === 'required key is missing' && problem.column !== null && folded.has(problem.column)))
    .map((problem) => {
      const target = [...folded].find((column) => suggested.get(column) === problem);
      return target === undefined ? problem : { ...problem, message: problem.message.replace(/\?\)$/, `? it is required, and missing)`) };
    });
}

/** Line (1-based) of the YAML node at a key path, or of its nearest existing parent. */
function lineOf(root: YamlNode | null, keys: readonly PropertyKey[], lineCounter: LineCounter, keyItself: boolean): number | null {
  let node: unknown = root;
  let line: number | null = null;
  const lineAt = (offset: number | undefined): number | null => (offset === undefined ? null : lineCounter.linePos(offset).line);
  for (const key of keys) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === key);
      if (!pair) break;
      line = lineAt((pair.key as YamlNode | null)?.range?.[0]) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as YamlNode | undefined;
      if (!item) break;
      line = lineAt(item.range?.[0]) ?? line;
      node = item;
    } else {
      break;
    }
  }
  if (!keyItself && node && typeof node === 'object' && 'range' in node) return lineAt((node as YamlNode).range?.[0]) ?? line;
  return line;
}

/**
 * The rules the indices put on the declarations (src/indicators/indices.ts, themeWeightShares):
 * each theme needs at least one indicator and a positive total weight, or its index is 0/0. They
 * are checked here too, so `validate` refuses what `solve` would refuse.
 */
function themeProblems(
  indicators: readonly { readonly id: string; readonly theme: 'need' | 'growth'; readonly weight: number }[],
  file: string,
  locate: (keys: readonly PropertyKey[]) => number | null,
): DataProblem[] {
  const problems: DataProblem[] = [];
  for (const theme of ['need', 'growth'] as const) {
    const members = indicators.map((indicator, position) => ({ indicator, position })).filter((entry) => entry.indicator.theme === theme);
    if (members.length === 0) {
      problems.push({ file, row: locate(['indicators']), column: 'indicators', message: `no indicator has theme ${theme}; declare at least one, or the ${theme} index cannot be computed` });
    } else if (members.every((entry) => entry.indicator.weight === 0)) {
      const first = members[0].position;
      problems.push({
        file,
        row: locate(['indicators', first, 'weight']),
        column: members.length === 1 ? `indicators.${first}.weight` : 'indicators',
        message: `every ${theme} indicator has weight 0 (${members.map((entry) => entry.indicator.id).join(', ')}); give at least one a weight above 0`,
      });
    }
  }
  return problems;
}

/** The remark made when model.yaml declares no services. */
export const DEFAULT_SERVICES_NOTE = `model.yaml declares no services, so the two default services are used: ${DEFAULT_SERVICES.map((service) => service.id).join(' and ')} (declare them under services: to name them yourself)`;

/**
 * Parse and validate model.yaml text into a ModelConfig, or report every problem found. `notes`
 * are remarks worth showing the user (the default services assumed).
 */
export function parseModelConfig(yamlText: string, file: string): { config: ModelConfig | null; problems: DataProblem[]; notes: string[] } {
  // Later syntax errors are usually echoes of the first, so only the first is reported.
  const { yaml, problems: yamlProblems } = parseYamlText(yamlText, file);
  if (yaml === null) return { config: null, problems: yamlProblems, notes: [] };
  const { document, lineCounter, data } = yaml;
  if (data === null || data === undefined) return { config: null, problems: [{ file, row: null, column: null, message: 'file is empty; expected name, title, base_financial_year, horizon_years and indicators' }], notes: [] };
  if (typeof data !== 'object' || Array.isArray(data)) return { config: null, problems: [{ file, row: 1, column: null, message: 'expected a mapping of keys (name: ..., title: ...)' }], notes: [] };
  const result = modelConfigSchema.safeParse(data, { reportInput: true });
  if (!result.success) {
    const problems = result.error.issues.flatMap((issue): DataProblem[] => {
      const keyPath = issue.path.map(String).join('.');
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => ({
          file,
          row: lineOf(document.contents, [...issue.path, key], lineCounter, true),
          column: keyPath === '' ? key : `${keyPath}.${key}`,
          message: describeIssue({ ...issue, keys: [key] }, keyPath),
        }));
      }
      return [{ file, row: lineOf(document.contents, issue.path, lineCounter, false), column: keyPath || null, message: describeIssue(issue, keyPath) }];
    });
    return { config: null, problems: foldMisspelledRequiredKeys(problems), notes: [] };
  }
  const parsed = result.data;
  const problems: DataProblem[] = [];
  const seenIds = new Set<string>();
  parsed.indicators.forEach((indicator, position) => {
    if (seenIds.has(indicator.id)) {
      problems.push({ file, row: lineOf(document.contents, ['indicators', position, 'id'], lineCounter, false), column: `indicators.${position}.id`, message: `indicator ${indicator.id} is declared twice` });
    }
    seenIds.add(indicator.id);
  });
  const seenServices = new Set<string>();
  (parsed.services ?? []).forEach((service, position) => {
    if (seenServices.has(service.id)) {
      problems.push({ file, row: lineOf(document.contents, ['services', position, 'id'], lineCounter, false), column: `services.${position}.id`, message: `service ${service.id} is declared twice` });
    }
    seenServices.add(service.id);
    const seenBlocks = new Set<string>();
    service.blocks.forEach((block, blockPosition) => {
      if (seenBlocks.has(block.id)) {
        problems.push({ file, row: lineOf(document.contents, ['services', position, 'blocks', blockPosition, 'id'], lineCounter, false), column: `services.${position}.blocks.${blockPosition}.id`, message: `block ${block.id} is declared twice` });
      }
      seenBlocks.add(block.id);
    });
    if (service.anchor_departments !== undefined && service.blocks.length === 0) {
      problems.push({
        file,
        row: lineOf(document.contents, ['services', position, 'anchor_departments'], lineCounter, true),
        column: `services.${position}.anchor_departments`,
        message: `${service.id} is not a facility service (a service with blocks:); only a facility service's centres have anchor departments`,
      });
    }
    const seenDepartments = new Set<string>();
    (service.anchor_departments ?? []).forEach((department, departmentPosition) => {
      if (seenDepartments.has(department.id)) {
        problems.push({
          file,
          row: lineOf(document.contents, ['services', position, 'anchor_departments', departmentPosition, 'id'], lineCounter, false),
          column: `services.${position}.anchor_departments.${departmentPosition}.id`,
          message: `anchor department ${department.id} is declared twice`,
        });
      }
      seenDepartments.add(department.id);
    });
  });
  parsed.rollout_exemptions.forEach((exemption, position) => {
    const service = (parsed.services ?? []).find((declared) => declared.id === exemption.service);
    if (service === undefined || service.blocks.length === 0) {
      problems.push({
        file,
        row: lineOf(document.contents, ['rollout_exemptions', position, 'service'], lineCounter, false),
        column: `rollout_exemptions.${position}.service`,
        message: `${exemption.service} is not a declared facility service (a service with blocks:); the roll-out rule applies only to those`,
      });
    }
  });
  problems.push(...themeProblems(parsed.indicators, file, (keys) => lineOf(document.contents, keys, lineCounter, false)));
  const services =
    parsed.services === undefined
      ? DEFAULT_SERVICES
      : parsed.services.map((service) => ({
          id: service.id,
          label: service.label,
          needUnit: service.need_unit,
          backlogColumn: service.backlog_column,
          blocks: service.blocks.map((block) => ({ ...block })),
          ...(service.anchor_departments !== undefined ? { anchorDepartments: service.anchor_departments.map((department) => ({ ...department })) } : {}),
        }));
  const policyProblem = (keyPath: readonly string[], message: string, keyItself = true): DataProblem => ({
    file,
    row: lineOf(document.contents, ['policy', ...keyPath], lineCounter, keyItself),
    column: ['policy', ...keyPath].join('.'),
    message,
  });
  const entries = policyEntries(parsed.policy as PolicyBlock);
  problems.push(...checkPolicyEntries(entries, services).map((problem) => policyProblem(problem.keyPath, problem.message)));
  const policy = applyPolicyEntries(defaultPolicy(services), entries, services);
  problems.push(...missingServiceValues(policy, services).map((problem) => policyProblem(problem.keyPath, problem.message)));
  if (policy.districtShareMin > policy.districtShareMax) {
    problems.push(policyProblem(['district_share_min'], `district_share_min (${policy.districtShareMin}) is above district_share_max (${policy.districtShareMax})`));
  }
  if (problems.length > 0) return { config: null, problems, notes: [] };
  const { index, engine } = parsed;
  const notes = [...(parsed.services === undefined ? [DEFAULT_SERVICES_NOTE] : []), ...entries.filter((entry) => entry.formerKey !== undefined).map(formerKeyNote)];
  return {
    problems: [],
    notes,
    config: {
      name: parsed.name,
      title: parsed.title,
      baseFinancialYear: parsed.base_financial_year,
      horizonYears: parsed.horizon_years,
      currency: parsed.currency,
      illustrativeNote: parsed.illustrative_note.trim(),
      services,
      indicators: parsed.indicators.map((indicator) => ({ ...indicator })),
      rolloutExemptions: parsed.rollout_exemptions.map((exemption) => ({ municipalityCode: exemption.municipality_code, service: exemption.service, reason: exemption.reason.trim() })),
      index: { normalisation: index.normalisation, needThreshold: index.need_threshold, growthThreshold: index.growth_threshold },
      policy,
      ...(parsed.masterplan !== undefined ? { masterplan: parsed.masterplan } : {}),
      engine: {
        ...(engine.solver !== undefined ? { engine: engine.solver } : {}),
        ...(engine.time_limit_seconds !== undefined ? { timeLimitSeconds: engine.time_limit_seconds } : {}),
        ...(engine.relative_gap !== undefined ? { relativeGap: engine.relative_gap } : {}),
        ...(engine.start_variables !== undefined ? { startVariables: engine.start_variables } : {}),
        ...(engine.race !== undefined ? { race: engine.race } : {}),
        ...(engine.random_seed !== undefined ? { randomSeed: engine.random_seed } : {}),
      },
    },
  };
}
