/**
 * model.yaml from a ModelConfig: the inverse of parseModelConfig (model-config.ts). Every key is
 * written, defaults included, so the file says exactly what the model uses and reads back into
 * the same ModelConfig.
 */
import { Document, isMap, isScalar } from 'yaml';
import { formatFinancialYear } from './financial-year.js';
import { policyToBlock } from '../rules/registry.js';
import type { ModelConfig } from './types.js';

/** The model.yaml keys of a ModelConfig, in the order docs/data-format.md lists them. */
export function modelConfigToYamlObject(config: ModelConfig): Record<string, unknown> {
  const { policy, index, engine } = config;
  const engineBlock = {
    ...(engine?.engine !== undefined ? { solver: engine.engine } : {}),
    ...(engine?.timeLimitSeconds !== undefined ? { time_limit_seconds: engine.timeLimitSeconds } : {}),
    ...(engine?.relativeGap !== undefined ? { relative_gap: engine.relativeGap } : {}),
    ...(engine?.startVariables !== undefined ? { start_variables: engine.startVariables } : {}),
    ...(engine?.race !== undefined ? { race: engine.race } : {}),
    ...(engine?.randomSeed !== undefined ? { random_seed: engine.randomSeed } : {}),
  };
  return {
    name: config.name,
    title: config.title,
    base_financial_year: formatFinancialYear(config.baseFinancialYear),
    horizon_years: config.horizonYears,
    currency: config.currency,
    illustrative_note: config.illustrativeNote,
    services: config.services.map((service) => ({
      id: service.id,
      label: service.label,
      need_unit: service.needUnit,
      backlog_column: service.backlogColumn,
      ...(service.blocks.length > 0 ? { blocks: service.blocks.map((block) => ({ id: block.id, label: block.label, weight: block.weight })) } : {}),
      ...(service.anchorDepartments !== undefined ? { anchor_departments: service.anchorDepartments.map((department) => ({ id: department.id, name: department.name })) } : {}),
    })),
    indicators: config.indicators.map((indicator) => ({
      id: indicator.id,
      label: indicator.label,
      theme: indicator.theme,
      direction: indicator.direction,
      weight: indicator.weight,
    })),
    ...(config.rolloutExemptions.length > 0
      ? { rollout_exemptions: config.rolloutExemptions.map((exemption) => ({ municipality_code: exemption.municipalityCode, service: exemption.service, reason: exemption.reason })) }
      : {}),
    index: { normalisation: index.normalisation, need_threshold: index.needThreshold, growth_threshold: index.growthThreshold },
    policy: policyToBlock(policy, config.services),
    ...(Object.keys(engineBlock).length > 0 ? { engine: engineBlock } : {}),
    // As written: the stage's defaults fill the keys it leaves out (docs/masterplan.md).
    ...(config.masterplan !== undefined ? { masterplan: config.masterplan } : {}),
  };
}

/** model.yaml text for a ModelConfig, with a first comment line saying where it came from. */
export function modelConfigToYaml(config: ModelConfig, headerComment = ' Written by infraplan; every key is shown, defaults included (docs/data-format.md).'): string {
  const document = new Document(modelConfigToYamlObject(config));
  document.commentBefore = headerComment;
  if (config.masterplan !== undefined) commentPolicyKeys(document, MASTER_PLAN_POLICY_COMMENTS);
  return document.toString({ lineWidth: 100 });
}

/**
 * Comments above policy keys whose meaning changes when the model has a `masterplan:` block, so
 * a reader of the file is not misled by the plain definition (docs/data-format.md).
 */
const MASTER_PLAN_POLICY_COMMENTS: Readonly<Record<string, string>> = {
  discount_rate_percent:
    ' Percent per year. A project\'s own benefit (households, people within reach) is discounted to its\n' +
    ' completion year; the shortfall its capacity closes, to each year it is closed (docs/formulations.md).',
  benefit_per_ml_per_day:
    ' With the masterplan block below: points per Ml/day of master plan shortfall closed, in each year\n' +
    ' from the year after completion, discounted to that year; capacity past the shortfall earns\n' +
    ' nothing, committed capacity is already in the balances (docs/data-format.md). Without it: points\n' +
    ' per Ml/day of capacity added, once.',
};

/** Put each comment above its key in the document's policy block. */
function commentPolicyKeys(document: Document, comments: Readonly<Record<string, string>>): void {
  const policy = document.get('policy', true);
  if (!isMap(policy)) return;
  for (const pair of policy.items) {
    if (isScalar(pair.key) && typeof pair.key.value === 'string' && comments[pair.key.value] !== undefined) pair.key.commentBefore = comments[pair.key.value];
  }
}
