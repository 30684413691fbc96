/**
 * The explain command's outputs: the library function behind the CLI on the tiny model, the
 * terminal text, and the JSON and workbook files read back.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPLANATIONS_SHEET, explanationsWorkbook, formatExplanations, writeExplanations, type ExplainReport } from '../../src/analysis/explain-output.js';
import { CHARACTERS_PER_LANDSCAPE_PAGE, ILLUSTRATIVE_INPUTS_LINE, RAND_MILLION_FORMAT } from '../../src/report/format.js';
import { explainFromArguments } from '../../src/cli/explain.js';
import { roundRandToCent } from '../../src/dataset/money-text.js';
import { InvalidInputError } from '../../src/errors/problems.js';
import { temporaryFolder, TINY_MODEL } from './helpers.js';
import { canRender, flattened, printedPages, sheetOfPage } from './print-helpers.js';
import { DATA_SOURCES_SHEET } from '../../src/analysis/reports/workbook-parts.js';

const run = promisify(execFile);
const REPOSITORY = path.join(import.meta.dirname, '..', '..');

describe('explain on the tiny model', () => {
  let report: ExplainReport;

  beforeAll(async () => {
    report = await explainFromArguments({ model: TINY_MODEL, project: ['WC012-S-01', 'WC012-W-01'], workers: 1 });
  });

  it('explains the two projects asked for, highest benefit first', () => {
    expect(report.modelName).toBe('tiny');
    expect(report.explanations.map((explanation) => explanation.projectId)).toEqual(['WC012-W-01', 'WC012-S-01']);
    expect(report.deferredCount).toBe(4);
  });

  it('prints one block per project: the verdict sentence first, then the reason and the checked change', () => {
    const text = formatExplanations(report);
    expect(text).toMatch(/\n\nWC012-W-01 is not funded because WC012-W-02, its alternative in group CED-RES, is funded instead .*\n  project: Cederberg \(WC012\) · an alternative in its exclusive group is funded/);
    expect(text).toMatch(/\n\nWC012-S-01 is not funded because the MIG money runs out in [^;]*; R\d+\.\d million of MIG in 20\d\d\/\d\d((,| and) R\d+\.\d million of MIG in 20\d\d\/\d\d)* ring-fenced for WC012-S-01 would fund it without lowering the plan's benefit\.\n  project: Cederberg \(WC012\) · the envelopes were better spent elsewhere/);
    expect(text).toMatch(/  checked: Checked by planning again with the change: a plan that funds it/);
    expect(text).not.toContain('NOT VERIFIED');
    // Which plan is explained comes first: solved now, without --baseline.
    expect(text.startsWith('Explaining a plan solved now from tiny (scenario baseline')).toBe(true);
  });

  it('writes a workbook whose rows are the explanations, read back, with money in R million', async () => {
    const file = path.join(await temporaryFolder('infraplan-explain-'), 'explain.xlsx');
    await writeExplanations(report, file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet(EXPLANATIONS_SHEET)!;
    // Title, the illustrative-inputs line (the tiny model's figures are illustrative), the header, then a row per explanation.
    expect(String(sheet.getCell('A1').value)).toBe('Deferred projects explained: tiny, scenario baseline');
    const noteText = (sheet.getCell('A2').value as ExcelJS.CellRichTextValue).richText.map((run) => run.text).join('');
    expect(noteText.startsWith(ILLUSTRATIVE_INPUTS_LINE)).toBe(true);
    expect(sheet.getRow(3).getCell(1).value).toBe('Project');
    expect(sheet.getRow(3).getCell(7).value).toBe('Extra money (R million)');
    expect(sheet.pageSetup.printTitlesRow).toBe('1:3');
    const budgetRow = sheet.getRow(5);
    const budget = report.explanations[1];
    expect(budgetRow.getCell(1).value).toBe('WC012-S-01');
    expect(budgetRow.getCell(3).value).toBe('The envelopes were better spent elsewhere');
    expect(budgetRow.getCell(4).value).toBe(budget.detail);
    // Rand in the cell, shown in R million by the plan's own format.
    expect(budgetRow.getCell(7).value).toBe(roundRandToCent(budget.extraMoneyRand));
    expect(budgetRow.getCell(7).numFmt).toBe(RAND_MILLION_FORMAT);
    expect(String(budgetRow.getCell(8).value)).toMatch(/^WC012-S-01 is not funded because the MIG money runs out .* Checked by planning again with the change/);
    expect(budgetRow.getCell(8).alignment?.wrapText).toBe(true);
    expect(budgetRow.getCell(9).value).toBe('yes');
    // The row is as tall as its wrapped sentence.
    expect(budgetRow.height).toBeGreaterThanOrEqual(30);
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToWidth: 1 });
    await expect(writeExplanations(report, file)).rejects.toThrow(/exists; pass --force/);
  });

  it.runIf(canRender)('prints the explanations on one A4 landscape page: title, illustrative line, whole headers, every sentence and amount; then its data sources', async () => {
    const file = path.join(await temporaryFolder('infraplan-explain-print-'), 'explain.xlsx');
    await writeExplanations(report, file);
    const pages = printedPages(file);
    // The explanations' page, then the Data sources page with the Stats SA credit and the model's illustrative note.
    expect(pages).toHaveLength(2);
    const [page, sourcesPage] = pages;
    expect(sheetOfPage(sourcesPage)).toBe(DATA_SOURCES_SHEET);
    expect(flattened(sourcesPage)).toContain('Source: Statistics South Africa, Census 2022');
    expect(sheetOfPage(page)).toBe(EXPLANATIONS_SHEET);
    expect(page).toContain('Deferred projects explained: tiny, scenario baseline');
    expect(flattened(page)).toContain('Illustrative inputs:');
    for (const word of ['Project', 'Municipality', 'Reason', 'deferred', 'Why', 'Benefit', 'funded', 'Blocking', 'Extra', 'money', '(R million)', 'Answer', 'Verified', 'after']) expect(page, word).toContain(word);
    // A word wrapped at its hyphen (`CED-` / `RES)`) is one word, as the reader reads it.
    const words = new Set(flattened(page).replace(/(\S)- /g, '$1-').split(' '));
    for (const explanation of report.explanations) {
      expect(page).toMatch(new RegExp(`^\\s*${explanation.projectId}\\s`, 'm'));
      // Every word of the answer and of the plan's sentence is printed (wrapped, not cut off).
      const answer = String(explanationsWorkbook(report).getWorksheet(EXPLANATIONS_SHEET)!.getRow(4 + report.explanations.indexOf(explanation)).getCell(8).value);
      for (const word of `${answer} ${explanation.detail}`.split(/\s+/)) expect(words, `${explanation.projectId}: ${word}`).toContain(word);
    }
    const budget = report.explanations[1];
    expect(page).toContain((budget.extraMoneyRand / 1e6).toFixed(1));
  }, 240_000);

  it('writes JSON that reads back to the same explanations', async () => {
    const file = path.join(await temporaryFolder('infraplan-explain-'), 'explain.json');
    await writeExplanations(report, file);
    const read = JSON.parse(await readFile(file, 'utf8')) as ExplainReport;
    expect(read.explanations.map((explanation) => explanation.extraMoneyRand)).toEqual(report.explanations.map((explanation) => explanation.extraMoneyRand));
    expect(read.explanations[1].changes[0]).toMatchObject({ kind: 'top_up', sourceId: 'MIG' });
  });
});

describe('the explain workbook of a model without an illustrative note', () => {
  it('has the title and note but no illustrative-inputs line, and holds money to the cent', () => {
    const report: ExplainReport = {
      modelName: 'official',
      scenarioName: 'baseline',
      objective: 1234.5,
      deferredCount: 1,
      illustrativeNote: '',
      explanations: [
        {
          projectId: 'WC011-W-SRC-1-desalination',
          municipalityCode: 'WC011',
          municipalityName: 'Matzikama',
          reason: 'budget',
          detail: 'Starting in 2026/27 it needs R7.0 million in 2026/27 but RBIG has only R0.1 million left; the money earns more benefit in the funded projects.',
          derivedBenefit: 120,
          blockingProjectIds: [],
          exclusiveGroup: 'WC011-W-SRC-1',
          alternativeIds: ['WC011-W-SRC-1-groundwater'],
          policyBlockers: [],
          changes: [],
          extraMoneyRand: 6_900_000.000_000_2,
          summary: 'R6.9 million more from RBIG in 2026/27 funds it.',
          verification: null,
          solveCount: 2,
          outcome: 'no_change_found',
          failure: null,
          failedSolveCount: 0,
        },
      ],
    };
    const sheet = explanationsWorkbook(report).getWorksheet(EXPLANATIONS_SHEET)!;
    expect(sheet.getCell('A1').value).toBe('Deferred projects explained: official, scenario baseline');
    expect(typeof sheet.getCell('A2').value).toBe('string');
    expect(String(sheet.getCell('A2').value)).not.toContain('Illustrative');
    expect(sheet.getCell('G4').value).toBe(6_900_000);
    expect(sheet.getCell('I4').value).toBe('no change found');
    // The long generated id widens its column; the suggested change gives up as much, so the widths still fit one page.
    let width = 0;
    expect(sheet.getCell('K4').value).toBe('WC011-W-SRC-1 (also WC011-W-SRC-1-groundwater)');
    for (let column = 1; column <= 11; column += 1) width += sheet.getColumn(column).width ?? 9;
    expect(sheet.getColumn(1).width).toBeGreaterThan(14);
    expect(width).toBeLessThanOrEqual(CHARACTERS_PER_LANDSCAPE_PAGE);
  });
});

describe('explain input errors', () => {
  it('rejects a bad --out name and --top before solving, naming the option', async () => {
    await expect(explainFromArguments({ model: TINY_MODEL, out: 'explain.csv' })).rejects.toThrow(/--out: expected a file name ending in \.json, \.xlsx or \.md/);
    await expect(explainFromArguments({ model: TINY_MODEL, top: 0 })).rejects.toThrow(InvalidInputError);
    const existing = path.join(await temporaryFolder('infraplan-explain-'), 'taken.json');
    await writeFile(existing, '{}', 'utf8');
    await expect(explainFromArguments({ model: TINY_MODEL, out: existing })).rejects.toThrow(/taken\.json exists/);
  });

  it('prints a short message and exits 1 for an unknown project, without a stack trace', async () => {
    const result = await run(process.execPath, ['bin/infraplan.js', 'explain', TINY_MODEL, '--project', 'NO-SUCH'], { cwd: REPOSITORY }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('command line, option --project: project "NO-SUCH" is not in the model');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
