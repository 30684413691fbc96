import { describe, expect, it } from 'vitest';
import { usageMessage } from '../../src/cli/usage-message.js';

describe('usage messages', () => {
  it('calls an unknown first word an unknown command and lists the commands', () => {
    expect(usageMessage('Unknown argument: frobnicate', ['frobnicate'])).toBe(
      'unknown command frobnicate; the commands are run, validate, indices, masterplan, solve, export-lp, compare, sweep, frontier, stress, explain, template, collect, model\nRun infraplan --help for usage.',
    );
    expect(usageMessage('Did you mean run?', ['rnu'])).toBe('unknown command rnu; did you mean run?\nRun infraplan --help for usage.');
  });

  it('names an unknown option once, with dashes, and points at the command\'s own help', () => {
    expect(usageMessage('Unknown arguments: unknown-flag, unknownFlag', ['solve', '--unknown-flag'])).toBe('unknown option --unknown-flag\nRun infraplan solve --help for usage.');
    expect(usageMessage('Unknown arguments: gapp, x', ['run', '--gapp', '1', '-x'])).toBe('unknown options --gapp, -x\nRun infraplan run --help for usage.');
  });

  it('says why a command that solves nothing takes no solver settings (new-user review u1, 11)', () => {
    expect(usageMessage('Unknown arguments: solver, gap', ['masterplan', '--solver', 'jslp', '--gap', '0.3'])).toBe(
      'unknown options --solver, --gap (the master plan solves nothing, so it takes no solver settings)\nRun infraplan masterplan --help for usage.',
    );
    expect(usageMessage('Unknown arguments: time-limit, timeLimit', ['export-lp', '--time-limit', '5'])).toContain('export-lp writes the program without solving it');
    expect(usageMessage('Unknown arguments: gapp', ['masterplan', '--gapp', '1'])).toBe('unknown option --gapp\nRun infraplan masterplan --help for usage.');
  });

  it('calls a surplus word an unexpected argument, not an option', () => {
    expect(usageMessage('Unknown argument: extra', ['solve', 'tests/fixtures/tiny', 'extra'])).toBe('unexpected argument extra\nRun infraplan solve --help for usage.');
  });

  it('passes other messages through', () => {
    expect(usageMessage('Not enough non-option arguments: got 0, need at least 1', ['compare'])).toBe(
      'Not enough non-option arguments: got 0, need at least 1\nRun infraplan compare --help for usage.',
    );
  });
});

describe('usage messages that name the option meant (new-user review u4, findings 3 and 4)', () => {
  const runOptions = new Map([
    ['baseline', 'Stay close to this earlier plan'],
    ['lock-years', 'With --baseline: keep the baseline\'s decisions for the first N years'],
    ['lockYears', ''],
    ['gap', 'Relative MIP gap'],
    ['debug', 'Print stack traces for errors'],
  ]);

  it('suggests the declared option an unknown one is a typo of', () => {
    expect(usageMessage('Unknown arguments: lock-year, lockYear', ['run', '--lock-year', '2'], runOptions)).toBe(
      'unknown option --lock-year; did you mean --lock-years?\nRun infraplan run --help for usage.',
    );
    expect(usageMessage('Unknown argument: basline', ['run', '--basline', 'reports/x'], runOptions)).toBe('unknown option --basline; did you mean --baseline?\nRun infraplan run --help for usage.');
    // Nothing near enough: no guess.
    expect(usageMessage('Unknown argument: frobnicate', ['run', '--frobnicate'], runOptions)).toBe('unknown option --frobnicate\nRun infraplan run --help for usage.');
  });

  it('names a missing option with its dashes and what it takes', () => {
    const sweepOptions = new Map([['budget-scale', 'Budget factors from:to:steps, e.g. 0.5:1.5:5']]);
    expect(usageMessage('Missing required argument: budget-scale', ['sweep'], sweepOptions)).toBe(
      'missing option --budget-scale (Budget factors from:to:steps, e.g. 0.5:1.5:5)\nRun infraplan sweep --help for usage.',
    );
    // A subcommand's help is its own.
    expect(usageMessage('Missing required arguments: to, out', ['model', 'convert', 'm'])).toBe(
      'missing options --to, --out\nRun infraplan model convert --help for usage.',
    );
  });
});
