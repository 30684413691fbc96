/**
 * `--baseline` and `--lock-years` through the command line (run in this process,
 * tests/cli/in-process.ts; the process boundary is tested in interrupts.test.ts and
 * run-model.test.ts): a second run against the first
 * keeps every decision and says so on the console, in plan.json and in the workbook sheet; a bad
 * baseline is a located input error (exit 1, no stack).
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExcelJs } from '../../src/dataset/excel-module.js';
import { TINY_MODEL } from './cli-process.js';
import { runInProcess as runCli } from './in-process.js';

describe('infraplan run --baseline', () => {
  it('keeps every decision of the baseline run and reports it on the console, in plan.json and in the workbook', async () => {
    const outDir = await mkdtemp(path.join(os.tmpdir(), 'infraplan-cli-baseline-'));
    const first = await runCli(['run', TINY_MODEL, '--out', path.join(outDir, 'first')]);
    expect(first.code).toBe(0);
    const [firstFolder] = await readdir(path.join(outDir, 'first'));
    const baseline = path.join(outDir, 'first', firstFolder);
    const second = await runCli(['run', TINY_MODEL, '--out', path.join(outDir, 'second'), '--baseline', baseline, '--lock-years', '2']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/against the baseline .*plan\.json \(first 2 years locked\): kept the baseline plan: it still fits and no plan is more than [\d.]+% better; every project with the same decision is paid from the same grants in the same years\n/);
    expect(second.stdout).not.toMatch(/acceptance shortcut|stability step|MILP|\bLP\b|time box|incumbent|first solve/);
    const [secondFolder] = await readdir(path.join(outDir, 'second'));
    const document = JSON.parse(await readFile(path.join(outDir, 'second', secondFolder, 'plan.json'), 'utf8'));
    const before = JSON.parse(await readFile(path.join(baseline, 'plan.json'), 'utf8'));
    expect(document.plan.baselineChanges).toMatchObject({ method: 'kept_baseline', lockYears: 2, fundingChanges: 0, startYearChanges: 0, changes: [] });
    const startsOf = (plan: { projects: { id: string; startYear: number | null }[] }) => plan.projects.map((project) => [project.id, project.startYear]);
    expect(startsOf(document.plan)).toEqual(startsOf(before.plan));
    const ExcelJS = loadExcelJs();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(outDir, 'second', secondFolder, 'investment-plan.xlsx'));
    const sheet = workbook.getWorksheet('Changes from baseline');
    expect(sheet?.getCell('A1').value).toBe('Changes from baseline');
    // The note says what happened in plain words; the split of the money is kept and the sheet says so.
    const note = sheet?.getCell('A2').text ?? '';
    expect(note).toMatch(/kept the baseline plan: it still fits and no plan is more than [\d.]+% better/);
    expect(note).not.toMatch(/acceptance shortcut|stability step|MILP|\bLP\b|time box|incumbent|first solve|best bound/);
    const texts: string[] = [];
    sheet?.eachRow((row) => texts.push(String(row.getCell(1).text)));
    expect(texts).toContain('What changed in the inputs since the baseline');
    expect(texts).toContain('Since the baseline: no project added, removed or edited; every input file is the same as the baseline run\'s.');
    expect(texts).toContain('Same decision, other grants or years: money moved per project (R0.05 million or more; plan.json lists every amount)');
    expect(texts).toContain('None: every project funded as in the baseline is paid from the same grants in the same years.');
    expect(document.plan.baselineChanges.splitChanges).toEqual([]);
    const firstWorkbook = new ExcelJS.Workbook();
    await firstWorkbook.xlsx.readFile(path.join(baseline, 'investment-plan.xlsx'));
    expect(firstWorkbook.getWorksheet('Changes from baseline')).toBeUndefined();
  });

  it('refuses a baseline that is not a plan with the file and key, exit 1, no stack', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'infraplan-cli-baseline-'));
    const file = path.join(folder, 'plan.json');
    await writeFile(file, JSON.stringify({ plan: { kind: 'portfolio', modelName: 'tiny', status: 'optimal', projects: [{ id: 'WC011-W-01', funded: 'yes', startYear: 2026 }] } }));
    const outcome = await runCli(['solve', TINY_MODEL, '--baseline', folder]);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain(`${file}, column plan.projects[0].funded`);
    expect(outcome.stderr).not.toMatch(/\n\s+at /);
  });
});
