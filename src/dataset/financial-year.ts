/**
 * Financial years run April to March. Internally a year is the calendar year it starts in
 * (2026 means 2026/27), which keeps arithmetic on years plain integer arithmetic.
 */

/** Label for a financial year: 2026 -> `2026/27`. */
export function formatFinancialYear(startYear: number): string {
  const next = (startYear + 1) % 100;
  return `${startYear}/${String(next).padStart(2, '0')}`;
}

/**
 * Parse `2026/27` or `2026` into 2026. Returns null for anything else, including a label whose
 * second part is not the following year (`2026/28`), so the caller can report the cell.
 */
export function parseFinancialYear(text: string): number | null {
  const trimmed = text.trim();
  const match = /^(\d{4})(?:\s*[/-]\s*(\d{2}|\d{4}))?$/.exec(trimmed);
  if (!match) return null;
  const startYear = Number(match[1]);
  if (match[2] !== undefined) {
    const second = Number(match[2]);
    const expected = match[2].length === 2 ? (startYear + 1) % 100 : startYear + 1;
    if (second !== expected) return null;
  }
  return startYear;
}

/** Day numbers Excel shows as dates of 2000–2099 (1900 date system): a financial year column holding one got a date typed in. */
const DATE_SERIAL_RANGE = { first: 36_526, last: 73_050 } as const;

/**
 * A date where a financial year was expected, as the user sees it, and the financial year that
 * contains it (April to March: 2027-04-01 is in 2027/28, 2027-03-31 in 2026/27); null when the text
 * is no date. Recognised: `2027-04-01` and `2027/04/01` (what a date cell of a workbook reads as,
 * or typed as text), and a whole number in Excel's day-number range for 2000–2099 (`46478`, a date
 * typed into a cell formatted as text or a number), shown as the date it stands for.
 */
export function dateInsteadOfFinancialYear(text: string): { readonly dateText: string; readonly financialYear: number } | null {
  const trimmed = text.trim();
  let year: number;
  let month: number;
  let day: number;
  const dated = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(trimmed);
  if (dated) {
    [year, month, day] = [Number(dated[1]), Number(dated[2]), Number(dated[3])];
    const check = new Date(Date.UTC(year, month - 1, day));
    if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  } else if (/^\d{5}$/.test(trimmed) && Number(trimmed) >= DATE_SERIAL_RANGE.first && Number(trimmed) <= DATE_SERIAL_RANGE.last) {
    // Excel's day 0 is 1899-12-30 in the 1900 date system, the default (src/dataset/read-workbook.ts).
    const date = new Date(Date.UTC(1899, 11, 30) + Number(trimmed) * 86_400_000);
    [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  } else {
    return null;
  }
  const dateText = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { dateText, financialYear: month >= 4 ? year : year - 1 };
}

/** Years in a sentence: `2027/28–2030/31` for several, `2027/28` for one, `none` for none. */
export function formatYearRange(years: readonly number[]): string {
  if (years.length === 0) return 'none';
  return years.length === 1 ? formatFinancialYear(years[0]) : `${formatFinancialYear(years[0])}–${formatFinancialYear(years[years.length - 1])}`;
}
