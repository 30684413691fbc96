/**
 * An interrupt of any command ends with one line and 130 or 143 (review u4, finding 7): with
 * nothing to clean up the line says nothing was written, and collect, which commits each return
 * to the database as it goes, says which submissions were recorded rather than "nothing".
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCli, TINY_MODEL } from './cli-process.js';
import { runInProcess } from './in-process.js';
import { fillForm } from '../returns/return-helpers.js';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
function workFolder(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'infraplan-interrupts-everywhere-'));
  folders.push(folder);
  return folder;
}

describe('an interrupt with nothing to clean up', () => {
  it('model convert: SIGINT while it reads the model prints the line and exits 130', async () => {
    const work = workFolder();
    const child = startCli(['model', 'convert', TINY_MODEL, '--to', 'xlsx', '--out', path.join(work, 'converted')], { fault: { on: 'open', match: 'tiny/projects\\.csv$', action: 'pause' } });
    await child.waitForStderr('fault: paused');
    child.kill('SIGINT');
    const outcome = await child.ended;
    expect(outcome.code).toBe(130);
    expect(outcome.stderr.trimEnd().split('\n').at(-1)).toBe('interrupted (SIGINT): nothing was written');
    expect(readdirSync(work)).toEqual([]);
  });
});

describe('collect interrupted while it writes the change report', () => {
  it('says which submissions the database recorded, and leaves no half report', async () => {
    const work = workFolder();
    expect((await runInProcess(['template', TINY_MODEL, '--municipality', 'WC012', '--out', 'forms'], { cwd: work })).code).toBe(0);
    await fillForm(path.join(work, 'forms', 'WC012-return.xlsx'), path.join(work, 'WC012-return.xlsx'), ({ needs }) => needs.set('backlog_households', 2, 650));
    const child = startCli(['collect', 'WC012-return.xlsx', '--db', 'returns.sqlite', '--model', TINY_MODEL, '--report', 'report.xlsx'], {
      cwd: work,
      fault: { on: 'open', match: 'report\\.xlsx$', action: 'pause' },
    });
    await child.waitForStderr('fault: paused');
    child.kill('SIGINT');
    const outcome = await child.ended;
    expect(outcome.code).toBe(130);
    expect(outcome.stderr.trimEnd().split('\n').at(-1)).toBe('interrupted (SIGINT): submission 1 was recorded in returns.sqlite (see collect --list), without a change report; nothing else was written');
    expect(readdirSync(work).filter((name) => name.includes('report'))).toEqual([]);
    const listed = await runInProcess(['collect', '--list', '--db', 'returns.sqlite'], { cwd: work });
    expect(listed.stdout).toContain('1 submission');
  });
});
