/**
 * Zod's issues as the short sentences infraplan's error lists use ("expected a number, found
 * "abc""), shared by model.yaml and scenario files. Zod's own wording ("Invalid input: expected
 * number, received string") names types a spreadsheet user never sees. Parse with
 * `reportInput: true` so the value found can be quoted back.
 */
import type { z } from 'zod';

const found = (issue: { readonly input?: unknown }): string => (issue.input === undefined ? '' : `, found ${JSON.stringify(issue.input)}`);

/** What a value of a zod type is called for a reader. */
function typeWords(expected: string): string {
  switch (expected) {
    case 'number':
      return 'a number';
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

/** A sentence for every issue but unknown keys (which each caller words with its own suggestions). */
export function describeValueIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'required key is missing' : `expected ${typeWords(issue.expected)}${found(issue)}`;
    case 'too_small':
      if (issue.origin === 'array') return `expected at least ${String(issue.minimum)} ${Number(issue.minimum) === 1 ? 'entry' : 'entries'}`;
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'expected some text, found an empty value' : `expected at least ${String(issue.minimum)} characters${found(issue)}`;
      return `expected a value ${issue.inclusive ? 'at or above' : 'above'} ${String(issue.minimum)}${found(issue)}`;
    case 'too_big':
      return `expected a value ${issue.inclusive ? 'at or below' : 'below'} ${String(issue.maximum)}${found(issue)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map(String).join(', ')}${found(issue)}`;
    default:
      // Custom refinements already say what they found.
      return issue.message;
  }
}
