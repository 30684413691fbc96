/**
 * Printing an analysis workbook as an official would: LibreOffice renders it to PDF with each
 * sheet's own page setup, and pdftotext reads back the text of each page as laid out (a table row
 * is a line). As tests/report/print.test.ts does for the plan; tests skip, with a note, where
 * LibreOffice or poppler-utils is missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

function onPath(name: string): string | null {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return found.status === 0 && found.stdout.trim() !== '' ? found.stdout.trim() : null;
}

const libreOffice = onPath('soffice') ?? onPath('libreoffice');
const pdfToText = onPath('pdftotext');

/** Whether workbooks can be rendered here (LibreOffice and pdftotext are on PATH). */
export const canRender = libreOffice !== null && pdfToText !== null;
if (!canRender) console.warn('LibreOffice (soffice) or pdftotext (poppler-utils) is not on PATH: skipping the analysis print checks.');

/** The printed pages of `workbookPath`, each page's text as pdftotext -layout lays it out. */
export function printedPages(workbookPath: string): string[] {
  if (!canRender) throw new Error('printedPages needs LibreOffice and pdftotext');
  const folder = mkdtempSync(path.join(tmpdir(), 'infraplan-analysis-print-'));
  // A profile of its own, so a LibreOffice the developer has open (or another test) does not take the conversion.
  execFileSync(libreOffice!, [`-env:UserInstallation=file://${path.join(folder, 'profile')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', folder, workbookPath], { stdio: 'pipe', timeout: 180_000 });
  const pdf = path.join(folder, `${path.basename(workbookPath, path.extname(workbookPath))}.pdf`);
  const text = execFileSync(pdfToText!, ['-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  // pdftotext ends each page with a form feed.
  return text.split('\f').filter((page, index, pages) => index < pages.length - 1 || page.trim() !== '');
}

/** The sheet name a page's footer (`&A ... Page n of N`) gives, or null. */
export function sheetOfPage(text: string): string | null {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  for (const line of lines.slice().reverse()) {
    const match = /^\s*(.+?)\s{2,}Page (\d+) of (\d+)\s*$/.exec(line);
    if (match !== null) return match[1].trim();
  }
  return null;
}

/** A page's text with every run of white space made one space, for finding wrapped sentences. */
export function flattened(text: string): string {
  return text.replace(/\s+/g, ' ');
}
