/**
 * explain's progress (issue 14): a line before the first solve with the time-left estimate (said to
 * be one), a line per answer whether or not stderr is a terminal, and the --out file rewritten
 * after each answer: read back at the moment the first answer's line is printed, it holds that
 * answer and no other.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPLANATIONS_SHEET, type ExplainReport } from '../../src/analysis/explain-output.js';
import { createProgressReporter } from '../../src/analysis/progress.js';
import { createAnswerClock, explainFromArguments, planSolveTime, plainProgressLabel } from '../../src/cli/explain.js';
import { temporaryFolder, TINY_MODEL } from './helpers.js';

/** The project ids of the tiny model's register. */
function tinyProjectIds(): string[] {
  return readFileSync(path.join(TINY_MODEL, 'projects.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')[0]);
}

/** A stream that is not a terminal, keeping what is written and, at the first answer's line, a copy of the --out file. */
function logStream(outPath: string): { isTTY: false; text: string[]; fileAtFirstAnswer: string | null; write: (text: string) => boolean } {
  const stream = {
    isTTY: false as const,
    text: [] as string[],
    fileAtFirstAnswer: null as string | null,
    write: (text: string): boolean => {
      stream.text.push(text);
      if (text.startsWith('explain: 1 of ')) {
        stream.fileAtFirstAnswer = `${outPath}.at-first-answer.xlsx`;
        copyFileSync(outPath, stream.fileAtFirstAnswer);
      }
      return true;
    },
  };
  return stream;
}

describe('explain on a stream that is not a terminal', () => {
  let stream: ReturnType<typeof logStream>;
  let report: ExplainReport;
  beforeAll(async () => {
    const out = path.join(await temporaryFolder('infraplan-explain-progress-'), 'explain.xlsx');
    stream = logStream(out);
    report = await explainFromArguments({ model: TINY_MODEL, project: ['WC012-S-01', 'WC012-W-01'], workers: 1, out }, stream);
  }, 300_000);

  it('prints the estimate before the first solve, then one line per answer, without terminal codes', () => {
    const lines = stream.text.join('').split('\n').filter((line) => line !== '');
    expect(stream.text.join('')).not.toMatch(/[\r\u001b]/);
    expect(lines).toHaveLength(3);
    // WC012-W-01 (exclusive_alternative: the structural change first) 3 solves, WC012-S-01 (budget) 2.
    expect(lines[0]).toMatch(/^explain: 2 projects to answer, about 5 planning runs; an estimated \d+ s left: \d+ s per planning run \(as long as planning the plan took\) × 5 runs$/);
    const first = report.explanations.find((explanation) => lines[1].includes(`answered, ${explanation.projectId}: `));
    expect(first).toBeDefined();
    expect(lines[1]).toMatch(/^explain: 1 of 2 answered, WC012-[SW]-01: .+; about \d+ s left$/);
    expect(lines[2]).toMatch(/^explain: 2 of 2 answered, WC012-[SW]-01: .+; all answered in \d+ s$/);
    // The money answer's line names the money.
    const money = lines.find((line) => line.includes('answered, WC012-S-01: '));
    expect(money).toMatch(/WC012-S-01: R\d+\.\d million of MIG in 20\d\d\/\d\d.* ring-fenced for WC012-S-01/);
  });

  it('has the --out workbook rewritten after the first answer: at its line the file holds that answer alone', async () => {
    expect(stream.fileAtFirstAnswer).not.toBeNull();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(stream.fileAtFirstAnswer as string);
    const sheet = workbook.getWorksheet(EXPLANATIONS_SHEET)!;
    const firstLine = stream.text.find((text) => text.startsWith('explain: 1 of 2'))!;
    // Title, illustrative-inputs line, header, then the answers.
    expect(sheet.getRow(3).getCell(1).value).toBe('Project');
    const id = String(sheet.getRow(4).getCell(1).value);
    expect(firstLine).toContain(`answered, ${id}: `);
    expect(String(sheet.getRow(2).getCell(1).value ?? '')).not.toBe('');
    expect(String(sheet.getCell('A1').value)).toBe('Deferred projects explained: tiny, scenario baseline');
    // The other project's answer is not in yet: no row of the sheet names it.
    const other = id === 'WC012-S-01' ? 'WC012-W-01' : 'WC012-S-01';
    const ids: string[] = [];
    sheet.eachRow((row) => ids.push(String(row.getCell(1).value)));
    expect(ids).not.toContain(other);
    expect(report.explanations.map((explanation) => explanation.projectId)).toContain(other);
  });
});

describe('explain --baseline whose plan takes a MILP, on a stream that is not a terminal', () => {
  it("estimates from that MILP's time before the first solve of the search, and says it is an estimate", async () => {
    // A baseline that funds nothing fits, but lies far below the LP bound: the plan is re-solved by a MILP kept close to it.
    const folder = await temporaryFolder('infraplan-explain-baseline-estimate-');
    const baselinePath = path.join(folder, 'plan.json');
    const projects = tinyProjectIds().map((id) => ({ id, funded: false, startYear: null }));
    writeFileSync(baselinePath, JSON.stringify({ plan: { kind: 'portfolio', modelName: 'tiny', status: 'optimal', projects } }));
    const text: string[] = [];
    const stream = { isTTY: false as const, write: (chunk: string): boolean => text.push(chunk) > 0 };
    const report = await explainFromArguments({ model: TINY_MODEL, baseline: baselinePath, top: 1, workers: 1 }, stream);
    expect(report.planHowSolved?.milpSolves).toBe(1);
    const lines = text.join('').split('\n').filter((line) => line !== '');
    expect(text.join('')).not.toMatch(/[\r\u001b]/);
    expect(lines[0]).toMatch(/^explain: 1 project to answer, about (\d+) planning runs; an estimated \d+ s left: \d+ s per planning run \(as long as planning the plan with --baseline took\) × \1 runs$/);
    expect(lines[0]).not.toContain('estimated once the first planning run ends');
    // The plan explained is named: solved now, kept close to the baseline, which could not be taken as it was.
    expect(report.planExplained?.baselinePath).toBe(baselinePath);
    expect(lines.at(-1)).toMatch(/^explain: 1 of 1 answered, .+; all answered in \d+ s$/);
  }, 300_000);
});

describe('the plan time the first estimate uses', () => {
  const plan = { status: 'optimal', seconds: 40 } as unknown as Parameters<typeof planSolveTime>[0];
  it("is the plan's solve without a baseline, its MILP re-solve with one, none without a MILP, each at most the box", () => {
    expect(planSolveTime(plan, null, 15)).toEqual({ seconds: 15, basis: 'as long as planning the plan took' });
    expect(planSolveTime(plan, { method: 'milp_warm', words: '', seconds: 6, milpSolves: 1 }, 15)).toEqual({ seconds: 6, basis: 'as long as planning the plan with --baseline took' });
    expect(planSolveTime(plan, { method: 'accepted_shortcut', words: '', seconds: 1, milpSolves: 0 }, 15)).toBeNull();
    expect(planSolveTime(plan, { method: 'taken_from_run', words: '', seconds: 1, milpSolves: 0 }, 15)).toBeNull();
  });
});

describe('the live line on a terminal', () => {
  it('carries the answers so far, the time elapsed and the estimate, rewritten as time passes', () => {
    const written: string[] = [];
    let milliseconds = 0;
    const clock = createAnswerClock(10, () => milliseconds);
    clock.start({ answerCount: 4, estimatedSolves: 8, concurrency: 2 });
    const reporter = createProgressReporter({ isTTY: true, write: (text: string) => written.push(text) > 0 }, { suffix: () => clock.liveWords(), refreshMilliseconds: 0 });
    reporter.onProgress?.({ jobNumber: 1, jobCount: 1, label: 'WC011-S-01 least extra money (one MILP)' });
    // 10 s per solve × 8 solves ÷ 2 at once = 40 s; 5 s gone.
    milliseconds = 5_000;
    reporter.onProgress?.({ jobNumber: 1, jobCount: 1, label: 'WC011-S-01 verifying the extra money' });
    clock.answered(1);
    milliseconds = 20_000;
    reporter.line('explain: 1 of 4 answered, WC011-S-01: ...; about 1 min 00 s left', true);
    reporter.done();
    expect(written[0]).toBe('\r\u001b[2Ksolving 1/1 WC011-S-01 least extra money (one MILP) ... (0 of 4 answered; 0 s elapsed, an estimated 40 s left)');
    expect(written[1]).toBe('\r\u001b[2Ksolving 1/1 WC011-S-01 verifying the extra money ... (0 of 4 answered; 5 s elapsed, an estimated 35 s left)');
    expect(written[2]).toBe('\r\u001b[2Kexplain: 1 of 4 answered, WC011-S-01: ...; about 1 min 00 s left\n');
    // After an answer: 20 s per answer × 3 left.
    expect(written[3]).toBe('\r\u001b[2Ksolving 1/1 WC011-S-01 verifying the extra money ... (1 of 4 answered; 20 s elapsed, about 1 min 00 s left)');
    expect(clock.afterAnswerWords()).toBe('about 1 min 00 s left');
  });

  it("with explain's verb and labels, says each step of the search in plain words", () => {
    const written: string[] = [];
    const reporter = createProgressReporter({ isTTY: true, write: (text: string) => written.push(text) > 0 }, { verb: 'planning', label: plainProgressLabel, refreshMilliseconds: 0 });
    const labels = [
      ['WC011-S-01 least extra money (one MILP)', 1, 1, 'WC011-S-01: finding the least extra money'],
      ['WC011-S-01 verifying the extra money (one proof: the bound without it)', 1, 1, 'WC011-S-01: checking the answer by planning again with the change'],
      ['WC011-S-01 least policy relaxation (one MILP, round 2)', 2, 6, 'WC011-S-01: finding the least change of the rules (round 2)'],
      ['WC011-S-01 policy 3/6', 3, 6, 'WC011-S-01: planning with one policy rule switched off (3 of 6)'],
      ['WC011-S-01 top-up bracket 2/18', 2, 18, 'WC011-S-01: planning with extra money in one grant (2 of 18)'],
      ['WC011-S-01 structural 1/1', 1, 1, 'WC011-S-01: planning with the change to the register'],
    ] as const;
    for (const [label, jobNumber, jobCount, words] of labels) {
      reporter.onProgress?.({ jobNumber, jobCount, label });
      expect(written.at(-1)).toBe(`\r\u001b[2Kplanning ${words} ...`);
      expect(written.at(-1)).not.toMatch(/MILP|proof|bound|relaxation|bisection|bracket/);
    }
    reporter.done();
  });

  it('without the plan\'s solve time, waits for the first solve of the search', () => {
    let milliseconds = 0;
    const clock = createAnswerClock(null, () => milliseconds);
    clock.start({ answerCount: 2, estimatedSolves: 4, concurrency: 1 });
    expect(clock.startWords()).toBe('; the time left is estimated once the first planning run ends');
    milliseconds = 3_000;
    clock.solved(3);
    expect(clock.liveWords()).toBe('0 of 2 answered; 3 s elapsed, an estimated 9 s left');
  });
});
