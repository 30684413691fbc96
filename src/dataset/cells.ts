/**
 * zod schemas for single table cells. Every cell arrives as trimmed text (see read-table.ts); these
 * schemas turn it into a typed value or an issue whose message names what was expected, so the
 * row schemas in schemas.ts read like the column tables in docs/data-format.md.
 */
import { z } from 'zod';
import { dateInsteadOfFinancialYear, formatFinancialYear, parseFinancialYear } from './financial-year.js';
import { MAX_ID_CHARACTERS, NUMBER_KINDS, formatLimit, type NumberKindName } from './limits.js';
import { quoteValue, shortenText } from '../errors/problems.js';

/** Issue message zod gives a required key that is absent; rows carry every header column, so absence means a missing column. */
export const MISSING_COLUMN = 'missing required column';

/** Show a cell value inside a message, shortened so one bad cell cannot flood the screen. */
export function quoteCell(text: string): string {
  return quoteValue(text);
}

const cellText = z.string({ error: MISSING_COLUMN });

/** A cell that must hold text. */
export const requiredText = cellText.refine((text) => text !== '', { message: 'required; the cell is empty' });

/** A cell that may be empty; empty becomes null. */
export const optionalText = cellText.optional().transform((text) => (text === undefined || text === '' ? null : text));

/** Why an id is too long to be one, or null. Ids appear in every message and report, so a pasted paragraph is refused here. */
function idLengthProblem(id: string): string | null {
  return id.length > MAX_ID_CHARACTERS ? `expected an id of at most ${MAX_ID_CHARACTERS} characters, found ${quoteCell(id)}` : null;
}

/** A cell that must hold an id (a code, a project id): some text of at most MAX_ID_CHARACTERS. */
export const requiredId = cellText.transform((text, context) => {
  if (text === '') {
    context.issues.push({ code: 'custom', message: 'required; the cell is empty', input: text });
    return z.NEVER;
  }
  const problem = idLengthProblem(text);
  if (problem !== null) {
    context.issues.push({ code: 'custom', message: problem, input: text });
    return z.NEVER;
  }
  return text;
});

/** A cell that may hold an id; empty becomes null. */
export const optionalId = cellText.optional().transform((text, context) => {
  if (text === undefined || text === '') return null;
  const problem = idLengthProblem(text);
  if (problem !== null) {
    context.issues.push({ code: 'custom', message: problem, input: text });
    return z.NEVER;
  }
  return text;
});

/** Numbers as a spreadsheet writes them: plain digits with an optional sign, decimals and exponent. */
const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Limits a numeric cell must respect; a kind from limits.ts, or looser rules for tests and tools. */
export interface NumberRules {
  /** Smallest allowed value (inclusive unless exclusiveMinimum). */
  readonly minimum?: number;
  /** When true, the value must be strictly above the minimum. */
  readonly exclusiveMinimum?: boolean;
  /** Largest allowed value (inclusive). */
  readonly maximum?: number;
  /** The maximum in words, e.g. `R10 trillion`. */
  readonly maximumWords?: string;
  /** When true, the value must be a whole number. */
  readonly integer?: boolean;
}

/** The rules of a kind of number (src/dataset/limits.ts). */
function rulesOf(kind: NumberKindName | NumberRules): NumberRules {
  return typeof kind === 'string' ? NUMBER_KINDS[kind] : kind;
}

/** Describe the lower rules as the end of a sentence: `a number >= 0`, `a whole number >= 0`. */
function describeNumber(rules: NumberRules): string {
  const parts = [rules.integer ? 'a whole number' : 'a number'];
  if (rules.minimum !== undefined) parts.push(`${rules.exclusiveMinimum ? '>' : '>='} ${formatLimit(rules.minimum)}`);
  return parts.join(' ');
}

/** Spaces a spreadsheet puts between digit groups: the space, the no-break space and the narrow no-break space. */
const GROUP_SPACE = '[ \u00a0\u202f]';

/**
 * How to write a number typed the way Excel users type money and shares, or null when the text is
 * not one of those. None of these forms is accepted as it is (docs/data-format.md): `1,234` is a
 * thousand and more in one locale and one and a bit in another, and `12%` is 12 in a column in
 * percent but 0.12 in a share column; so the message says what was read and what to type.
 */
export function numberWritingHint(text: string): string | null {
  let rest = text.trim();
  const said: string[] = [];
  const currency = /^(R|ZAR)\s*/i.exec(rest);
  if (currency !== null && /^\s*[-+]?\d/.test(rest.slice(currency[0].length))) {
    said.push(`the currency ${currency[1]}`);
    rest = rest.slice(currency[0].length);
  }
  if (/^[-+]?\d[\d., \u00a0\u202f]*%$/.test(rest)) {
    let number = rest.slice(0, -1).replace(new RegExp(GROUP_SPACE, 'g'), '');
    number = /^[-+]?\d+,\d+$/.test(number) && !/^[-+]?\d{1,3},\d{3}$/.test(number) ? number.replace(',', '.') : number.replace(/,/g, '');
    const value = Number(number);
    if (!Number.isFinite(value)) return 'write the number without %, as plain digits with a point for decimals';
    return `write the number without %: ${value} in a column in percent (a name ending in _percent), ${Number((value / 100).toPrecision(12))} in a share column (0 to 1)`;
  }
  const plain = (digits: string): string => {
    const value = Number(digits);
    return Number.isFinite(value) ? String(value) : digits;
  };
  let digits: string | null = null;
  if (new RegExp(`^[-+]?\\d{1,3}(${GROUP_SPACE}\\d{3})+(\\.\\d+)?$`).test(rest)) {
    said.push('spaces between the thousands');
    digits = rest.replace(new RegExp(GROUP_SPACE, 'g'), '');
  } else if (new RegExp(`^[-+]?\\d{1,3}(${GROUP_SPACE}\\d{3})+,\\d+$`).test(rest)) {
    said.push('spaces between the thousands and a decimal comma');
    digits = rest.replace(new RegExp(GROUP_SPACE, 'g'), '').replace(',', '.');
  } else if (/^[-+]?\d{1,3}(,\d{3}){2,}(\.\d+)?$/.test(rest) || /^[-+]?\d{1,3}(,\d{3})+\.\d+$/.test(rest)) {
    said.push('commas between the thousands');
    digits = rest.replace(/,/g, '');
  } else if (/^[-+]?\d{1,3}(\.\d{3}){2,}(,\d+)?$/.test(rest)) {
    said.push('points between the thousands');
    digits = rest.replace(/\./g, '').replace(',', '.');
  } else if (/^[-+]?\d{1,3},\d{3}$/.test(rest)) {
    // One comma before three digits: a thousands separator or a decimal comma, and nothing says which.
    return `write ${rest.replace(',', '')} for the thousands, or ${rest.replace(',', '.')} with a decimal point; a number is plain digits with a point for decimals`;
  } else if (/^[-+]?\d+,\d+$/.test(rest)) {
    said.push('a decimal comma');
    digits = rest.replace(',', '.');
  } else if (currency !== null && NUMBER_PATTERN.test(rest)) {
    digits = rest;
  }
  if (digits === null) return said.length > 0 ? 'write the amount in rand as plain digits, without the currency, separators or words (R2.5 million is 2500000)' : null;
  return `read as ${plain(digits)} written with ${said.join(' and ')}; write plain digits with a point for decimals: ${plain(digits)}`;
}

/**
 * Parse number text under the rules, returning the value or the message explaining why not. The
 * message names the rule that was broken: the lower limit for text and values below it, the
 * upper limit (with its words, `R10 trillion`) for values above it.
 */
export function parseNumberText(text: string, kind: NumberKindName | NumberRules): number | string {
  const rules = rulesOf(kind);
  const expected = describeNumber(rules);
  if (!NUMBER_PATTERN.test(text)) {
    const hint = numberWritingHint(text);
    return `expected ${expected}, found ${quoteCell(text)}${hint === null ? '' : `; ${hint}`}`;
  }
  const value = Number(text);
  // Digits shown as written, but never more than a quote's worth of them.
  const shown = shortenText(text);
  const belowMinimum = rules.minimum !== undefined && (rules.exclusiveMinimum ? value <= rules.minimum : value < rules.minimum);
  if (belowMinimum || (rules.integer && Number.isFinite(value) && !Number.isInteger(value))) return `expected ${expected}, found ${shown}`;
  if (!Number.isFinite(value) || (rules.maximum !== undefined && value > rules.maximum)) {
    const limit = rules.maximum === undefined ? 'a finite number' : `a number <= ${formatLimit(rules.maximum)}${rules.maximumWords === undefined ? '' : ` (${rules.maximumWords})`}`;
    return `expected ${limit}, found ${shown}`;
  }
  return value;
}

/** A required numeric cell, held to the range of its kind. */
export function requiredNumber(kind: NumberKindName | NumberRules) {
  const rules = rulesOf(kind);
  return cellText.transform((text, context) => {
    if (text === '') {
      // For an empty cell the number's kind is what helps; a lower bound that only keeps values away
      // from solver infinity (-1e15) is noise here (it is still named for a value beyond it).
      const wanted = rules.minimum !== undefined && rules.minimum <= -1e15 ? describeNumber({ ...rules, minimum: undefined }) : describeNumber(rules);
      context.issues.push({ code: 'custom', message: `required; the cell is empty (expected ${wanted})`, input: text });
      return z.NEVER;
    }
    const parsed = parseNumberText(text, rules);
    if (typeof parsed === 'string') {
      context.issues.push({ code: 'custom', message: parsed, input: text });
      return z.NEVER;
    }
    return parsed;
  });
}

/** An optional numeric cell, held to the range of its kind; empty becomes `emptyValue`. */
export function optionalNumber<Empty extends number | null>(emptyValue: Empty, kind: NumberKindName | NumberRules) {
  const rules = rulesOf(kind);
  return cellText.optional().transform((text, context): number | Empty => {
    if (text === undefined || text === '') return emptyValue;
    const parsed = parseNumberText(text, rules);
    if (typeof parsed === 'string') {
      context.issues.push({ code: 'custom', message: parsed, input: text });
      return z.NEVER;
    }
    return parsed;
  });
}

/** A required cell holding one of a fixed list of words (compared ignoring case). */
export function requiredChoice<const Choice extends string>(choices: readonly Choice[]) {
  return cellText.transform((text, context): Choice => {
    const found = choices.find((choice) => choice.toLowerCase() === text.toLowerCase());
    if (found === undefined) {
      const what = text === '' ? 'the cell is empty' : `found ${quoteCell(text)}`;
      context.issues.push({ code: 'custom', message: `expected one of ${choices.join(', ')}; ${what}`, input: text });
      return z.NEVER;
    }
    return found;
  });
}

/** An optional cell holding one of a fixed list of words (compared ignoring case); empty or absent gives `emptyValue`. */
export function optionalChoice<const Choice extends string, Empty extends Choice | null>(choices: readonly Choice[], emptyValue: Empty) {
  return cellText.optional().transform((text, context): Choice | Empty => {
    if (text === undefined || text === '') return emptyValue;
    const found = choices.find((choice) => choice.toLowerCase() === text.toLowerCase());
    if (found === undefined) {
      context.issues.push({ code: 'custom', message: `expected one of ${choices.join(', ')} (or empty); found ${quoteCell(text)}`, input: text });
      return z.NEVER;
    }
    return found;
  });
}

/** Turn `yes`/`no` text into a boolean, or null when it is neither. */
function parseFlag(text: string): boolean | null {
  const lower = text.toLowerCase();
  if (lower === 'yes') return true;
  if (lower === 'no') return false;
  return null;
}

/** A required yes/no cell. */
export const requiredFlag = cellText.transform((text, context) => {
  const flag = parseFlag(text);
  if (flag === null) {
    context.issues.push({ code: 'custom', message: `expected yes or no; ${text === '' ? 'the cell is empty' : `found ${quoteCell(text)}`}`, input: text });
    return z.NEVER;
  }
  return flag;
});

/** The optional `illustrative` column: yes/no, empty or absent means no. */
export const illustrativeFlag = cellText.optional().transform((text, context) => {
  if (text === undefined || text === '') return false;
  const flag = parseFlag(text);
  if (flag === null) {
    context.issues.push({ code: 'custom', message: `expected yes or no (or empty for no); found ${quoteCell(text)}`, input: text });
    return z.NEVER;
  }
  return flag;
});

/** A required financial year cell: `2026/27` or `2026`, held as the starting calendar year. */
export const requiredFinancialYear = cellText.transform((text, context) => {
  const year = parseFinancialYear(text);
  if (year === null) {
    // A date is named as the user sees it, with the financial year holding it as the fix (not taken
    // silently: 2027-01-01 may be meant as 2027/28 by someone thinking in calendar years).
    const date = dateInsteadOfFinancialYear(text);
    const what =
      text === ''
        ? 'the cell is empty'
        : date !== null
          ? `found the date ${date.dateText}${date.dateText === text ? '' : ` (stored as ${quoteCell(text)})`}; type the financial year as text, e.g. ${formatFinancialYear(date.financialYear)} (the one containing that date)`
          : `found ${quoteCell(text)}`;
    context.issues.push({ code: 'custom', message: `expected a financial year like 2026/27; ${what}`, input: text });
    return z.NEVER;
  }
  return year;
});

/** Split a `;` separated list cell into its trimmed, non-empty items. */
export function splitList(text: string): string[] {
  return text
    .split(';')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** An optional `;` separated list of ids; empty gives []. */
export const optionalIdList = cellText.optional().transform((text, context) => {
  const items = text === undefined ? [] : splitList(text);
  const tooLong = items.find((item) => idLengthProblem(item) !== null);
  if (tooLong !== undefined) {
    context.issues.push({ code: 'custom', message: idLengthProblem(tooLong)!, input: text });
    return z.NEVER;
  }
  return items;
});

/** A required `;` separated list of ids with at least one item. */
export const requiredIdList = cellText.transform((text, context) => {
  const items = splitList(text);
  if (items.length === 0) {
    context.issues.push({ code: 'custom', message: 'required; expected one or more ids separated by ;', input: text });
    return z.NEVER;
  }
  const tooLong = items.find((item) => idLengthProblem(item) !== null);
  if (tooLong !== undefined) {
    context.issues.push({ code: 'custom', message: idLengthProblem(tooLong)!, input: text });
    return z.NEVER;
  }
  return items;
});

/** An optional `;` separated list of numbers (a cash flow), each held to the range of its kind; empty gives null. */
export function optionalNumberList(kind: NumberKindName | NumberRules) {
  const rules = rulesOf(kind);
  return cellText.optional().transform((text, context): number[] | null => {
    if (text === undefined || text === '') return null;
    const items = text.split(';').map((item) => item.trim());
    const values: number[] = [];
    for (const item of items) {
      const parsed = parseNumberText(item, rules);
      if (typeof parsed === 'string') {
        const where = items.length > 1 ? ` in ${quoteCell(text)}` : '';
        // Text that is no number gets the list's shape; a number out of range gets its range.
        const message = NUMBER_PATTERN.test(item)
          ? `${parsed}${where}`
          : `expected numbers separated by ; like 30;50;20${rules.minimum === undefined ? '' : ` (each >= ${formatLimit(rules.minimum)})`}, found ${quoteCell(item)}${where}`;
        context.issues.push({ code: 'custom', message, input: text });
        return z.NEVER;
      }
      values.push(parsed);
    }
    return values;
  });
}
