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
