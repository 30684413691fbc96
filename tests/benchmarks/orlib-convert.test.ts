/**
 * The OR-Library conversion (src/benchmarks/or-library.ts) and its command line
 * (scripts/orlib-to-model.ts): the parser on the real files and on broken text, the model folder
 * read back by the loader, and the refusals.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../scripts/orlib-to-model.js';
import {
  KNOWN_OPTIMUM_FILE,
  MKNAPCB1_BEST_KNOWN,
  RAND_PER_ORLIB_UNIT,
  convertOrLibProblem,
  knownOptimumOf,
  orLibDataset,
  parseOrLibFile,
  writeOrLibModel,
  type KnownOptimumFile,
  type OrLibProblem,
} from '../../src/benchmarks/or-library.js';
import { loadModel } from '../../src/dataset/load-model.js';
import { InvalidInputError } from '../../src/errors/problems.js';
import { ModelFolderExistsError, ModelFolderHoldsOtherFilesError } from '../../src/dataset/write-model.js';
import { MKNAP1_PATH, MKNAPCB1_PATH, readOrLib, temporaryFolder } from './orlib-helpers.js';

/** The problems of a text, or the located problems the parser threw. */
function parseProblems(text: string): InvalidInputError {
  try {
    parseOrLibFile(text, 'bad.txt');
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error('expected the parser to reject the text');
}

describe('parseOrLibFile', () => {
  it('reads Petersen\'s seven problems with their sizes and stated optima', () => {
    const problems = readOrLib(MKNAP1_PATH);
    expect(problems.map((problem) => [problem.itemCount, problem.constraintCount, problem.knownOptimum])).toEqual([
      [6, 10, 3800],
      [10, 10, 8706.1],
      [15, 10, 4015],
      [20, 10, 6120],
      [28, 10, 12400],
      [39, 5, 10618],
      [50, 5, 16537],
    ]);
    // First problem, values as printed in the file.
    expect(problems[0].profits).toEqual([100, 600, 1200, 2400, 500, 2000]);
    expect(problems[0].coefficients[0]).toEqual([8, 12, 13, 64, 22, 41]);
    expect(problems[0].coefficients[9]).toEqual([3, 2, 4, 8, 8, 4]);
    expect(problems[0].rightHandSides).toEqual([80, 96, 20, 36, 44, 48, 10, 18, 22, 24]);
    expect(problems[1].profits[0]).toBe(600.1);
  });

  it('reads the thirty Chu–Beasley problems, whose optima the file leaves at 0', () => {
    const problems = readOrLib(MKNAPCB1_PATH);
    expect(problems).toHaveLength(30);
    for (const problem of problems) {
      expect(problem.itemCount).toBe(100);
      expect(problem.constraintCount).toBe(5);
      expect(problem.knownOptimum).toBeNull();
      expect(problem.coefficients.every((row) => row.length === 100)).toBe(true);
    }
    expect(problems[0].profits.slice(0, 3)).toEqual([504, 803, 667]);
    expect(MKNAPCB1_BEST_KNOWN).toHaveLength(30);
  });

  it('names the line and value of a malformed number', () => {
    const error = parseProblems('1\n2 1 0\n5 x\n1 1\n2\n');
    expect(error.problems).toEqual([{ file: 'bad.txt', row: 3, column: 'value 2', message: 'expected the profit of item 2 of problem 1, found "x"' }]);
  });

  it('reports a file that ends early and one with values left over', () => {
    expect(parseProblems('1\n2 1 0\n5 6\n1 1\n').problems[0]).toMatchObject({ row: null, message: 'file ends early: expected the right-hand side of constraint 1 of problem 1' });
    expect(parseProblems('1\n1 1 0\n5\n1\n1\n7\n').problems[0]).toMatchObject({ row: 6, column: 'value 1', message: 'expected nothing after the 1 problems the file announces, found "7"' });
  });

  it('rejects negative values and non-whole counts', () => {
    expect(parseProblems('1\n1 1 0\n-5\n1\n1\n').problems[0].message).toBe('expected the profit of item 1 of problem 1 (>= 0), found -5');
    expect(parseProblems('1.5\n').problems[0].message).toBe('expected the number of problems (a whole number >= 1), found 1.5');
  });
});

/** A 4-item, 2-constraint problem with one item that costs nothing. */
const withFreeItem: OrLibProblem = {
  itemCount: 4,
  constraintCount: 2,
  knownOptimum: null,
  profits: [10, 7, 3, 5],
  coefficients: [
    [4, 3, 0, 2],
    [1, 4, 0, 3],
  ],
  rightHandSides: [6, 5],
};

describe('writeOrLibModel', () => {
  it('writes a model that loads with one fixed-start project per item and one envelope per constraint', async () => {
    const folder = path.join(temporaryFolder('orlib-convert'), 'model');
    const description = await convertOrLibProblem(MKNAP1_PATH, 1, folder);
    expect(description).toEqual({ name: 'orlib-mknap1-01', sourceFile: 'mknap1.txt', problemNumber: 1, knownOptimum: 3800, knownOptimumSource: 'stated in mknap1.txt' });
    const dataset = await loadModel(folder);
    expect(dataset.config.horizonYears).toBe(10);
    expect(dataset.config.baseFinancialYear).toBe(2026);
    expect(dataset.config.policy.discountRatePercent).toBe(0);
    // The services are declared and every service's minimum share is off, so the program is the knapsack alone.
    expect(dataset.config.services.map((service) => service.id)).toEqual(['water', 'sanitation']);
    expect(dataset.config.policy.minServiceShare).toEqual({ water: 0, sanitation: 0 });
    expect(dataset.loadNotes ?? []).toEqual([]);
    expect(dataset.config.illustrativeNote).toMatch(/^Benchmark, not a plan/);
    expect(dataset.projects.map((project) => project.id)).toEqual(['ITEM-001', 'ITEM-002', 'ITEM-003', 'ITEM-004', 'ITEM-005', 'ITEM-006']);
    const item4 = dataset.projects[3];
    expect(item4.benefitOverride).toBe(2400);
    expect(item4.cashFlowRandByBuildYear).toEqual([64, 75, 18, 32, 42, 48, 0, 0, 0, 8].map((units) => units * RAND_PER_ORLIB_UNIT));
    expect(item4.capexRand).toBe(287 * RAND_PER_ORLIB_UNIT);
    expect([item4.earliestStartYear, item4.latestStartYear]).toEqual([2026, 2026]);
    expect(dataset.fundingSources).toHaveLength(1);
    expect(dataset.fundingSources[0]).toMatchObject({ id: 'BUDGET', carryOver: false });
    expect(dataset.fundingSources[0].envelopeRandByYear).toEqual(
      Object.fromEntries([80, 96, 20, 36, 44, 48, 10, 18, 22, 24].map((units, offset) => [2026 + offset, units * RAND_PER_ORLIB_UNIT])),
    );
    const known = JSON.parse(readFileSync(path.join(folder, KNOWN_OPTIMUM_FILE), 'utf8')) as KnownOptimumFile;
    expect(known).toMatchObject({ knownOptimum: 3800, itemCount: 6, constraintCount: 10, paddedProjectIds: [] });
    // The folder is exactly the Dataset the converter built, as the model writer promises; rows read
    // from a file also say which spreadsheet row they came from, as rows built in code cannot.
    const withoutSourceRows = <Row extends { readonly sourceRow?: number }>(rows: readonly Row[]): Omit<Row, 'sourceRow'>[] => rows.map(({ sourceRow: _sourceRow, ...row }) => row);
    expect(dataset.needs.map((need) => need.sourceRow)).toEqual(dataset.needs.map((_, index) => index + 2));
    expect({ ...dataset, sourceFiles: [], municipalities: withoutSourceRows(dataset.municipalities), needs: withoutSourceRows(dataset.needs), projects: withoutSourceRows(dataset.projects) }).toEqual(orLibDataset(readOrLib(MKNAP1_PATH)[0], description));
    expect(readFileSync(path.join(folder, 'model.yaml'), 'utf8')).toMatch(/^# Generated by scripts\/orlib-to-model.ts from OR-Library mknap1.txt, problem 1.\n# Known optimum: 3800 \(stated in mknap1.txt\)/);
  });

  it('attaches the mkcbres best known value to mknapcb1 problems', async () => {
    const folder = path.join(temporaryFolder('orlib-convert'), 'model');
    const description = await convertOrLibProblem(MKNAPCB1_PATH, 30, folder);
    expect(description.knownOptimum).toBe(59965);
    expect(description.knownOptimumSource).toBe('OR-Library mkcbres.txt, problem 5.100-29 (Chu and Beasley 1998)');
  });

  it('leaves the optimum unknown for other files unless given on the command line', async () => {
    const problem = readOrLib(MKNAPCB1_PATH)[0];
    expect(knownOptimumOf(problem, 'mknapcb2.txt', 1)).toEqual({ value: null, source: null });
    const folder = path.join(temporaryFolder('orlib-convert'), 'model');
    expect((await convertOrLibProblem(MKNAPCB1_PATH, 1, folder, { knownOptimum: 24381 })).knownOptimumSource).toBe('given with --known-optimum');
  });

  it('gives an item with all coefficients 0 a padding year that always has room for it', async () => {
    const folder = path.join(temporaryFolder('orlib-convert'), 'model');
    await writeOrLibModel(withFreeItem, folder, { name: 'free-item', sourceFile: 'synthetic', problemNumber: 1, knownOptimum: null, knownOptimumSource: null });
    const dataset = await loadModel(folder);
    expect(dataset.config.horizonYears).toBe(3);
    const free = dataset.projects[2];
    expect(free.cashFlowRandByBuildYear).toEqual([0, 0, RAND_PER_ORLIB_UNIT]);
    expect(free.capexRand).toBe(RAND_PER_ORLIB_UNIT);
    expect(dataset.fundingSources[0].envelopeRandByYear[2028]).toBe(RAND_PER_ORLIB_UNIT);
    // The other items stay two years long, so nothing else spends in the padding year.
    expect(dataset.projects.filter((project) => project.cashFlowRandByBuildYear.length === 3).map((project) => project.id)).toEqual(['ITEM-003']);
    const known = JSON.parse(readFileSync(path.join(folder, KNOWN_OPTIMUM_FILE), 'utf8')) as KnownOptimumFile;
    expect(known.paddedProjectIds).toEqual(['ITEM-003']);
  });

  it('never touches a folder with files in it unless forced, and then replaces only a model folder whole', async () => {
    const folder = temporaryFolder('orlib-convert');
    writeFileSync(path.join(folder, 'notes.txt'), 'keep me');
    const description = { name: 'x', sourceFile: 'synthetic', problemNumber: 1, knownOptimum: null, knownOptimumSource: null };
    await expect(writeOrLibModel(withFreeItem, folder, description)).rejects.toBeInstanceOf(ModelFolderExistsError);
    expect(readdirSync(folder)).toEqual(['notes.txt']);
    // --force follows the model writer (as `infraplan model export --force`): a file no model writes is never lost (review u5, finding 1).
    await expect(writeOrLibModel(withFreeItem, folder, description, { force: true })).rejects.toBeInstanceOf(ModelFolderHoldsOtherFilesError);
    expect(readdirSync(folder)).toEqual(['notes.txt']);
    // A folder holding a converted model (its known optimum included) is replaced whole.
    const converted = temporaryFolder('orlib-convert');
    await writeOrLibModel(withFreeItem, converted, description);
    await writeOrLibModel(withFreeItem, converted, { ...description, name: 'y' }, { force: true });
    expect(readdirSync(converted).sort()).toEqual(['funding.csv', 'indicators.csv', KNOWN_OPTIMUM_FILE, 'model.yaml', 'municipalities.csv', 'needs.csv', 'projects.csv']);
    expect(readFileSync(path.join(converted, 'model.yaml'), 'utf8')).toContain('y');
  });
});

describe('orlib-to-model command line', () => {
  /** Run main with stderr captured. */
  async function run(argv: readonly string[]): Promise<{ code: number; stderr: string }> {
    const original = process.stderr.write.bind(process.stderr);
    const originalOut = process.stdout.write.bind(process.stdout);
    let stderr = '';
    process.stderr.write = ((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    }) as typeof process.stderr.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      return { code: await main(argv), stderr };
    } finally {
      process.stderr.write = original;
      process.stdout.write = originalOut;
    }
  }

  it('converts a problem and then refuses to overwrite it without --force', async () => {
    const folder = path.join(temporaryFolder('orlib-cli'), 'model');
    expect((await run([MKNAP1_PATH, '2', folder])).code).toBe(0);
    const second = await run([MKNAP1_PATH, '2', folder]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('already exists and holds files; choose another folder or pass --force to replace it');
    expect((await run([MKNAP1_PATH, '2', folder, '--force'])).code).toBe(0);
    // --force over a folder that holds more than a model: exit 1, the files named, nothing lost.
    writeFileSync(path.join(folder, 'notes.txt'), 'keep me');
    const refused = await run([MKNAP1_PATH, '2', folder, '--force']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('holds files that are not part of a model (notes.txt)');
    expect(existsSync(path.join(folder, 'notes.txt'))).toBe(true);
  });

  it('explains a problem number that is not in the file, without a stack trace', async () => {
    const result = await run([MKNAP1_PATH, '8', path.join(temporaryFolder('orlib-cli'), 'model')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`error: ${MKNAP1_PATH}: no problem 8; the file holds problems 1 to 7\n`);
  });

  it('points at the line of a broken input file', async () => {
    const folder = temporaryFolder('orlib-cli');
    const broken = path.join(folder, 'broken.txt');
    writeFileSync(broken, '1\n2 1 0\n5 6\n1 one\n2\n');
    const result = await run([broken, '1', path.join(folder, 'model')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`error: ${broken}, row 4, column value 2: expected coefficient 2 of constraint 1 of problem 1, found "one"\n`);
  });
});
