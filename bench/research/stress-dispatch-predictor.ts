/**
 * Research (issue 14, task st, idea (c)): could the pool hand out the draws likely to be slow first
 * (SolvePool BatchOptions.dispatchOrder), so that the last draws are short and the tail, one core
 * idle, shrinks? The predictor tried: the capex-weighted overrun of the projects the plan without
 * overruns funds (and of every project), ranked against each draw's wall seconds in stress-timeline
 * JSON files (Spearman's rank correlation).
 *
 *   npx tsx bench/research/stress-dispatch-predictor.ts /tmp/timeline.json [...]
 */
import { readFileSync } from 'node:fs';
import { stressDrawSetup } from './stress-draw-setup.js';
const files = process.argv.slice(2);
const { dataset, factors, startFrom } = await stressDrawSetup(100, '/tmp/st/base-plan.json');
const funded = dataset.projects.map((project, index) => [project, index] as const).filter(([project]) => (startFrom[project.id] ?? null) !== null);
const capex = funded.reduce((sum, [project]) => sum + project.capexRand, 0);
const score = (draw: number): number => funded.reduce((sum, [project, index]) => sum + project.capexRand * factors[draw][index], 0) / capex;
const allScore = (draw: number): number => dataset.projects.reduce((sum, project, index) => sum + project.capexRand * factors[draw][index], 0) / dataset.projects.reduce((s, p) => s + p.capexRand, 0);
for (const file of files) {
  const data = JSON.parse(readFileSync(file, 'utf8'));
  const start = new Map<number, number>(); const dur: [number, number][] = [];
  for (const e of data.events) if (e.label.startsWith('overrun draw')) { if (e.kind === 'start') start.set(e.jobNumber, e.seconds); else dur.push([e.jobNumber, e.seconds - (start.get(e.jobNumber) ?? 0)]); }
  const rows = dur.map(([job, seconds]) => ({ job, seconds, s: score(job - 1), a: allScore(job - 1) }));
  const rank = (values: number[]) => { const order = values.map((v, i) => [v, i] as const).sort((x, y) => x[0] - y[0]); const r = new Array(values.length); order.forEach(([, i], k) => (r[i] = k)); return r; };
  const spearman = (x: number[], y: number[]) => { const rx = rank(x), ry = rank(y); const n = x.length; const d2 = rx.reduce((s, v, i) => s + (v - ry[i]) ** 2, 0); return 1 - (6 * d2) / (n * (n * n - 1)); };
  console.log(file, 'spearman funded-weighted', spearman(rows.map((r) => r.s), rows.map((r) => r.seconds)).toFixed(2), 'all-weighted', spearman(rows.map((r) => r.a), rows.map((r) => r.seconds)).toFixed(2));
  console.log(rows.sort((x, y) => y.seconds - x.seconds).slice(0, 8).map((r) => `${r.job}:${r.seconds.toFixed(1)}s score ${r.s.toFixed(3)}`).join(' | '));
}
