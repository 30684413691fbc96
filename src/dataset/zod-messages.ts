/**
 * Zod's issues as the short sentences infraplan's error lists use ("expected a number, found
 * "abc""), shared by model.yaml, scenario files and `--set`. Zod's own wording ("Invalid input:
 * expected number, received string") names types a spreadsheet user never sees. Parse with
 * `reportInput: true` so the value found can be quoted back (shortened, and `.nan` / `.inf` by name).
 */
import { z } from 'zod';
import { NUMBER_KINDS, formatLimit, rangeViolation, type NumberKindName } from './limits.js';
import { quoteValue } from '../errors/problems.js';

const found = (issue: { readonly input?: unknown }): string => (issue.input === undefined ? '' : `, found ${quoteValue(issue.input)}`);

/** What a value of a zod type is called for a reader. */
function typeWords(expected: string): string {
  switch (expected) {
    case 'number':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'array':
      return 'a list, e.g. [A, B]';
    case 'object':
    case 'record':
      return 'a mapping of keys to values';
    case 'string':
      return 'text';
    case 'boolean':
      return 'true or false';
    default:
      return `a ${expected}`;
  }
}

/** A limit as messages show it. */
function limitText(value: unknown): string {
  return typeof value === 'number' ? formatLimit(value) : String(value);
}

/** A sentence for every issue but unknown keys (which each caller words with its own suggestions). */
export function describeValueIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'required key is missing';
      // zod calls a non-finite number a type error; say what was found rather than "a number, found a number".
      return `expected ${typeWords(issue.expected)}${found(issue)}`;
    case 'invalid_union':
      return issue.input === undefined ? 'required key is missing' : `expected ${issue.message.replace(/^Invalid input$/, 'a valid value')}${found(issue)}`;
    case 'too_small':
      if (issue.origin === 'array') return `expected at least ${String(issue.minimum)} ${Number(issue.minimum) === 1 ? 'entry' : 'entries'}`;
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'expected some text, found an empty value' : `expected at least ${String(issue.minimum)} characters${found(issue)}`;
      return `expected a value ${issue.inclusive ? 'at or above' : 'above'} ${limitText(issue.minimum)}${found(issue)}`;
    case 'too_big':
      if (issue.origin === 'array') return `expected at most ${String(issue.maximum)} entries, found ${Array.isArray(issue.input) ? issue.input.length : 'more'}`;
      if (issue.origin === 'string') return `expected at most ${limitText(issue.maximum)} characters, found ${typeof issue.input === 'string' ? issue.input.length.toLocaleString('en-GB') : 'more'}`;
      return `expected a value ${issue.inclusive ? 'at or below' : 'below'} ${limitText(issue.maximum)}${found(issue)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map(String).join(', ')}${found(issue)}`;
    case 'invalid_key': {
      // A record's key failed its own check (an id too long, say): say what the key must be, in words,
      // not zod's "Invalid key in record".
      const [keyIssue] = issue.issues;
      return `this key is not a valid name: ${keyIssue === undefined ? 'it is malformed' : describeValueIssue(keyIssue)}`;
    }
    default:
      // Custom refinements already say what they found.
      return issue.message;
  }
}

/**
 * A number in a YAML file or on the command line, held to the plausible range of its kind
 * (src/dataset/limits.ts): `expected a value at or below 10000000000000 (R10 trillion), found 1e+308`.
 */
export function rangedNumber(kindName: NumberKindName) {
  const kind = NUMBER_KINDS[kindName];
  return z.number().superRefine((value, context) => {
    const violation = rangeViolation(value, kind);
    if (violation !== null) context.addIssue({ code: 'custom', message: `expected ${violation}, found ${quoteValue(value)}`, input: value });
  });
}
