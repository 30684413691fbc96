/**
 * --time-limit counts seconds on the clock for run and solve but CPU seconds of the solver for each
 * stress draw and explain re-solve (so which answers are proven does not depend on the machine's
 * load); the help says which (a new user's review, u2 finding 9: the help said only "seconds").
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-process.js';

describe('--time-limit in the help', () => {
  it('says the clock for run and CPU seconds for stress and explain', async () => {
    for (const command of ['run', 'stress', 'explain']) {
      const { code, stdout } = await runCli([command, '--help']);
      expect(code).toBe(0);
      const text = stdout.replace(/\s+/g, ' ');
      expect(text).toContain('run and solve: seconds on the clock');
      expect(text).toContain('stress: each draw, in CPU seconds of the solver');
      expect(text).toContain('explain: each re-solve, in CPU seconds of the solver');
    }
  }, 60_000);
});
