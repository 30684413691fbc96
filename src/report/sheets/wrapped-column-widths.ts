/**
 * Widths for the wrapped text columns of a table printed one page wide. A row prints as tall as
 * its longest-wrapped cell, so a page holds the most rows when the width the table has for text is
 * shared so that the cells of a row wrap into about the same number of lines: a 21-unit
 * description beside a 50-unit detail took five lines where 42 and 36 take three (Deferred
 * projects of the default model, 785 lines for 167 projects at the old widths, 467 at the shared).
 */
import { proseLineCount, textWidthUnits } from '../format.js';

/** One wrapped text column of a table: its cells' texts, row by row, and its narrowest width. */
export interface WrappedColumn {
  /** The column's texts, one per data row (the same rows, in the same order, for every column). */
  readonly texts: readonly string[];
  /** Narrowest width it may get, column-width units (its header's longest word, a readable minimum). */
  readonly minimumWidth: number;
  /** Width it starts from, units: where several sharings print on as few lines, the one nearest this. */
  readonly preferredWidth: number;
}

/** Steps (units) by which width moves from one column to another while searching. */
const SEARCH_STEPS = [13, 8, 5, 3, 2, 1] as const;

/**
 * The narrowest width (units) at which the longest word of `texts` still fits on a line: a column
 * narrower than that breaks a word in the middle (an id such as WC025-S-SEWER-2, a year 2031/32).
 */
export function longestWordWidth(texts: readonly string[]): number {
  let longest = 0;
  for (const text of texts) for (const word of text.split(/\s+/)) longest = Math.max(longest, textWidthUnits(word));
  // proseLineCount keeps one unit of a column's width as a margin.
  return Math.ceil(longest + 1);
}

/**
 * The narrowest width (units), at least `minimumWidth`, at which every one of `texts` wraps to at
 * most `lineCount` lines: "Thusong service centres" on two lines rather than three in a column
 * sized for "Sanitation" (new-user review u2, 13).
 */
export function widthForLines(texts: readonly string[], lineCount: number, minimumWidth: number): number {
  let width = Math.max(minimumWidth, longestWordWidth(texts));
  while (texts.some((text) => proseLineCount(text, width) > lineCount)) width += 1;
  return width;
}

/**
 * Share `totalWidth` units among `columns` so that the rows print on the fewest lines in all (the
 * sum over rows of the lines of the row's longest-wrapped cell, as fitWrappedRowHeights sizes the
 * rows), each column at least its minimum. A local search, from the preferred widths and from an
 * even share: width moves between two columns while that lowers the total, in steps from 13 units
 * down to 1; ties keep the widths they had, so the result is the same for the same texts. Returns
 * the widths in the order of `columns`; with too little width for the minimums, the minimums.
 */
export function shareWrappedWidths(columns: readonly WrappedColumn[], totalWidth: number): number[] {
  const minimums = columns.map((column) => Math.max(1, Math.ceil(column.minimumWidth)));
  const spare = Math.floor(totalWidth) - minimums.reduce((sum, width) => sum + width, 0);
  if (spare <= 0 || columns.length === 0) return minimums;
  const rowCount = Math.min(...columns.map((column) => column.texts.length));
  // Lines of every cell at every width it can get, computed once: the search then only adds.
  const linesAt = columns.map((column, index) => {
    const table: number[][] = [];
    for (let width = minimums[index]; width <= minimums[index] + spare; width += 1) table.push(column.texts.slice(0, rowCount).map((text) => (text === '' ? 1 : proseLineCount(text, width))));
    return table;
  });
  const totalLines = (widths: readonly number[]): number => {
    let lines = 0;
    for (let row = 0; row < rowCount; row += 1) {
      let tallest = 1;
      for (let index = 0; index < columns.length; index += 1) tallest = Math.max(tallest, linesAt[index][widths[index] - minimums[index]][row]);
      lines += tallest;
    }
    return lines;
  };
  // From the preferred widths, and from the spare width shared evenly: the search stops at the
  // first sharing no single move improves, which need not be the best, so the better of two is kept.
  const preferred = columns.map((column, index) => Math.max(minimums[index], Math.round(column.preferredWidth)));
  const even = minimums.map((minimum, index) => minimum + Math.floor(spare / columns.length) + (index < spare % columns.length ? 1 : 0));
  let best: { widths: number[]; lines: number } | null = null;
  for (const start of [preferred, even]) {
    const found = searchFrom(fitToTotal(start, minimums, Math.floor(totalWidth)), minimums, totalLines);
    if (best === null || found.lines < best.lines) best = found;
  }
  return best!.widths;
}

/** The widths cut or grown to add up to `totalWidth` (the last columns first), none below its minimum. */
function fitToTotal(start: readonly number[], minimums: readonly number[], totalWidth: number): number[] {
  const widths = [...start];
  let excess = widths.reduce((sum, width) => sum + width, 0) - totalWidth;
  for (let index = widths.length - 1; index >= 0 && excess !== 0; index -= 1) {
    const change = excess > 0 ? Math.min(excess, widths[index] - minimums[index]) : excess;
    widths[index] -= change;
    excess -= change;
  }
  return widths;
}

/** Local search: move width between two columns while that lowers the total lines, big steps first. */
function searchFrom(start: readonly number[], minimums: readonly number[], totalLines: (widths: readonly number[]) => number): { widths: number[]; lines: number } {
  const widths = [...start];
  let best = totalLines(widths);
  for (let improved = true; improved; ) {
    improved = false;
    for (const step of SEARCH_STEPS) {
      for (let to = 0; to < widths.length; to += 1) {
        for (let from = 0; from < widths.length; from += 1) {
          if (from === to || widths[from] - step < minimums[from]) continue;
          widths[from] -= step;
          widths[to] += step;
          const lines = totalLines(widths);
          if (lines < best) {
            best = lines;
            improved = true;
          } else {
            widths[from] += step;
            widths[to] -= step;
          }
        }
      }
    }
  }
  return { widths, lines: best };
}
