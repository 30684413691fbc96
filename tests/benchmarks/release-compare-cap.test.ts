/**
 * The previous-release comparison stops a command-line run at its wall-clock cap and reports it as
 * a lower bound, not a figure: v0.1.0's `stress --draws 100` and `explain --top 10` would hold a
 * bench run for hours. The "release" here is a stand-in whose infraplan never ends by itself (it
 * waits for SIGINT, as the CLI's interrupt cleanup does), so the cap is what ends it on any machine.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { previousColumnsOf, timeCli } from '../../bench/release-compare.js';

describe('the comparison cap', () => {
  it('interrupts a run at the cap and names the cap in the note, with no figure', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'infraplan-cap-'));
    mkdirSync(path.join(folder, 'bin'));
    writeFileSync(path.join(folder, 'bin', 'infraplan.js'), "process.on('SIGINT', () => { process.stderr.write('interrupted\\n'); process.exit(130); });\nsetInterval(() => {}, 1000);\n");
    const timing = await timeCli(folder, ['stress', '--draws', '100'], folder, 1);
    expect(timing.stoppedAtSeconds).toBe(1);
    expect(timing.exitCode).toBe(130);
    expect(timing.wallSeconds).toBeGreaterThanOrEqual(0.9);
    const columns = previousColumnsOf('v0.1.0', { previous: timing, current: null, notes: [] }, 'stress --draws 100', 'unused');
    expect(columns.previousSeconds).toBeNull();
    expect(columns.previousNote).toContain('v0.1.0 was stopped after 1 s (the comparison\'s cap): more than 1 s, no figure');
  }, 30_000);
});
