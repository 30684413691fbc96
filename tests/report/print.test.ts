/**
 * The workbook as an official prints it: rendered to PDF by LibreOffice (A4 landscape, as each
 * sheet's page setup asks), its pages counted and the text of each page read back with pdftotext.
 * The plan is the fixture plan with its project register repeated to the size of the default
 * model (200 funded and 130 deferred projects), so the page count is that of a real register
 * without a solve. Skipped, with a note, where LibreOffice or poppler-utils is missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, Project } from '../../src/dataset/types.js';
import type { Plan, PlannedProject } from '../../src/plan/types.js';
import { SHEET_NAMES } from '../../src/report/sheets/report-context.js';
import { RUN_FILES, writeRunFolder } from '../../src/report/write-run.js';
import { fixtureDataset, fixturePlan } from './fixtures.js';
import { FIXED_START, temporaryFolder } from './helpers.js';

function onPath(name: string): string | null {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return found.status === 0 && found.stdout.trim() !== '' ? found.stdout.trim() : null;
}

const libreOffice = onPath('soffice') ?? onPath('libreoffice');
const pdfToText = onPath('pdftotext');
const canRender = libreOffice !== null && pdfToText !== null;
if (!canRender) console.warn('LibreOffice (soffice) or pdftotext (poppler-utils) is not on PATH: skipping the print check.');

/** Copies of each funded and each deferred fixture project: 4 x 50 = 200 funded, 2 x 65 = 130 deferred. */
const FUNDED_COPIES = 50;
const DEFERRED_COPIES = 65;
/** At most this many printed pages for the investment plan itself (every sheet before the inputs). */
const MAX_PLAN_PAGES = 35;

/** The default model's horizon (ten years) and its five funding sources, the widths a real workbook prints at. */
const YEARS = [2026, 2027, 2028, 2029, 2030, 2031, 2032, 2033, 2034, 2035];
const EXTRA_SOURCES = ['WSIG', 'PROV', 'OWN'];

/**
 * The fixture plan and dataset with every project repeated under new ids (`WC011-W-01-007`), over
 * ten years and five sources (the extra years and sources hold no money: only the widths matter).
 */
function registerSizedRun(): { plan: Plan; dataset: Dataset } {
  const fixture = fixturePlan();
  const fixtureData = fixtureDataset();
  const dataset: Dataset = {
    ...fixtureData,
    config: { ...fixtureData.config, horizonYears: YEARS.length },
    fundingSources: [
      ...fixtureData.fundingSources,
      ...EXTRA_SOURCES.map((id) => ({ id, name: `${id} funds`, carryOver: true, purpose: 'capital' as const, envelopeRandByYear: {}, illustrative: true })),
    ],
  };
  const plan: Plan = { ...fixture, financialYears: YEARS };
  if (plan.kind !== 'portfolio') throw new Error('the fixture plan is a portfolio plan');
  const copyId = (id: string, copy: number): string => `${id}-${String(copy).padStart(3, '0')}`;
  const projects: PlannedProject[] = [];
  const register: Project[] = [];
  for (const planned of plan.projects) {
    const copies = planned.funded ? FUNDED_COPIES : DEFERRED_COPIES;
    const source = dataset.projects.find((project) => project.id === planned.id)!;
    for (let copy = 1; copy <= copies; copy += 1) {
      projects.push({ ...planned, id: copyId(planned.id, copy), description: `${planned.description}, package ${copy} of the municipal bulk master plan` });
      register.push({ ...source, id: copyId(source.id, copy) });
    }
  }
  return { plan: { ...plan, projects }, dataset: { ...dataset, projects: register } };
}

let workFolder: string;
let pageTexts: string[] = [];

beforeAll(async () => {
  if (!canRender) return;
  workFolder = temporaryFolder('infraplan-print-');
  const { plan, dataset } = registerSizedRun();
  const runFolder = await writeRunFolder({ plan, dataset, modelPath: 'models/tiny-cape', scenarioPath: null, startedAt: FIXED_START }, { outDir: workFolder });
  execFileSync(libreOffice!, ['-env:UserInstallation=file://' + path.join(workFolder, 'profile'), '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', workFolder, path.join(runFolder, RUN_FILES.workbook)], {
    stdio: 'pipe',
    timeout: 180_000,
  });
  // pdftotext separates pages with a form feed.
  const text = execFileSync(pdfToText!, [path.join(workFolder, 'investment-plan.pdf'), '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (process.env.INFRAPLAN_PRINT_DUMP) writeFileSync(process.env.INFRAPLAN_PRINT_DUMP, text);
  pageTexts = text.split('\f').filter((page, index, pages) => index < pages.length - 1 || page.trim() !== '');
}, 240_000);
afterAll(() => {
  if (workFolder) rmSync(workFolder, { recursive: true, force: true });
});

/** The sheet a page belongs to, from its footer (`&A`, the sheet name, beside `Page n of N`). */
function sheetOfPage(text: string): string {
  const names = [...Object.values(SHEET_NAMES), 'Source MIG', 'Source RBIG', ...EXTRA_SOURCES.map((id) => `Source ${id}`)].sort((left, right) => right.length - left.length);
  const lines = text.split('\n').map((line) => line.trim());
  for (const line of lines.slice().reverse()) {
    const name = names.find((candidate) => line === candidate);
    if (name !== undefined) return name;
  }
  return '(unknown)';
}

describe.runIf(canRender)('the printed workbook (LibreOffice, A4 landscape)', () => {
  it('numbers every page and keeps the investment plan itself within 35 pages, the inputs after it', () => {
    const count = pageTexts.length;
    expect(count).toBeGreaterThan(10);
    pageTexts.forEach((text, index) => expect(text, `page ${index + 1}`).toContain(`Page ${index + 1} of ${count}`));
    const firstInputPage = pageTexts.findIndex((text) => sheetOfPage(text).startsWith('Input'));
    expect(firstInputPage).toBeGreaterThan(0);
    expect(firstInputPage, `the plan takes ${firstInputPage} pages`).toBeLessThanOrEqual(MAX_PLAN_PAGES);
  });

  it('prints each deferred project and the reason it waits on the same page', () => {
    const pages = pageTexts.filter((text) => sheetOfPage(text) === SHEET_NAMES.deferredProjects);
    expect(pages.length).toBeGreaterThan(1);
    let projectsSeen = 0;
    for (const text of pages) {
      // The repeated title rows carry the whole header on every page, none of it clipped.
      for (const word of ['Deferred projects', 'Project id', 'Municipality', 'Capex', 'Households', 'would', 'serve', 'Reason', 'Detail']) expect(text).toContain(word);
      // 65 copies of WC022-W-01 are deferred for budget, 65 of WC012-S-01 are excluded: each id with its reason on its page.
      const budgetIds = text.match(/WC022-W-01-\d{3}/g) ?? [];
      const excludedIds = text.match(/WC012-S-01-\d{3}/g) ?? [];
      const budgetReasons = text.match(/The envelopes were/g) ?? [];
      const excludedReasons = text.match(/Excluded in/g) ?? [];
      expect(budgetReasons.length, text.slice(0, 200)).toBe(budgetIds.length);
      expect(excludedReasons.length).toBe(excludedIds.length);
      projectsSeen += budgetIds.length + excludedIds.length;
    }
    expect(projectsSeen).toBe(2 * DEFERRED_COPIES);
  });

  it('prints each funded project with its start year and households on the same page, and its money per year on the next sheet', () => {
    const funded = pageTexts.filter((text) => sheetOfPage(text) === SHEET_NAMES.fundedProjects);
    const byYear = pageTexts.filter((text) => sheetOfPage(text) === SHEET_NAMES.fundedByYear);
    expect(funded.length).toBeGreaterThan(1);
    expect(byYear.length).toBeGreaterThan(1);
    let seen = 0;
    for (const text of funded) {
      for (const word of ['Project id', 'Description', 'Start', 'Completion', 'Capex', 'Households', 'served', 'Benefit', 'MTEF']) expect(text).toContain(word);
      seen += (text.match(/WC0\d\d-[WS]-01-\d{3}/g) ?? []).length;
    }
    expect(seen).toBe(4 * FUNDED_COPIES);
    for (const text of byYear) for (const word of ['Project id', '2026/27', '2035/36', 'MTEF', 'Total', 'From', 'MIG', 'RBIG', 'OWN']) expect(text).toContain(word);
  });

  it('starts the Summary with the plan in plain words and keeps solver terms in the technical box', () => {
    const summary = pageTexts.filter((text) => sheetOfPage(text) === SHEET_NAMES.summary);
    expect(summary.length).toBeLessThanOrEqual(3);
    expect(summary[0]).toContain('What the plan decides');
    expect(summary[0]).toContain('Key figures');
    const all = summary.join('\n');
    expect(all).toContain('Money that lapses');
    expect(all).toContain('Technical details (for analysts)');
    expect(all.indexOf('Relative gap')).toBeGreaterThan(all.indexOf('Technical details'));
  });

  it('keeps every spending and source table, with its MTEF and total columns, on one page', () => {
    for (const name of [SHEET_NAMES.spendingByMunicipality, SHEET_NAMES.spendingBySource, SHEET_NAMES.envelopeUse, 'Source MIG', 'Source RBIG']) {
      const pages = pageTexts.filter((text) => sheetOfPage(text) === name);
      expect(pages, name).toHaveLength(1);
      if (name !== SHEET_NAMES.envelopeUse) for (const word of ['2026/27', '2035/36', 'MTEF', 'Total']) expect(pages[0], name).toContain(word);
    }
  });
});
