/**
 * Service shares of total spending: each service with a share in `min_service_share` gets at
 * least that share of all spending (the default: 30% on sanitation, where backlogs are usually
 * deeper). One row per service with a share above 0, in declared order.
 */
import { labelInSentence } from '../dataset/services.js';
import type { Dataset, PolicySettings, ServiceDeclaration } from '../dataset/types.js';
import type { RuleRecord } from './rule-types.js';
import { percentInWords, settingNow } from './rule-words.js';

/** The declared services with a minimum share above 0, in declared order, with the share. */
function servicesWithShare(dataset: Dataset): { service: ServiceDeclaration; share: number }[] {
  const shares = dataset.config.policy.minServiceShare;
  return dataset.config.services.flatMap((service) => ((shares[service.id] ?? 0) > 0 ? [{ service, share: shares[service.id] }] : []));
}

/** `min_service_share`: per service, a minimum share of all spending. */
export const SERVICE_SHARE: RuleRecord = {
  key: 'min_service_share',
  setting: {
    key: 'min_service_share',
    field: 'minServiceShare',
    unit: 'share of spending per service, 0 to 1',
    numberKind: 'share',
    perService: true,
    defaultValue: { sanitation: 0.3 },
    meaning: (service) => `Minimum share of total spending on ${service?.label ?? 'a service'} (0 = off)`,
    formerKeys: [{ key: 'min_sanitation_share', serviceId: 'sanitation' }],
  },
  offValue: 0,
  words: (service) => `the minimum ${service === undefined ? 'service' : labelInSentence(service)} share`,
  activeInstances: (dataset) => servicesWithShare(dataset).map(({ service }) => ({ keyPath: `min_service_share.${service.id}`, ruleKey: 'min_service_share', serviceId: service.id })),
  portfolio: (context) => {
    for (const { service, share } of servicesWithShare(context.dataset)) {
      context.addRow({
        label: `service_share[${service.id}]`,
        group: 'service_share',
        expression: context.sumOverStarts(context.fundable, (project) => (project.service === service.id ? 1 - share : -share) * context.programMoney(project.capexRand)),
        lower: 0,
        upper: Infinity,
        tag: { ruleKey: 'min_service_share', serviceId: service.id },
      });
    }
  },
  allocation: (context) => {
    if (context.needs.length === 0) return;
    for (const { service, share } of servicesWithShare(context.dataset)) {
      context.addRow({
        label: `service_share[${service.id}]`,
        group: 'service_share',
        expression: context.sumOverAllocations((entry) => (entry.service === service.id ? 1 - share : -share)),
        lower: 0,
        upper: Infinity,
        tag: { ruleKey: 'min_service_share', serviceId: service.id },
      });
    }
  },
  describeConflict: (tag, _row, _formulation, dataset) => `${tag.serviceId} gets at least ${percentInWords(dataset.config.policy.minServiceShare[tag.serviceId ?? ''] ?? 0)} of spending`,
  settingToChange: (tag, _formulation, dataset) => settingNow(`min_service_share.${tag.serviceId}`, dataset.config.policy.minServiceShare[tag.serviceId ?? ''] ?? 0),
  switchOff: (policy: PolicySettings, instance) => ({ ...policy, minServiceShare: { ...policy.minServiceShare, [instance.serviceId ?? '']: 0 } }),
  keepsOut: ({ project, funded, policy, services }) => {
    for (const service of services) {
      const share = policy.minServiceShare[service.id] ?? 0;
      if (share <= 0 || project.service === service.id) continue;
      const serviceRand = funded.randByService.get(service.id) ?? 0;
      const newTotal = funded.totalRand + project.capexRand;
      // Funding it would take the share below the minimum, which the plan now meets.
      if (serviceRand / newTotal < share - 1e-9 && serviceRand / Math.max(funded.totalRand, 1) >= share - 1e-9) {
        return `Funding it would push the ${service.label} share of spending below the minimum of ${percentInWords(share)}.`;
      }
    }
    return null;
  },
};
