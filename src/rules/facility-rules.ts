/**
 * The rules of a facility service (the Thusong service centre roll-out), as records of the
 * registry: every municipality has a hub by a target year (the roll-out, with exemptions in
 * model.yaml), a centre counts only with an anchor department, and at most so many new centres
 * open per year. They constrain the portfolio only: the allocation LP prices need, it builds no
 * centres. Nothing here names Thusong; a facility service is a declared service with blocks.
 *
 * A centre opens in its completion year (openingYear): commissioned by the end of its last build
 * year, like every project (docs/formulations.md, "When a project counts"), so a hub finishing in
 * the target year meets the target, and the opening cap counts it in that year. Its reach benefit
 * is discounted to the same year (src/indicators/benefit.ts).
 */
import { labelInSentence } from '../dataset/services.js';
import { formatFinancialYear } from '../dataset/financial-year.js';
import { centreCounts, facilityServicesOf, isCentre, municipalitiesNeedingHub, openingYear } from '../dataset/facilities.js';
import type { Dataset, Project } from '../dataset/types.js';
import type { RuleRecord } from './rule-types.js';
import { municipalityInWords, settingNow } from './rule-words.js';

/** The facility services with a value above 0 in a per-service setting, with the value. */
function servicesWithValue(dataset: Dataset, values: Readonly<Record<string, number>>): { serviceId: string; value: number }[] {
  return facilityServicesOf(dataset.config.services).flatMap((service) => ((values[service.id] ?? 0) > 0 ? [{ serviceId: service.id, value: values[service.id] }] : []));
}

/** True when a project is a hub of the service that counts (anchored, or the anchor rule off). */
function countingHub(project: Project, serviceId: string, dataset: Dataset): boolean {
  return project.service === serviceId && project.facilityType === 'hub' && centreCounts(project.anchorDepartments, dataset.config.policy);
}

/** `rollout_target_year`: per facility service, every municipality not exempted has a hub open by the target year. */
export const FACILITY_ROLLOUT: RuleRecord = {
  key: 'rollout_target_year',
  setting: {
    key: 'rollout_target_year',
    field: 'rolloutTargetYear',
    unit: 'financial year as its first calendar year (2030 = 2030/31), per facility service',
    numberKind: 'financialYearOrOff',
    perService: true,
    defaultValue: {},
    meaning: (service) => `${service?.label ?? 'Facility service'}: every municipality has a hub open by this financial year (2030 = 2030/31; 0 = off)`,
  },
  offValue: 0,
  words: (service) => `the ${service === undefined ? 'facility' : labelInSentence(service)} roll-out to a hub in every municipality`,
  activeInstances: (dataset) =>
    servicesWithValue(dataset, dataset.config.policy.rolloutTargetYear).map(({ serviceId }) => ({ keyPath: `rollout_target_year.${serviceId}`, ruleKey: 'rollout_target_year', serviceId })),
  portfolio: (context) => {
    const { dataset } = context;
    for (const { serviceId, value: targetYear } of servicesWithValue(dataset, dataset.config.policy.rolloutTargetYear)) {
      for (const municipalityCode of municipalitiesNeedingHub(dataset, serviceId)) {
        const hubs = context.fundable.filter((project) => project.municipalityCode === municipalityCode && countingHub(project, serviceId, dataset));
        if (hubs.length === 0) context.warn(`the ${serviceId} roll-out asks a hub of ${municipalityInWords(dataset, municipalityCode)} by ${formatFinancialYear(targetYear)}, but the register has no fundable hub there with an anchor department`);
        context.addRow({
          label: `rollout[${serviceId},${municipalityCode}]`,
          group: 'rollout',
          expression: context.sumOverStarts(hubs, (project, startYear) => (openingYear(project, startYear) <= targetYear ? 1 : 0)),
          lower: 1,
          upper: Infinity,
          tag: { ruleKey: 'rollout_target_year', serviceId, municipalityCode, financialYear: targetYear },
        });
      }
    }
  },
  describeConflict: (tag, _row, _formulation, dataset) =>
    `${municipalityInWords(dataset, tag.municipalityCode)} has a ${tag.serviceId} hub with an anchor department open by ${tag.financialYear === undefined ? 'the target year' : formatFinancialYear(tag.financialYear)}`,
  settingToChange: (tag, _formulation, dataset) =>
    `${settingNow(`rollout_target_year.${tag.serviceId}`, dataset.config.policy.rolloutTargetYear[tag.serviceId ?? ''] ?? 0)}, or an exemption under rollout_exemptions in model.yaml`,
  switchOff: (policy, instance) => ({ ...policy, rolloutTargetYear: { ...policy.rolloutTargetYear, [instance.serviceId ?? '']: 0 } }),
};

/** `facility_anchor_required`: a centre counts (and may be funded) only with an anchor department committed. */
export const FACILITY_ANCHOR: RuleRecord = {
  key: 'facility_anchor_required',
  setting: {
    key: 'facility_anchor_required',
    field: 'facilityAnchorRequired',
    unit: '1 on, 0 off',
    numberKind: 'onOff',
    perService: false,
    defaultValue: 1,
    meaning: () => 'A centre counts only with an anchor department (e.g. Home Affairs, SASSA) serving there (1 = on, 0 = off)',
  },
  offValue: 0,
  words: () => 'the anchor-department rule (a centre counts only with an anchor department)',
  activeInstances: (dataset) =>
    dataset.config.policy.facilityAnchorRequired > 0 && dataset.projects.some(isCentre) ? [{ keyPath: 'facility_anchor_required', ruleKey: 'facility_anchor_required' }] : [],
  portfolio: (context) => {
    if (context.dataset.config.policy.facilityAnchorRequired === 0) return;
    // A centre without an anchor department would be delisted, so it is never funded: one row per such centre.
    for (const project of context.fundable.filter((candidate) => isCentre(candidate) && candidate.anchorDepartments.length === 0)) {
      context.addRow({
        label: `anchor[${project.id}]`,
        group: 'anchor',
        expression: context.sumOverStarts([project], () => 1),
        lower: -Infinity,
        upper: 0,
        tag: { ruleKey: 'facility_anchor_required', projectId: project.id, municipalityCode: project.municipalityCode, serviceId: project.service },
      });
    }
  },
  describeConflict: (tag) => `centre ${tag.projectId} has no anchor department committed, so it cannot count`,
  settingToChange: (_tag, _formulation, dataset) => `anchor_departments in projects.csv, or ${settingNow('facility_anchor_required', dataset.config.policy.facilityAnchorRequired)}`,
  switchOff: (policy) => ({ ...policy, facilityAnchorRequired: 0 }),
  // Checked before the reasons that depend on the plan: a share or cap that binds as well is not what keeps it out.
  forbids: (project, policy) =>
    isCentre(project) && !centreCounts(project.anchorDepartments, policy)
      ? `No anchor department (such as Home Affairs or SASSA) is committed to serve at ${project.id}, and the anchor-department rule funds no centre without one, whatever the budget (a centre without an anchor department would be delisted; policy.facility_anchor_required = ${policy.facilityAnchorRequired}).`
      : null,
};

/** `max_facilities_opened_per_year`: per facility service, at most this many new centres open (complete) in each financial year. */
export const FACILITY_OPENING_CAP: RuleRecord = {
  key: 'max_facilities_opened_per_year',
  setting: {
    key: 'max_facilities_opened_per_year',
    field: 'maxFacilitiesOpenedPerYear',
    unit: 'new centres opened per financial year, per facility service',
    numberKind: 'facilitiesPerYear',
    perService: true,
    defaultValue: {},
    meaning: (service) => `${service?.label ?? 'Facility service'}: at most this many new centres open in any one financial year (0 = off)`,
  },
  offValue: 0,
  words: (service) => `the cap on new ${service === undefined ? 'facility centres' : labelInSentence(service)} opened per year`,
  activeInstances: (dataset) =>
    servicesWithValue(dataset, dataset.config.policy.maxFacilitiesOpenedPerYear).map(({ serviceId }) => ({ keyPath: `max_facilities_opened_per_year.${serviceId}`, ruleKey: 'max_facilities_opened_per_year', serviceId })),
  portfolio: (context) => {
    for (const { serviceId, value: cap } of servicesWithValue(context.dataset, context.dataset.config.policy.maxFacilitiesOpenedPerYear)) {
      const centres = context.fundable.filter((project) => project.service === serviceId && isCentre(project));
      for (const year of context.years) {
        const opening = centres.filter((project) => context.startYears(project).some((startYear) => openingYear(project, startYear) === year));
        if (opening.length <= cap) continue;
        context.addRow({
          label: `facilities_opened[${serviceId},${formatFinancialYear(year)}]`,
          group: 'facilities_opened',
          expression: context.sumOverStarts(opening, (project, startYear) => (openingYear(project, startYear) === year ? 1 : 0)),
          lower: -Infinity,
          upper: cap,
          tag: { ruleKey: 'max_facilities_opened_per_year', serviceId, financialYear: year },
        });
      }
    }
  },
  describeConflict: (tag, _row, _formulation, dataset) =>
    `at most ${dataset.config.policy.maxFacilitiesOpenedPerYear[tag.serviceId ?? ''] ?? 0} new ${tag.serviceId} centres open in ${tag.financialYear === undefined ? 'a year' : formatFinancialYear(tag.financialYear)}`,
  settingToChange: (tag, _formulation, dataset) => settingNow(`max_facilities_opened_per_year.${tag.serviceId}`, dataset.config.policy.maxFacilitiesOpenedPerYear[tag.serviceId ?? ''] ?? 0),
  switchOff: (policy, instance) => ({ ...policy, maxFacilitiesOpenedPerYear: { ...policy.maxFacilitiesOpenedPerYear, [instance.serviceId ?? '']: 0 } }),
  keepsOut: ({ project, candidateYears, funded, policy, services }) => {
    const cap = policy.maxFacilitiesOpenedPerYear[project.service] ?? 0;
    if (cap <= 0 || !isCentre(project)) return null;
    const full = (startYear: number): boolean => (funded.facilitiesOpenedByServiceYear.get(`${project.service}|${openingYear(project, startYear)}`) ?? 0) >= cap;
    if (!candidateYears.every(full)) return null;
    // The service's label (`Thusong service centres`), as the workbook names it, not its id.
    const label = services.find((service) => service.id === project.service)?.label ?? project.service;
    return `${cap} new centres of ${label} already open in each year it could open (the cap on centres opened per year).`;
  },
};
