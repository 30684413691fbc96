/**
 * `export-lp` opens the LP file with its units (review u5, finding 13): a reader of
 * `c_389: ... <= 189.3` had to guess that money is in R million. The file stays valid CPLEX LP
 * text: the lines are comments, and the program after them is the one the solver is given.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TINY_MODEL } from './cli-process.js';
import { runInProcess } from './in-process.js';

const work = mkdtempSync(path.join(tmpdir(), 'infraplan-export-lp-units-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('export-lp units', () => {
  it.each([
    ['portfolio', '\\ objective: discounted benefit points of the funded projects, maximised', 'Maximize'],
    ['allocation', '\\ objective: weighted unmet need, weighted R million, minimised', 'Minimize'],
  ])('%s: the money unit and the objective first, then the program', async (formulation, objectiveLine, sense) => {
    const file = path.join(work, `${formulation}.lp`);
    const outcome = await runInProcess(['export-lp', TINY_MODEL, '--formulation', formulation, '-o', file]);
    expect(outcome.code, outcome.stderr).toBe(0);
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines[0]).toBe('\\ units: money (spending, carry-over, envelopes and budget rows) in R million');
    expect(lines[1]).toBe(objectiveLine);
    expect(lines[2]).toMatch(/^\\ infraplan linear program: /);
    // Every line before the objective's sense is a comment, so any LP reader takes the file as before.
    const senseLine = lines.indexOf(sense);
    expect(senseLine).toBeGreaterThan(2);
    expect(lines.slice(0, senseLine).every((line) => line.startsWith('\\'))).toBe(true);
    expect(lines.at(-2) ?? lines.at(-1)).toMatch(/^End$/);
  });
});
