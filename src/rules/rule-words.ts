/**
 * Small phrases the rules share when they describe a row: a municipality or district by code and
 * name, a share as a percentage, a setting with its current value.
 */
import type { Dataset } from '../dataset/types.js';

/** `WC011 Matzikama`, or the code alone when the model has no such municipality. */
export function municipalityInWords(dataset: Dataset, code: string | undefined): string {
  const municipality = dataset.municipalities.find((entry) => entry.code === code);
  return municipality ? `${code} ${municipality.name}` : (code ?? '');
}

/** `DC1 West Coast`, or the code alone. */
export function districtInWords(dataset: Dataset, code: string | undefined): string {
  const municipality = dataset.municipalities.find((entry) => entry.districtCode === code);
  return municipality ? `${code} ${municipality.districtName}` : (code ?? '');
}

/** A share as a percentage with at most one decimal: 0.3 -> `30%`. */
export function percentInWords(share: number): string {
  return `${Number((share * 100).toFixed(1))}%`;
}

/** A policy key with its current value: `policy.district_share_min (now 0.1)`. */
export function settingNow(keyPath: string, value: number): string {
  return `policy.${keyPath} (now ${value})`;
}
