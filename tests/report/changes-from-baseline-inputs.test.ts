/**
 * Changes from baseline says what the planner changed, not only what the plan did (new-user review
 * u2, finding 15): the tiny model is planned, then a copy is edited (a project row added, a capital
 * cost changed, a row removed, a backlog in needs.csv changed) and planned with the first run
 * folder as baseline. The sheet, read back with exceljs, opens with the input changes (the right
 * ids, the field with its old and new value, what the plan did with the added row, needs.csv by
 * its hash), and plan.json carries the same with the one-line count. A baseline whose split of the
 * money cannot be kept gives one row per project on the sheet, the rand moved summed, while
 * plan.json keeps every amount.
 */
import { cp, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExcelJs } from '../../src/dataset/excel-module.js';
import { runModel } from '../../src/pipeline/run-model.js';
import { describeInputChanges, splitChangesByProject, SPLIT_SUMMARY_MIN_RAND } from '../../src/plan/baseline-input-changes.js';
import type { BaselineSplitChange, PortfolioPlan } from '../../src/plan/types.js';
import { INPUT_CHANGES_TITLE, SPLIT_CHANGES_HEADERS, SPLIT_CHANGES_TITLE } from '../../src/report/sheets/changes-from-baseline-sheet.js';

const TINY_MODEL = 'tests/fixtures/tiny';
const NOW = () => new Date('2026-12-03T10:00:00Z');

/** Plan `model` into a fresh folder under `outDir` and return its run folder. */
async function runInto(model: string, outDir: string, baselinePath?: string): Promise<{ folder: string; plan: PortfolioPlan }> {
  const result = await runModel({ model, outDir, now: NOW, ...(baselinePath !== undefined ? { baselinePath } : {}) });
  expect(result.runFolder).not.toBeNull();
  if (result.plan.kind !== 'portfolio') throw new Error('expected a portfolio plan');
  return { folder: result.runFolder!, plan: result.plan };
}

/** The text of every row of a sheet, cells joined by ` | `, blank rows left out. */
async function sheetRows(workbookPath: string, sheetName: string): Promise<string[][]> {
  const ExcelJS = loadExcelJs();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(workbookPath);
  const sheet = workbook.getWorksheet(sheetName);
  if (sheet === undefined) throw new Error(`no sheet ${sheetName}`);
  const rows: string[][] = [];
  sheet.eachRow((row) => {
    const cells: string[] = [];
    for (let column = 1; column <= 7; column += 1) cells.push(row.getCell(column).text);
    rows.push(cells);
  });
  return rows;
}

/** The rows of the block titled `title` up to the next blank row (eachRow skips blank rows, so up to the next title). */
function block(rows: readonly string[][], title: string, nextTitle: RegExp): string[][] {
  const start = rows.findIndex((row) => row[0] === title);
  expect(start, `title ${title}`).toBeGreaterThanOrEqual(0);
  const rest = rows.slice(start + 1);
  const end = rest.findIndex((row) => nextTitle.test(row[0]!));
  return end < 0 ? rest : rest.slice(0, end);
}

describe('Changes from baseline: what changed in the inputs', () => {
  it('lists the added, removed and edited projects and needs.csv first, each with what the plan did, and counts them in plan.json', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'infraplan-input-changes-'));
    const first = await runInto(TINY_MODEL, path.join(root, 'first'));
    // The planner's copy: one row added, one capital cost changed, one row removed, one backlog changed.
    const edited = path.join(root, 'tiny-edited');
    await cp(TINY_MODEL, edited, { recursive: true });
    const projectsCsv = await readFile(path.join(edited, 'projects.csv'), 'utf8');
    const lines = projectsCsv.trimEnd().split('\n');
    const changedLines = lines
      .filter((line) => !line.startsWith('WC022-W-02,'))
      .map((line) => (line.startsWith('WC012-S-01,') ? line.replace(',50000000,', ',55000000,') : line));
    changedLines.push('WC022-S-NEW-1,WC022,sanitation,backlog_eradication,Tulbagh sanitation backlog (the planner\'s row),30000000,100,,400,0,2026/27,2029/30,,,MIG,candidate,,municipal,Witzenberg,yes');
    await writeFile(path.join(edited, 'projects.csv'), `${changedLines.join('\n')}\n`);
    const needsCsv = await readFile(path.join(edited, 'needs.csv'), 'utf8');
    await writeFile(path.join(edited, 'needs.csv'), needsCsv.replace('WC011,water,1500,', 'WC011,water,1600,'));
    // And one envelope: RBIG 2027/28 R30 million → R25 million.
    const fundingCsv = await readFile(path.join(edited, 'funding.csv'), 'utf8');
    await writeFile(path.join(edited, 'funding.csv'), fundingCsv.replace('RBIG,Regional Bulk Infrastructure Grant,2027/28,30000000,', 'RBIG,Regional Bulk Infrastructure Grant,2027/28,25000000,'));

    const second = await runInto(edited, path.join(root, 'second'), first.folder);
    const inputChanges = second.plan.baselineChanges?.inputChanges;
    expect(inputChanges).toBeDefined();
    expect(inputChanges!.projects.map((change) => [change.projectId, change.kind])).toEqual([
      ['WC022-S-NEW-1', 'added'],
      ['WC022-W-02', 'removed'],
      ['WC012-S-01', 'edited'],
    ]);
    expect(inputChanges!.projects[2]!.fields).toEqual([{ field: 'capexRand', baselineValue: 50_000_000, value: 55_000_000 }]);
    expect(inputChanges!.files?.map((file) => [file.fileName, file.kind]).sort()).toEqual([['funding.csv', 'changed'], ['needs.csv', 'changed'], ['projects.csv', 'changed']]);
    // The need and the envelope by their rows, old and new figure (review c1: by file hash only before).
    expect(inputChanges!.needs).toEqual([{ municipalityCode: 'WC011', service: 'water', kind: 'changed', fields: [{ field: 'backlogHouseholds', baselineValue: 1500, value: 1600 }], words: 'Matzikama (WC011), water: backlog 1,500 → 1,600 households' }]);
    expect(inputChanges!.envelopes).toEqual([{ sourceId: 'RBIG', financialYear: 2027, baselineRand: 30_000_000, rand: 25_000_000, words: 'RBIG 2027/28: R30.0 million in the baseline → R25.0 million now' }]);
    const added = second.plan.projects.find((project) => project.id === 'WC022-S-NEW-1')!;
    const addedWords = added.funded ? 'funded' : 'not funded';
    expect(inputChanges!.summaryWords).toBe(
      `since the baseline: 1 project added: WC022-S-NEW-1 (${addedWords}), 1 project removed: WC022-W-02, 1 project edited: WC012-S-01; 1 need changed (Matzikama (WC011), water: backlog 1,500 → 1,600 households); ` +
        "1 envelope changed (RBIG 2027/28: R30.0 million in the baseline → R25.0 million now); input files that differ from the baseline run's: needs.csv, projects.csv, funding.csv",
    );

    // plan.json carries the same, with the one-line count.
    const document = JSON.parse(await readFile(path.join(second.folder, 'plan.json'), 'utf8'));
    expect(document.plan.baselineChanges.inputChanges.summaryWords).toBe(inputChanges!.summaryWords);

    const rows = await sheetRows(path.join(second.folder, 'investment-plan.xlsx'), 'Changes from baseline');
    // The input block comes first, before the decisions.
    const titles = rows.map((row) => row[0]);
    expect(titles.indexOf(INPUT_CHANGES_TITLE)).toBeLessThan(titles.indexOf('Decisions that differ from the baseline plan'));
    const inputs = block(rows, INPUT_CHANGES_TITLE, /^Decisions that differ/);
    expect(inputs[0]![0]).toBe(`S${inputChanges!.summaryWords.slice(1)}.`);
    const byId = new Map(inputs.map((row) => [row[0], row]));
    const addedRow = byId.get('WC022-S-NEW-1')!;
    expect(addedRow[1]).toBe('Added to the register');
    expect(addedRow[5]).toBe('the planner');
    if (added.funded) expect(addedRow[6]).toMatch(/^Funded from \d{4}\/\d{2}\.$/);
    else expect(addedRow[6]).toMatch(/^Not funded: \S.+ \(.+\)\.$/);
    const removedRow = byId.get('WC022-W-02')!;
    expect(removedRow[1]).toBe('Removed from the register');
    const baselineRemoved = first.plan.projects.find((project) => project.id === 'WC022-W-02')!;
    expect(removedRow[6]).toBe(baselineRemoved.funded ? `No longer in the register; the baseline funded it from ${removedRow[2]}, so it cannot be planned now.` : 'No longer in the register; the baseline did not fund it.');
    const editedRow = byId.get('WC012-S-01')!;
    expect(editedRow[1]).toBe('Edited');
    expect(editedRow[6]).toMatch(/^capital cost R50\.0 million → R55\.0 million\. (Funded from \d{4}\/\d{2}|Not funded)/);
    expect(byId.get('WC011 water')?.slice(1)).toEqual(['Need changed', '', '', '', 'needs.csv', 'Matzikama (WC011), water: backlog 1,500 → 1,600 households.']);
    expect(byId.get('RBIG 2027/28')?.slice(1)).toEqual(['Envelope changed', '', '', '', 'funding.csv', 'RBIG 2027/28: R30.0 million in the baseline → R25.0 million now.']);
    expect(byId.get('needs.csv')?.[1]).toBe('File differs');
    expect(byId.get('needs.csv')?.[6]).toBe("needs.csv differs from the baseline run's: the needs that changed are listed above.");
    expect(byId.get('funding.csv')?.[6]).toBe("funding.csv differs from the baseline run's: the envelopes that changed are listed above.");
    expect(byId.get('projects.csv')?.[1]).toBe('File differs');
    // No row anywhere speaks of file hashes.
    expect(inputs.flat().join(' ')).not.toMatch(/hash/);
  }, 120_000);

  it('says there is nothing to compare when the baseline plan.json has no manifest beside it', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'infraplan-input-changes-'));
    const first = await runInto(TINY_MODEL, path.join(root, 'first'));
    const lone = path.join(root, 'lone-plan.json');
    await cp(path.join(first.folder, 'plan.json'), lone);
    const second = await runInto(TINY_MODEL, path.join(root, 'second'), lone);
    expect(second.plan.baselineChanges?.inputChanges?.summaryWords).toBe('since the baseline: no project added, removed or edited; input files not compared (no manifest.json beside the baseline plan)');
  }, 120_000);
});

describe('Changes from baseline against a baseline that does not record its needs (a run folder written before it did)', () => {
  it('says in words what differs in needs.csv and why its rows cannot be listed, and still lists the envelopes from the plan', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'infraplan-input-changes-'));
    const first = await runInto(TINY_MODEL, path.join(root, 'first'));
    // The plan.json of an older run: no `inputs` block.
    const planPath = path.join(first.folder, 'plan.json');
    const document = JSON.parse(await readFile(planPath, 'utf8'));
    expect(document.inputs.needs.length).toBeGreaterThan(0);
    delete document.inputs;
    await writeFile(planPath, JSON.stringify(document));
    const edited = path.join(root, 'tiny-edited');
    await cp(TINY_MODEL, edited, { recursive: true });
    const needsCsv = await readFile(path.join(edited, 'needs.csv'), 'utf8');
    await writeFile(path.join(edited, 'needs.csv'), needsCsv.replace('WC011,water,1500,', 'WC011,water,1600,'));
    const indicatorsCsv = await readFile(path.join(edited, 'indicators.csv'), 'utf8');
    await writeFile(path.join(edited, 'indicators.csv'), `${indicatorsCsv.trimEnd()}\n`.replace(/\n$/, '\n\n'));
    const second = await runInto(edited, path.join(root, 'second'), first.folder);
    const inputChanges = second.plan.baselineChanges!.inputChanges!;
    expect(inputChanges.needs).toBeNull();
    expect(inputChanges.envelopes).toEqual([]);
    expect(inputChanges.summaryWords).toBe(
      "since the baseline: no project added, removed or edited; input files that differ from the baseline run's: needs.csv (the baseline run did not record the needs, so the rows that changed cannot be told; a run from this version records them)" +
        ', indicators.csv (the indicators behind the need and growth-potential indices)',
    );
    const rows = await sheetRows(path.join(second.folder, 'investment-plan.xlsx'), 'Changes from baseline');
    const byId = new Map(block(rows, INPUT_CHANGES_TITLE, /^Decisions that differ/).map((row) => [row[0], row]));
    expect(byId.get('needs.csv')?.[6]).toBe("needs.csv differs from the baseline run's: the baseline run did not record the needs, so the rows that changed cannot be told; a run from this version records them.");
    expect(byId.get('indicators.csv')?.[6]).toBe("indicators.csv differs from the baseline run's: the indicators behind the need and growth-potential indices.");
  }, 120_000);
});

describe('Changes from baseline: money moved between grants or years, one row per project', () => {
  it('sums the amounts of a project to the rand moved, drops projects under R0.05 million from the sheet, keeps every amount in plan.json', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'infraplan-split-rows-'));
    const first = await runInto(TINY_MODEL, path.join(root, 'first'));
    // A baseline that paid the committed MIG-only project partly from RBIG, which it may not draw
    // on: the split cannot be kept, so the plan pays it from MIG and the money "moves".
    const planPath = path.join(first.folder, 'plan.json');
    const document = JSON.parse(await readFile(planPath, 'utf8'));
    const committed = document.plan.projects.find((project: { id: string }) => project.id === 'WC011-S-01');
    expect(committed.funded).toBe(true);
    const [firstLine] = committed.spending as { financialYear: number; sourceId: string; amountRand: number }[];
    committed.spending = [{ ...firstLine, amountRand: firstLine!.amountRand - 3_000_000 }, { financialYear: firstLine!.financialYear, sourceId: 'RBIG', amountRand: 3_000_000 }, ...committed.spending.slice(1)];
    await writeFile(planPath, JSON.stringify(document));
    const second = await runInto(TINY_MODEL, path.join(root, 'second'), first.folder);
    const splitChanges = second.plan.baselineChanges?.splitChanges ?? [];
    const ofCommitted = splitChanges.filter((change) => change.projectId === 'WC011-S-01');
    expect(ofCommitted.length).toBeGreaterThanOrEqual(2);
    const rows = await sheetRows(path.join(second.folder, 'investment-plan.xlsx'), 'Changes from baseline');
    const split = block(rows, SPLIT_CHANGES_TITLE, /^$/);
    expect(split[0]!.slice(0, SPLIT_CHANGES_HEADERS.length)).toEqual([...SPLIT_CHANGES_HEADERS]);
    const summaries = splitChangesByProject(splitChanges).filter((entry) => entry.movedRand >= SPLIT_SUMMARY_MIN_RAND);
    const projectRows = split.slice(1).filter((row) => !row[0]!.startsWith('Total') && !/moved less than/.test(row[0]!));
    // One row per project, however many amounts it has.
    expect(projectRows.map((row) => row[0]).sort()).toEqual(summaries.map((entry) => entry.projectId).sort());
    const committedRow = projectRows.find((row) => row[0] === 'WC011-S-01')!;
    expect(committedRow[1]).toContain('RBIG');
    expect(committedRow[2]).toContain('MIG');
    expect(committedRow[3]).toBe(String(ofCommitted.length));
    // R3 million moved from RBIG to MIG, however many amounts it took (exceljs reads the number without its R million format).
    expect(Number(committedRow[4])).toBeCloseTo(3_000_000, 0);
  }, 120_000);

  it('splitChangesByProject counts money moved from one grant to another once', () => {
    const change = (sourceId: string, financialYear: number, baselineRand: number, plannedRand: number): BaselineSplitChange => ({ projectId: 'P-1', purpose: 'capital', sourceId, financialYear, baselineRand, plannedRand });
    expect(splitChangesByProject([change('MIG', 2026, 5_000_000, 4_000_000), change('RBIG', 2026, 0, 1_000_000), change('MIG', 2027, 2_000_000, 2_020_000)])).toEqual([
      { projectId: 'P-1', movedRand: 1_020_000, amounts: 3, paidLessBy: ['MIG 2026/27'], paidMoreBy: ['RBIG 2026/27', 'MIG 2027/28'] },
    ]);
  });
});

describe('describeInputChanges on a hand-made baseline', () => {
  it('lists no edits when the baseline records no fields, and says why in the count', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'infraplan-input-changes-'));
    const first = await runInto(TINY_MODEL, path.join(root, 'first'));
    // Decisions only, as a planner might write them: the first project's capital cost differs, but the file does not say it.
    const startYearByProjectId = Object.fromEntries(first.plan.projects.map((project) => [project.id, project.funded ? project.startYear : null]));
    const projects = first.plan.projects.map((project, index) => (index === 0 ? { ...project, capexRand: project.capexRand + 1_000_000 } : project));
    const changes = describeInputChanges({ projects: [], sourceFiles: [] }, { source: 'hand-made.json', modelName: 'tiny', startYearByProjectId }, projects);
    expect(changes.projects).toEqual([]);
    expect(changes.fieldsRecorded).toBe(false);
    expect(changes.summaryWords).toBe("since the baseline: no project added or removed (edits cannot be seen: the baseline plan does not record the projects' fields); input files not compared (no manifest.json beside the baseline plan)");
    // With the fields recorded, the same difference is an edit with both values.
    const recorded = describeInputChanges({ projects: [], sourceFiles: [] }, { source: 'plan.json', modelName: 'tiny', startYearByProjectId, projectFieldsById: { [projects[0]!.id]: { capexRand: first.plan.projects[0]!.capexRand } } }, projects);
    expect(recorded.projects.map((change) => [change.projectId, change.kind, change.fields])).toEqual([[projects[0]!.id, 'edited', [{ field: 'capexRand', baselineValue: first.plan.projects[0]!.capexRand, value: projects[0]!.capexRand }]]]);
  }, 120_000);
});
