/**
 * Facility services (Thusong service centres): the definitions every stage shares, so the
 * formulation, the rules, the interpretation, the independent checker and the reports count a
 * centre, its blocks and its running costs the same way. A facility service is a declared
 * service with `blocks:` in model.yaml; nothing here names Thusong.
 */
import { completionYear } from './project-windows.js';
import type { AnchorDepartment, Dataset, Facility, FundingSource, PolicySettings, Project, ServiceDeclaration } from './types.js';

/**
 * The anchor departments of a facility service that declares none (model.yaml
 * `anchor_departments:` absent): the two national departments that anchor most Thusong centres,
 * by the names officials use, so a model written before departments were declared still reads
 * `Home Affairs; SASSA` on its roll-out sheet. Such a model's other codes are accepted and named
 * in words.
 */
export const DEFAULT_ANCHOR_DEPARTMENTS: readonly AnchorDepartment[] = Object.freeze([
  Object.freeze({ id: 'home_affairs', name: 'Home Affairs' }),
  Object.freeze({ id: 'sassa', name: 'SASSA' }),
]);

/**
 * An anchor department as an official reads it: the name the service declares for the code
 * (model.yaml `anchor_departments:`), else the default name, else the code in words with capitals
 * (`social_development` → `Social Development`). Loading refuses a code a declaring service does
 * not list, so the words only serve models that declare none.
 */
export function anchorDepartmentName(service: Pick<ServiceDeclaration, 'anchorDepartments'> | undefined, code: string): string {
  const id = code.trim().toLowerCase();
  const named = (service?.anchorDepartments ?? DEFAULT_ANCHOR_DEPARTMENTS).find((department) => department.id === id);
  if (named !== undefined) return named.name;
  return id
    .split(/[_\s]+/)
    .filter((word) => word.length > 0)
    .map((word) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`)
    .join(' ');
}

/** The declared facility services (services with blocks), in declared order. */
export function facilityServicesOf(services: readonly ServiceDeclaration[]): ServiceDeclaration[] {
  return services.filter((service) => service.blocks.length > 0);
}

/** A centre's block factor: the sum of the weights of the declared blocks it offers (unknown ids count nothing). */
export function blockFactor(service: ServiceDeclaration | undefined, blocksOffered: readonly string[]): number {
  if (service === undefined) return 0;
  const offered = new Set(blocksOffered);
  return service.blocks.filter((block) => offered.has(block.id)).reduce((sum, block) => sum + block.weight, 0);
}

/** True when a centre counts: it has an anchor department, or the anchor rule is off (policy.facility_anchor_required = 0). */
export function centreCounts(anchorDepartments: readonly string[], policy: PolicySettings): boolean {
  return policy.facilityAnchorRequired === 0 || anchorDepartments.length > 0;
}

/** True when a project is a centre of a facility service (it has a facility type). */
export function isCentre(project: Project): boolean {
  return project.facilityType !== null;
}

/** The existing hubs that count for a municipality and facility service (anchored, or the anchor rule off). */
export function countingExistingHubs(dataset: Dataset, serviceId: string, municipalityCode: string): Facility[] {
  return dataset.facilities.filter(
    (facility) =>
      facility.service === serviceId && facility.municipalityCode === municipalityCode && facility.facilityType === 'hub' && centreCounts(facility.anchorDepartments, dataset.config.policy),
  );
}

/** The roll-out exemption of a municipality for a facility service, or undefined. */
export function rolloutExemptionOf(dataset: Dataset, serviceId: string, municipalityCode: string): { readonly reason: string } | undefined {
  return dataset.config.rolloutExemptions.find((exemption) => exemption.service === serviceId && exemption.municipalityCode === municipalityCode);
}

/**
 * The municipalities the roll-out rule of a facility service asks a new hub of: not exempted and
 * without a counting hub today, in municipality order.
 */
export function municipalitiesNeedingHub(dataset: Dataset, serviceId: string): string[] {
  return dataset.municipalities
    .map((municipality) => municipality.code)
    .filter((code) => rolloutExemptionOf(dataset, serviceId, code) === undefined && countingExistingHubs(dataset, serviceId, code).length === 0);
}

/** The first financial year a centre is open (and its running cost is charged): its completion year. */
export function openingYear(project: Project, startYear: number): number {
  return completionYear(project, startYear);
}

/** Running cost in rand a project started in `startYear` charges in `financialYear`: its yearly cost from its completion year on, else 0. */
export function operatingCostRandInYear(project: Project, startYear: number, financialYear: number): number {
  return project.operatingCostRandPerYear > 0 && financialYear >= completionYear(project, startYear) ? project.operatingCostRandPerYear : 0;
}

/** True when a source pays running costs. */
export function isOperatingSource(source: FundingSource): boolean {
  return source.purpose === 'operating';
}

/** The operating sources of the dataset a project may charge its running costs to, in dataset order. */
export function eligibleOperatingSourceIds(project: Project, dataset: Dataset): string[] {
  const wanted = new Set(project.fundingSourceIds);
  return dataset.fundingSources.filter((source) => isOperatingSource(source) && wanted.has(source.id)).map((source) => source.id);
}
