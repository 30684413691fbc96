/**
 * Research (issue 14, task ss): replay candidate stall stops on the gap series of
 * bench/research/stress-gap-series.ts (measured with the stall stop off), with the quality a user of
 * `stress` reads, not only the draws proven: for each rule the MILP CPU seconds it spends, the draws
 * it proves within 1%, the largest gap it reports, and the benefit it gives up, per draw, against the
 * best plan the series found within the real box (the incumbent at the stop against the incumbent at
 * REAL_BOX). The current rule (STRESS_STAGNATION_STOP) is the first row; every row's saving is
 * against it. Rules are the engine's own stagnationCheck (src/solve/highs-run.ts), optionally with a
 * cap on the MILP's CPU seconds while the gap is above the stress gap (a shorter box).
 *
 *   [REAL_BOX=12.5] npx tsx bench/research/stress-stall-replay.ts seed1.json [seed2.json ...]
 *
 * Each file is reported on its own (choose on seed 1, check on seed 2).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { STRESS_STAGNATION_STOP } from '../../src/analysis/run-stress.js';
import type { StagnationStop } from '../../src/solve/engine.js';
import { stagnationCheck } from '../../src/solve/highs-run.js';

interface Point { readonly cpu: number; readonly bound: number; readonly incumbent: number | null }
interface DrawSeries { readonly draw: number; readonly guidedCpu: number; readonly milpCpu: number; readonly gap: number; readonly objective: number; readonly points: readonly Point[] }

const relativeGap = 0.01;
const realBox = Number(process.env.REAL_BOX ?? 12.5);

/** A candidate: the stall rule (null for none) and an optional cap on the MILP's CPU seconds. */
interface Candidate { readonly name: string; readonly rule: StagnationStop | null; readonly capCpuSeconds?: number }

const gapOf = (point: Point): number => (point.incumbent === null ? Infinity : Math.abs(point.bound - point.incumbent) / Math.max(1, Math.abs(point.incumbent)));

/** Where a candidate ends a draw: its CPU seconds, gap and incumbent then. */
function endOf(candidate: Candidate, one: DrawSeries): { readonly cpu: number; readonly gap: number; readonly incumbent: number | null; readonly stalled: boolean } {
  const limit = Math.min(realBox, candidate.capCpuSeconds ?? Infinity);
  const check = candidate.rule === null ? null : stagnationCheck(candidate.rule);
  let last: Point | undefined;
  for (const point of one.points) {
    if (point.cpu > limit) break;
    last = point;
    if (check === null || point.incumbent === null) continue;
    const record = check(point.cpu, gapOf(point));
    if (record !== null && point.cpu < one.milpCpu - 0.05) return { cpu: point.cpu, gap: record.gap, incumbent: point.incumbent, stalled: true };
  }
  // The series' own end (proved, or its box) when that came before the limit.
  if (one.milpCpu <= limit) return { cpu: one.milpCpu, gap: one.gap, incumbent: one.objective, stalled: false };
  return { cpu: limit, gap: last === undefined ? Infinity : gapOf(last), incumbent: last?.incumbent ?? null, stalled: false };
}

const current: StagnationStop = { ...STRESS_STAGNATION_STOP, aboveGap: relativeGap };
const candidates: Candidate[] = [{ name: 'current (after 5, window 3, drop 0.2 pp, gap ≤ 5%)', rule: current }, { name: 'no stall stop', rule: null }];
for (const afterCpuSeconds of [2, 3, 4, 5]) {
  for (const windowCpuSeconds of [1.5, 2, 2.5, 3]) {
    for (const minGapDrop of [0.001, 0.002, 0.003, 0.005]) {
      for (const atMostGap of [0.03, 0.05]) {
        candidates.push({ name: `after ${afterCpuSeconds}, window ${windowCpuSeconds}, drop ${(minGapDrop * 100).toFixed(1)} pp, gap ≤ ${atMostGap * 100}%`, rule: { afterCpuSeconds, windowCpuSeconds, minGapDrop, aboveGap: relativeGap, atMostGap } });
      }
    }
  }
}
for (const capCpuSeconds of [4, 5, 6, 8]) candidates.push({ name: `current + MILP cap ${capCpuSeconds} CPU s`, rule: current, capCpuSeconds });

for (const file of process.argv.slice(2)) {
  const series = JSON.parse(readFileSync(file, 'utf8')) as DrawSeries[];
  // The reference plan of each draw: the best incumbent the stall-free series had within the real box.
  const reference = series.map((one) => endOf({ name: 'ref', rule: null }, one).incumbent ?? NaN);
  const guidedCpu = series.reduce((sum, one) => sum + one.guidedCpu, 0);
  const baseEnds = series.map((one) => endOf(candidates[0], one));
  const baseCpu = baseEnds.reduce((sum, end) => sum + end.cpu, 0);
  console.log(`\n${path.basename(file)}: ${series.length} draws, guided starts ${guidedCpu.toFixed(1)} CPU s; current rule: MILP ${baseCpu.toFixed(1)} CPU s`);
  const rows: { readonly text: string; readonly saved: number; readonly lossVsCurrent: number; readonly provenLost: number }[] = [];
  for (const candidate of candidates) {
    const ends = series.map((one) => endOf(candidate, one));
    const cpu = ends.reduce((sum, end) => sum + end.cpu, 0);
    const proven = ends.filter((end) => end.gap <= relativeGap + 1e-9).length;
    const provenLost = ends.filter((end, index) => end.gap > relativeGap + 1e-9 && baseEnds[index].gap <= relativeGap + 1e-9).length;
    const stalled = ends.filter((end) => end.stalled).length;
    const losses = ends.map((end, index) => (end.incumbent === null ? 1 : Math.max(0, (reference[index] - end.incumbent) / reference[index])));
    const lossVsCurrent = ends.map((end, index) => ((baseEnds[index].incumbent ?? 0) - (end.incumbent ?? 0)) / reference[index]);
    const changed = lossVsCurrent.filter((loss) => Math.abs(loss) > 1e-9).length;
    const meanLoss = losses.reduce((sum, loss) => sum + loss, 0) / losses.length;
    const maxLoss = Math.max(...losses);
    const meanVsCurrent = lossVsCurrent.reduce((sum, loss) => sum + loss, 0) / lossVsCurrent.length;
    const largestGap = Math.max(...ends.map((end) => end.gap));
    const saved = baseCpu - cpu;
    rows.push({
      saved,
      lossVsCurrent: meanVsCurrent,
      provenLost,
      text: `${candidate.name}: MILP ${cpu.toFixed(1)} CPU s (saves ${saved.toFixed(1)}), stalled ${stalled}, proven ${proven} (lost ${provenLost}), largest gap ${(largestGap * 100).toFixed(2)}%, benefit loss vs best-in-box mean ${(meanLoss * 100).toFixed(4)}% max ${(maxLoss * 100).toFixed(3)}%, vs current: ${changed} draws differ, mean ${(meanVsCurrent * 100).toFixed(4)}%`,
    });
  }
  console.log(rows[0].text);
  console.log(rows[1].text);
  for (const row of rows.slice(2).sort((a, b) => b.saved - a.saved)) if (row.provenLost <= 2 || process.env.ALL === '1') console.log(row.text);
  if (process.env.DRAWS_DETAIL === '1') {
    for (const [index, one] of series.entries()) {
      if (one.milpCpu < 3) continue;
      const end = baseEnds[index];
      console.log(`draw ${one.draw}: MILP ${one.milpCpu.toFixed(1)}, final gap ${(one.gap * 100).toFixed(2)}%, current rule ends at ${end.cpu.toFixed(1)} gap ${(end.gap * 100).toFixed(2)}%${end.stalled ? ' (stalled)' : ''}`);
    }
  }
}
