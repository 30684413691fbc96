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


/** Years in a sentence: `2027/28–2030/31` for several, `2027/28` for one, `none` for none. */
export function formatYearRange(years: readonly number[]): string {
  if (years.length === 0) return 'none';
  return years.length === 1 ? formatFinancialYear(years[0]) : `${formatFinancialYear(years[0])}–${formatFinancialYear(years[years.length - 1])}`;
}
