/**
 * solve's status line says how close the plan is proven to be in words, never "status optimal"
 * beside a gap (new-user review u2, 14): at a 1% gap the plan is "proven within x% of the best
 * possible", x being the gap plan.json records.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from './in-process.js';

const TINY = path.join('tests', 'fixtures', 'tiny');

describe("solve's status line", () => {
  it('gives the proven gap in words, the gap of the plan itself, and no status code', async () => {
    const text = await runInProcess(['solve', TINY, '--gap', '0.01']);
    const json = await runInProcess(['solve', TINY, '--gap', '0.01', '--json']);
    expect(text.code, text.stderr).toBe(0);
    const plan = JSON.parse(json.stdout) as { status: string; gap: number | null };
    expect(plan.status).toBe('optimal');
    const statusLine = text.stdout.split('\n')[1];
    const words = plan.gap === null || plan.gap <= 0 ? 'proven the best possible' : `proven within ${(plan.gap * 100).toFixed(2)}% of the best possible`;
    expect(statusLine).toMatch(new RegExp(`^plan ${words.replace(/[.%]/g, '\\$&')}; solver time \\d+\\.\\d s on the clock, \\d+\\.\\d s of processor time$`));
    expect(text.stdout).not.toMatch(/\boptimal\b/);
  });
});
