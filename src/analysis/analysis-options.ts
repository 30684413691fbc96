/**
 * Command-line options shared by compare, sweep and stress (output folder, --force, --json,
 * --workers), and the checks of their values.
 */
import type { Options } from 'yargs';
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

/** Check a whole number of at least `minimum` given for `option`; throws InvalidInputError naming it. */
export function checkWholeNumber(option: string, value: number | undefined, minimum: number, maximum = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < minimum || value > maximum) {
    throw new InvalidInputError([{ file: COMMAND_LINE, row: null, column: `--${option}`, message: `expected a whole number from ${minimum} to ${maximum}, got ${String(value)}` }]);
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
