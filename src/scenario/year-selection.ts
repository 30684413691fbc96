/**
 * The `years` of an envelope override: one year (`2027/28` or `2027`), a list of years, or a range
 * `2027/28-2029/30` (both ends included). A range is recognised first, so `2027-2029` is the three
 * years 2027/28, 2028/29 and 2029/30; write one year with a slash (`2027/28`).
 */
import { formatFinancialYear, parseFinancialYear } from '../dataset/financial-year.js';

/** The years chosen, or an error sentence quoting what was written. */
export type YearSelectionResult = { readonly years: readonly number[] } | { readonly error: string };

const RANGE = /^\s*(\d{4}(?:\/\d{2})?)\s*-\s*(\d{4}(?:\/\d{2})?)\s*$/;

/** Parse one item: a range or a single year. */
function parseItem(item: string | number): number[] | string {
  const text = String(item);
  const range = RANGE.exec(text);
  if (range) {
    const first = parseFinancialYear(range[1]);
    const last = parseFinancialYear(range[2]);
    if (first === null || last === null) return `'${text}' is not a range of financial years like 2027/28-2029/30`;
    if (last < first) return `the range '${text}' ends before it starts`;
    return Array.from({ length: last - first + 1 }, (_, offset) => first + offset);
  }
  const year = parseFinancialYear(text);
  if (year === null) return `'${text}' is not a financial year like 2027/28`;
  return [year];
}

/**
 * Turn a `years` value into the financial years it names (sorted, without repeats). Omitted means
 * every year of the horizon. Every year must lie in the horizon, because an envelope outside it
 * would silently do nothing, which is almost always a typo.
 */
export function parseYearSelection(
  selection: string | number | readonly (string | number)[] | undefined,
  horizon: readonly number[],
): YearSelectionResult {
  if (selection === undefined) return { years: [...horizon] };
  const items = Array.isArray(selection) ? selection : [selection as string | number];
  const years = new Set<number>();
  for (const item of items) {
    const parsed = parseItem(item);
    if (typeof parsed === 'string') return { error: parsed };
    for (const year of parsed) years.add(year);
  }
  const first = horizon[0];
  const last = horizon[horizon.length - 1];
  for (const year of years) {
    if (year < first || year > last) {
      return {
        error: `${formatFinancialYear(year)} is outside the planning horizon ${formatFinancialYear(first)}-${formatFinancialYear(last)}`,
      };
    }
  }
  return { years: [...years].sort((a, b) => a - b) };
}

/** Describe chosen years for an override line: `2027/28`, `2027/28-2029/30`, a list, or `all years`. */
export function describeYears(years: readonly number[], horizon: readonly number[]): string {
  if (years.length === horizon.length && years.every((year, index) => year === horizon[index])) return 'all years';
  const contiguous = years.every((year, index) => index === 0 || year === years[index - 1] + 1);
  if (contiguous && years.length > 1) {
    return `${formatFinancialYear(years[0])}-${formatFinancialYear(years[years.length - 1])}`;
  }
  return years.map(formatFinancialYear).join(', ');
}
