/**
 * No module imports from a stage above it. The stages, bottom to top, follow the pipeline
 * (docs/architecture.md): a module may import its own stage and any stage below. Every import
 * counts, type-only ones included, so that the layering holds for readers as well as at run time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SOURCE_ROOT = path.resolve(__dirname, '../../src');

/** The stages, bottom first; folders in one stage may import each other. */
const STAGES: readonly (readonly string[])[] = [
  ['errors'], // user-facing errors and exit codes
  ['files'], // every file the tool writes
  ['dataset', 'rules', 'benchmarks'], // the model, its schemas, its rules and shared definitions; OR-Library files as models
  ['indicators'], // need and growth indices, benefit weights
  ['scenario'], // scenario layers over the model
  ['masterplan'], // demand, shortfalls, generated projects
  ['program'], // the solver-neutral program and its formulations
  ['solve'], // engines and engine plumbing
  ['plan'], // solution to Plan, checker, diagnosis, planModel
  ['report', 'store', 'returns'], // Plan to files; the central database and return forms beside it
  ['pipeline'], // resolveRun, planRun, runModel
  ['analysis'], // compare, sweep, stress, explain and the solve pool
  ['cli'], // commands
];

/** Every .ts file under a folder. */
function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The top folder of a path inside src/ (`dataset` for src/dataset/x.ts). */
function folderOf(file: string): string {
  return path.relative(SOURCE_ROOT, file).split(path.sep)[0];
}

/** The stage number of a top folder, or -1 for an unknown folder. */
function stageOf(folder: string): number {
  return STAGES.findIndex((stage) => stage.includes(folder));
}

/** Relative import and export specifiers of a module: `from '...'`, `import('...')`, `import '...'`. */
function importedPaths(text: string): string[] {
  return [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm)].map((match) => match[1]);
}

describe('import layers', () => {
  const files = sourceFiles(SOURCE_ROOT);

  it('knows every top folder of src/ and reads real imports', () => {
    const folders = new Set(files.map(folderOf).filter((folder) => !folder.endsWith('.ts')));
    for (const folder of folders) expect(stageOf(folder), `src/${folder} has no stage`).toBeGreaterThanOrEqual(0);
    expect(importedPaths("import type { A } from '../dataset/types.js';\nexport { b } from './b.js';\nconst c = await import('../plan/c.js');")).toEqual(['../dataset/types.js', './b.js', '../plan/c.js']);
  });

  it('has no import from a stage above', () => {
    const upward: string[] = [];
    for (const file of files) {
      const from = folderOf(file);
      if (from.endsWith('.ts')) continue;
      for (const specifier of importedPaths(readFileSync(file, 'utf8'))) {
        const target = path.resolve(path.dirname(file), specifier);
        if (!target.startsWith(SOURCE_ROOT + path.sep)) continue;
        const to = folderOf(target);
        if (stageOf(to) > stageOf(from)) upward.push(`${path.relative(SOURCE_ROOT, file)} imports ${to}/ (${specifier})`);
      }
    }
    expect(upward).toEqual([]);
  });
});
