/**
 * `--lock-years` with something that is not a whole number (review u4, finding 16): the error names
 * the option and echoes what was typed (yargs's number type had made `two` NaN, and the message
 * said "something that is not a number"). Refused before any model is read.
 */
import { describe, expect, it } from 'vitest';
import { TINY_MODEL } from './cli-process.js';
import { runInProcess } from './in-process.js';

describe('--lock-years that is not a whole number', () => {
  it.each([
    ['two', 'got "two"'],
    ['2y', 'got "2y"'],
    ['1.5', 'got 1.5'],
    ['0', 'got 0'],
  ])('--lock-years %s: exit 1, the option named and the text echoed', async (value, echoed) => {
    const outcome = await runInProcess(['solve', TINY_MODEL, '--baseline', 'nowhere', '--lock-years', value]);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('--lock-years: expected a whole number of years from 1 to');
    expect(outcome.stderr).toContain(echoed);
    expect(outcome.stderr).not.toMatch(/\n\s+at /);
  });
});
