/**
 * Printing an analysis workbook as an official would: LibreOffice renders it to PDF with each
 * sheet's own page setup, and pdftotext reads back the text of each page as laid out (a table row
 * is a line). As tests/report/print.test.ts does for the plan; tests skip, with a note, where
 * LibreOffice or poppler-utils is missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

function onPath(name: string): string | null {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return found.status === 0 && found.stdout.trim() !== '' ? found.stdout.trim() : null;
}

export const libreOffice = onPath('soffice') ?? onPath('libreoffice');
export const pdfToText = onPath('pdftotext');

/**
 * How long one LibreOffice conversion may take before a test gives up on it: a guard against a hang,
 * not a time the test expects. Printing the default workbook (about 140 pages) took more than 180 s
 * on a two-core machine shared at load 20, so the guard is generous; a quiet machine needs 20-40 s.
 */
export const LIBREOFFICE_HANG_GUARD_MS = 900_000;
/** A test hook or case that runs one or two conversions, plus a solve: the guard and time to spare. */
export const PRINTING_TEST_TIMEOUT_MS = LIBREOFFICE_HANG_GUARD_MS + 300_000;

/** Whether workbooks can be rendered here (LibreOffice and pdftotext are on PATH). */
export const canRender = libreOffice !== null && pdfToText !== null;
if (!canRender) console.warn('LibreOffice (soffice) or pdftotext (poppler-utils) is not on PATH: skipping the analysis print checks.');

/** The printed pages of `workbookPath`, each page's text as pdftotext -layout lays it out. */
export function printedPages(workbookPath: string): string[] {
  if (!canRender) throw new Error('printedPages needs LibreOffice and pdftotext');
  const folder = mkdtempSync(path.join(tmpdir(), 'infraplan-analysis-print-'));
  // A profile of its own, so a LibreOffice the developer has open (or another test) does not take the conversion.
  execFileSync(libreOffice!, [`-env:UserInstallation=file://${path.join(folder, 'profile')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', folder, workbookPath], { stdio: 'pipe', timeout: LIBREOFFICE_HANG_GUARD_MS });
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

const pdfImages = onPath('pdfimages');

/** A word as printed: its text and its box on the page, in points from the page's top left. */
export interface PrintedWord {
  readonly text: string;
  readonly xMin: number;
  readonly yMin: number;
  readonly xMax: number;
  readonly yMax: number;
}

/** A printed line: the words whose vertical centres agree, left to right, and their text joined by single spaces. */
export interface PrintedLine {
  readonly text: string;
  readonly words: readonly PrintedWord[];
  /** Vertical centre of the line, points from the page's top. */
  readonly centre: number;
}

/** One printed page of a rendered workbook. */
export interface PrintedPage {
  /** The page's text as pdftotext -layout lays it out. */
  readonly text: string;
  /** Size of the page, points (A4 landscape: 842 by 595). */
  readonly widthPoints: number;
  readonly heightPoints: number;
  /** The page's lines top to bottom, built from each word's position (pdftotext -bbox). */
  readonly lines: readonly PrintedLine[];
  /** Printed size, points, of each image drawn on the page (pdfimages -list); empty where pdfimages is missing. */
  readonly images: readonly { readonly widthPoints: number; readonly heightPoints: number }[];
}

/** Whether the images of a rendered page can be listed here (pdfimages, of poppler-utils, is on PATH). */
export const canListImages = pdfImages !== null;

/** Words whose vertical centres are this close (points) print on one line. */
const SAME_LINE_POINTS = 3;

function decodeEntities(text: string): string {
  return text.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The lines of a page from its words: grouped by vertical centre, each left to right. */
export function linesOfWords(words: readonly PrintedWord[]): PrintedLine[] {
  const byCentre = [...words].sort((left, right) => left.yMin + left.yMax - (right.yMin + right.yMax));
  const groups: PrintedWord[][] = [];
  for (const word of byCentre) {
    const centre = (word.yMin + word.yMax) / 2;
    const last = groups.at(-1);
    if (last !== undefined && Math.abs(centre - (last[0].yMin + last[0].yMax) / 2) <= SAME_LINE_POINTS) last.push(word);
    else groups.push([word]);
  }
  return groups.map((group) => {
    const sorted = group.sort((left, right) => left.xMin - right.xMin);
    return { text: sorted.map((word) => word.text).join(' '), words: sorted, centre: (sorted[0].yMin + sorted[0].yMax) / 2 };
  });
}

/**
 * Render several workbooks in one LibreOffice call (its start-up is most of a render's time) and
 * read back each one's printed pages: the laid-out text, the lines with the place of every word,
 * and the size of every image drawn. Returned in the order of `workbookPaths`.
 */
export function printWorkbooks(workbookPaths: readonly string[]): PrintedPage[][] {
  if (!canRender) throw new Error('printWorkbooks needs LibreOffice and pdftotext');
  const folder = mkdtempSync(path.join(tmpdir(), 'infraplan-analysis-print-'));
  const names = workbookPaths.map((file) => path.basename(file, path.extname(file)));
  if (new Set(names).size !== names.length) throw new Error(`printWorkbooks needs workbooks of different names, got ${names.join(', ')}`);
  execFileSync(libreOffice!, [`-env:UserInstallation=file://${path.join(folder, 'profile')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', folder, ...workbookPaths], { stdio: 'pipe', timeout: LIBREOFFICE_HANG_GUARD_MS });
  const printed = names.map((name) => {
    const pdf = path.join(folder, `${name}.pdf`);
    const layout = execFileSync(pdfToText!, ['-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\f');
    const boxes = execFileSync(pdfToText!, ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const pageBoxes = [...boxes.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)];
    const pageWords = pageBoxes.map((page) =>
      [...page[3].matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((word) => ({
        text: decodeEntities(word[5]),
        xMin: Number(word[1]),
        yMin: Number(word[2]),
        xMax: Number(word[3]),
        yMax: Number(word[4]),
      })),
    );
    const images = pageWords.map((): { widthPoints: number; heightPoints: number }[] => []);
    if (pdfImages !== null) {
      // page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio; soft masks are not images of their own.
      for (const row of execFileSync(pdfImages, ['-list', pdf], { encoding: 'utf8' }).split('\n').slice(2)) {
        const fields = row.trim().split(/\s+/);
        if (fields.length < 14 || fields[2] !== 'image') continue;
        images[Number(fields[0]) - 1]?.push({ widthPoints: (Number(fields[3]) / Number(fields[12])) * 72, heightPoints: (Number(fields[4]) / Number(fields[13])) * 72 });
      }
    }
    return pageWords.map((words, index) => ({
      text: layout[index] ?? '',
      widthPoints: Number(pageBoxes[index][1]),
      heightPoints: Number(pageBoxes[index][2]),
      lines: linesOfWords(words),
      images: images[index],
    }));
  });
  rmSync(folder, { recursive: true, force: true });
  return printed;
}

/**
 * Points two printed words may share vertically without one printing over the other: the boxes
 * pdftotext gives are the font's full height (14.3 points for 11-point Carlito) while wrapped lines
 * are 11.1 points apart, so the lines of one cell share about 3 points.
 */
export const SHARED_LINE_POINTS = 4;

/** Points of vertical overlap of two words' boxes (negative when they are apart). */
export function verticalOverlapPoints(upper: Pick<PrintedWord, 'yMin' | 'yMax'>, lower: Pick<PrintedWord, 'yMin' | 'yMax'>): number {
  return Math.min(upper.yMax, lower.yMax) - Math.max(upper.yMin, lower.yMin);
}

/** Pairs of words on a page printed over one another: their boxes cross by more than a line's shared margin. */
export function overprintedWords(page: Pick<PrintedPage, 'lines'>): [PrintedWord, PrintedWord][] {
  const all = page.lines.flatMap((line) => line.words);
  const pairs: [PrintedWord, PrintedWord][] = [];
  for (let first = 0; first < all.length; first += 1) {
    for (let second = first + 1; second < all.length; second += 1) {
      const [left, right] = [all[first], all[second]];
      const across = Math.min(left.xMax, right.xMax) - Math.max(left.xMin, right.xMin);
      if (across > 0.5 && verticalOverlapPoints(left, right) > SHARED_LINE_POINTS) pairs.push([left, right]);
    }
  }
  return pairs;
}
