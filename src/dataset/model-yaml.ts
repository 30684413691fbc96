/**
 * model.yaml from a ModelConfig: the inverse of parseModelConfig (model-config.ts). Every key is
 * written, defaults included, so the file says exactly what the model uses and reads back into
 * the same ModelConfig.
 */
import { Document } from 'yaml';
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
  return document.toString({ lineWidth: 100 });
}
