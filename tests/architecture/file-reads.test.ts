/**
 * Every input file infraplan reads passes the one input gate (src/dataset/input-file.ts): regular
 * files only, within a size limit (issue 9 review, finding 3: a returned form or a database that
 * is a pipe hung, /dev/zero was read for gigabytes). This test reads the source of every module
 * and fails when one reads a file with node:fs itself, except the few listed with their reason.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SOURCE_ROOT = path.resolve(__dirname, '../../src');

/** Modules allowed to read with node:fs, and why. */
const ALLOWED: Readonly<Record<string, string>> = {
  'dataset/input-file.ts': 'the gate itself',
  'report/manifest.ts': "infraplan's own package.json, not an input",
  'benchmarks/or-library.ts': 'OR-Library files of the bench and the tests, never a user input',
  'solve/thread-cpu.ts': "the kernel's CPU clock of the calling thread (/proc/thread-self/stat), never a user input",
};

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const READING_FUNCTIONS = ['readFile', 'readFileSync', 'createReadStream', 'openAsBlob'];

/** The reading functions a module imports from node:fs or node:fs/promises. */
function importedReaders(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'(?:node:)?fs(?:\/promises)?'/g)) {
    for (const name of match[1].split(',').map((part) => part.trim().split(/\s+as\s+/)[0])) if (READING_FUNCTIONS.includes(name)) found.push(name);
  }
  const namespace = /import\s+(?:\*\s+as\s+)?(\w+)\s+from\s*'(?:node:)?fs(?:\/promises)?'/.exec(text);
  if (namespace) for (const reader of READING_FUNCTIONS) if (new RegExp(`\\b${namespace[1]}\\.${reader}\\(`).test(text)) found.push(`${namespace[1]}.${reader}`);
  // exceljs opening a file by its path would bypass the gate.
  if (/\.xlsx\.readFile\(|\.csv\.readFile\(/.test(text)) found.push('exceljs readFile');
  return found;
}

describe('file reads', () => {
  it('the check sees a read it must refuse', () => {
    expect(importedReaders("import { readFile, stat } from 'node:fs/promises';")).toEqual(['readFile']);
    expect(importedReaders("import fs from 'node:fs';\nfs.readFileSync(a);")).toEqual(['fs.readFileSync']);
    expect(importedReaders('await workbook.xlsx.readFile(file);')).toEqual(['exceljs readFile']);
  });

  it('no module outside the input gate reads a file itself', () => {
    const modules = sourceFiles(SOURCE_ROOT);
    expect(modules.length).toBeGreaterThan(100);
    const offenders = modules
      .filter((file) => !(path.relative(SOURCE_ROOT, file).split(path.sep).join('/') in ALLOWED))
      .flatMap((file) => importedReaders(readFileSync(file, 'utf8')).map((name) => `${path.relative(SOURCE_ROOT, file)}: ${name}`));
    expect(offenders).toEqual([]);
  });
});
