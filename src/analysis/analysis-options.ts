/**
 * Command-line options shared by compare, sweep and stress (output folder, --force, --json,
 * --workers), and the checks of their values.
 */
import type { Options } from 'yargs';
import { formatLimit, NUMBER_KINDS, rangeViolation, type NumberKindName } from '../dataset/limits.js';
import { InvalidInputError } from '../errors/problems.js';
import { COMMAND_LINE } from '../scenario/command-line-layer.js';

/** yargs definitions of --out, --force, --json and --workers. */
export const analysisOutputOptions = {
  out: { type: 'string', requiresArg: true, describe: 'Folder in which the output folder <model>-<command>-...-<UTC time> is created (default: ./reports)' },
  force: { type: 'boolean', default: false, describe: 'Replace an output folder of the same name' },
  json: { type: 'boolean', default: false, describe: 'Print the results as JSON on stdout (the folder is still written)' },
  workers: { type: 'number', requiresArg: true, describe: 'Solve on this many worker threads; 1 solves in-process (default: the number of CPUs)' },
} as const satisfies Record<string, Options>;

/** Parsed values of analysisOutputOptions. */
export interface AnalysisOutputArguments {
  /** --out. */
  readonly out?: string;
  /** --force. */
  readonly force?: boolean;
  /** --json. */
  readonly json?: boolean;
  /** --workers. */
  readonly workers?: number;
}

/** The allowed values of a kind in words: `a whole number from 1 to 256`, `a number above 0 and at most 10`. */
export function rangeWords(kind: NumberKindName): string {
  const range = NUMBER_KINDS[kind] as { minimum: number; maximum: number; exclusiveMinimum?: boolean; exclusiveMaximum?: boolean; integer?: boolean; maximumWords?: string };
  const what = range.integer ? 'a whole number' : 'a number';
  const low = range.exclusiveMinimum ? `above ${formatLimit(range.minimum)}` : `from ${formatLimit(range.minimum)}`;
  const high = range.exclusiveMaximum ? `below ${formatLimit(range.maximum)}` : `${range.exclusiveMinimum ? 'and at most' : 'to'} ${formatLimit(range.maximum)}`;
  return `${what} ${low} ${high}${range.maximumWords ? ` (${range.maximumWords})` : ''}`;
}

/**
 * Check the number given for `option` against its kind of limits.ts, the ranges every input is held
 * to (issue 9 review, finding 1: every analysis option goes through the same ranges). Throws
 * InvalidInputError naming the option; yargs turns a word into NaN, which is said as such.
 */
export function checkOptionNumber(option: string, value: number | undefined, kind: NumberKindName, example?: string): number | undefined {
  if (value === undefined) return undefined;
  if (rangeViolation(value, NUMBER_KINDS[kind]) !== null) {
    const given = Number.isNaN(value) ? 'something that is not a number' : String(value);
    throw new InvalidInputError([{ file: COMMAND_LINE, row: null, column: `--${option}`, message: `expected ${rangeWords(kind)}${example ? `, e.g. ${example}` : ''}, got ${given}` }]);
  }
  return value;
}

/** A number with thousands separators and `digits` decimals, for terminal output. */
export function formatNumber(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Left-aligned text table for terminal output: one header row, then rows. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
