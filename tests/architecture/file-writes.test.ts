/**
 * Every file infraplan writes goes through src/files/ (temporary name in the same folder, flushed,
 * renamed; interrupts cleaned up; disk-full words). This test reads the source of every other
 * module and fails when one imports a file-writing function of node:fs or calls one directly.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SOURCE_ROOT = path.resolve(__dirname, '../../src');
const FILES_MODULE = path.join(SOURCE_ROOT, 'files');

/** Every .ts file under a folder. */
function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Functions of node:fs that create or change a file's contents or name. */
const WRITING_FUNCTIONS = ['writeFile', 'writeFileSync', 'createWriteStream', 'appendFile', 'appendFileSync', 'rename', 'renameSync', 'copyFile', 'copyFileSync', 'cp', 'cpSync', 'truncate'];

/** The writing functions a module imports from node:fs or node:fs/promises. */
function importedWriters(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'(?:node:)?fs(?:\/promises)?'/g)) {
    for (const name of match[1].split(',').map((part) => part.trim().split(/\s+as\s+/)[0])) if (WRITING_FUNCTIONS.includes(name)) found.push(name);
  }
  // A namespace or default import (`import fs from 'node:fs'`) used to write: fs.writeFile(...).
  if (/import\s+(?:\*\s+as\s+)?(\w+)\s+from\s*'(?:node:)?fs(?:\/promises)?'/.test(text)) {
    const name = /import\s+(?:\*\s+as\s+)?(\w+)\s+from\s*'(?:node:)?fs(?:\/promises)?'/.exec(text)![1];
    for (const writer of WRITING_FUNCTIONS) if (new RegExp(`\\b${name}\\.${writer}\\(`).test(text)) found.push(`${name}.${writer}`);
  }
  // Opening a file for writing (reading with open() is how the input gate reads files).
  if (/\bopen(?:Sync)?\([^)]*,\s*'[wa]/.test(text)) found.push('open for writing');
  // exceljs writing a file by itself, bypassing the temporary name.
  if (/\.xlsx\.writeFile\(|\.csv\.writeFile\(/.test(text)) found.push('exceljs writeFile');
  return found;
}

describe('file writes', () => {
  const modules = sourceFiles(SOURCE_ROOT).filter((file) => !file.startsWith(FILES_MODULE + path.sep));

  it('reads a real source tree', () => {
    expect(modules.length).toBeGreaterThan(100);
    // The check itself sees an import it must refuse.
    expect(importedWriters("import { mkdir, rename, writeFile } from 'node:fs/promises';")).toEqual(['rename', 'writeFile']);
    expect(importedWriters("import fs from 'node:fs';\nfs.writeFileSync(a, b);")).toEqual(['fs.writeFileSync']);
    expect(importedWriters("const handle = await open(file, 'wx');")).toEqual(['open for writing']);
  });

  it('no module outside src/files/ writes a file itself', () => {
    const offenders = modules.flatMap((file) => importedWriters(readFileSync(file, 'utf8')).map((name) => `${path.relative(SOURCE_ROOT, file)}: ${name}`));
    expect(offenders).toEqual([]);
  });
});
