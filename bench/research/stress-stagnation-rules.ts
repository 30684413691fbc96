/**
 * Research (issue 14, task s1, idea 2): replay stagnation rules on the gap series that
 * bench/research/stress-gap-series.ts measured, with the very check the engine runs
 * (stagnationCheck of src/solve/highs-run.ts). A stop only cuts a run short, so what happened
 * before it is what the series shows. For each rule: the MILP CPU seconds it would save, how
 * many draws that proved the gap (within the box) it would have stopped first (must be about 0),
 * and the gaps the stopped draws would report against those they reported at the box.
 *
 *   [AT_MOST_GAP=0.03] [REAL_BOX=12.5] npx tsx bench/research/stress-stagnation-rules.ts series.json [more.json ...]
 *
 * REAL_BOX: the CPU seconds a draw's MILP has on the real path (15 CPU s less the 10% reserve,
 * the build and the guided start: about 12.5). A series measured with a longer box counts as
 * proven only when it proved within REAL_BOX, and its saving is counted up to REAL_BOX.
 */
import { readFileSync } from 'node:fs';
import type { StagnationStop } from '../../src/solve/engine.js';
import { stagnationCheck } from '../../src/solve/highs-run.js';

interface Point { readonly cpu: number; readonly bound: number; readonly incumbent: number | null }
interface DrawSeries { readonly draw: number; readonly milpCpu: number; readonly gap: number; readonly points: readonly Point[] }

const relativeGap = 0.01;
const realBox = Number(process.env.REAL_BOX ?? 12.5);
const series: DrawSeries[] = process.argv.slice(2).flatMap((file) => JSON.parse(readFileSync(file, 'utf8')) as DrawSeries[]);
const provedInBox = (one: DrawSeries): boolean => one.gap <= relativeGap + 1e-9 && one.milpCpu <= realBox;
const provenCount = series.filter(provedInBox).length;
console.log(`${series.length} draws, ${provenCount} proven within ${realBox} CPU s of MILP, MILP ${series.reduce((sum, one) => sum + one.milpCpu, 0).toFixed(1)} CPU s in all`);

/** Where the rule stops a draw: CPU seconds and gap, or null when it runs to its own end. */
function stopOf(rule: StagnationStop, one: DrawSeries): { readonly cpu: number; readonly gap: number } | null {
  const check = stagnationCheck(rule);
  for (const point of one.points) {
    if (point.incumbent === null) continue;
    const record = check(point.cpu, Math.abs(point.bound - point.incumbent) / Math.max(1, Math.abs(point.incumbent)));
    if (record !== null) return point.cpu < one.milpCpu - 0.05 ? { cpu: point.cpu, gap: record.gap } : null;
  }
  return null;
}

const rows: string[] = [];
for (const afterCpuSeconds of [2, 3, 4, 5, 6]) {
  for (const windowCpuSeconds of [1, 2, 3]) {
    for (const minGapDrop of [0.0005, 0.001, 0.002, 0.003]) {
      const rule: StagnationStop = { afterCpuSeconds, windowCpuSeconds, minGapDrop, aboveGap: relativeGap, atMostGap: Number(process.env.AT_MOST_GAP ?? Infinity) };
      let saved = 0;
      let provenLost = 0;
      let stopped = 0;
      const lost: string[] = [];
      let worstStopGap = 0;
      for (const one of series) {
        const stop = stopOf(rule, one);
        if (stop === null) continue;
        stopped += 1;
        if (stop.cpu >= realBox) continue;
        saved += Math.min(one.milpCpu, realBox) - stop.cpu;
        worstStopGap = Math.max(worstStopGap, stop.gap);
        if (provedInBox(one)) {
          provenLost += 1;
          lost.push(`${one.draw} (${one.milpCpu.toFixed(1)} s)`);
        }
      }
      rows.push(`after ${afterCpuSeconds} window ${windowCpuSeconds} drop ${(minGapDrop * 100).toFixed(2)} pp: stops ${stopped}, saves ${saved.toFixed(1)} CPU s, proven draws lost ${provenLost}${lost.length > 0 ? ` [${lost.join(', ')}]` : ''}, largest gap at a stop ${(worstStopGap * 100).toFixed(2)}%`);
    }
  }
}
for (const row of rows) console.log(row);
for (const one of series) {
  if (one.gap <= relativeGap + 1e-9 && one.milpCpu < 4) continue;
  const at = [1, 2, 3, 4, 5, 6, 8, 10, 12].map((seconds) => {
    let last: Point | undefined;
    for (const point of one.points) if (point.cpu <= seconds) last = point;
    return last === undefined || last.incumbent === null ? ' – ' : `${((Math.abs(last.bound - last.incumbent) / Math.abs(last.incumbent)) * 100).toFixed(2)}`;
  });
  console.log(`draw ${one.draw}: MILP ${one.milpCpu.toFixed(1)} CPU s, final gap ${(one.gap * 100).toFixed(2)}%; gap % at 1,2,3,4,5,6,8,10,12 CPU s: ${at.join(' ')}`);
}
