/**
 * Words and look-ups for the declared services (model.yaml `services:`), so that every sheet, chart
 * and summary names a service and its unit the same way and none hard-codes water or sanitation.
 */
import type { NeedUnit, ServiceDeclaration } from './types.js';

/** What a service of each need unit is said to serve: `Households served`, `People served`. */
const SERVED_WORDS: Readonly<Record<NeedUnit, string>> = { households: 'Households served', people: 'People served', ml_per_day: 'Ml/day of need met' };

/** The unit of a need in words: `households`, `people`, `Ml/day`. */
const UNIT_WORDS: Readonly<Record<NeedUnit, string>> = { households: 'households', people: 'people', ml_per_day: 'Ml/day' };

/**
 * `Households served: Water`, `People served: Thusong service centres`: the label of a service's
 * figure in a sheet, with the service's declared label (model.yaml `services:`), never its id.
 */
export function servedLabel(service: Pick<ServiceDeclaration, 'label' | 'needUnit'>): string {
  return `${SERVED_WORDS[service.needUnit]}: ${service.label}`;
}

/** `households served`, `people served`: the lower-case words for a summary line. */
export function servedWords(needUnit: NeedUnit): string {
  return SERVED_WORDS[needUnit].toLowerCase();
}

/** The need unit in words for a column header or axis: `households`. */
export function needUnitWords(needUnit: NeedUnit): string {
  return UNIT_WORDS[needUnit];
}

/** A service's label as it reads inside a sentence: `water`, `sanitation`, `Thusong service centres` (a name keeps its capital). */
export function labelInSentence(service: Pick<ServiceDeclaration, 'id' | 'label'>): string {
  const label = service.label;
  return label.toLowerCase() === service.id.toLowerCase() ? label.toLowerCase() : label;
}

/** A service's label as a sentence says it (labelInSentence) written for a table cell or heading: `water` → `Water`, `Thusong service centres` as it is. */
export function labelInTable(sentenceLabel: string): string {
  return `${sentenceLabel.charAt(0).toUpperCase()}${sentenceLabel.slice(1)}`;
}

/** The declaration of a service id, or undefined for an id the model does not declare. */
export function findService<Declared extends Pick<ServiceDeclaration, 'id'>>(services: readonly Declared[], id: string): Declared | undefined {
  return services.find((service) => service.id === id);
}

/** The service ids in a sentence: `water and sanitation`, `water, sanitation and stormwater`. */
export function serviceIdsInWords(services: readonly Pick<ServiceDeclaration, 'id'>[]): string {
  const ids = services.map((service) => service.id.replace(/_/g, ' '));
  return ids.length <= 1 ? ids.join('') : `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}
