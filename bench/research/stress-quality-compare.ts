/**
 * Research (issue 14, task ss): compare the answers of several `stress` runs of the same draws
 * (their stress.json files) the way a user reads them: each project's funded count (the at-risk
 * table), the households and rand at risk, the draws proven within the gap, the largest gap, and
 * the benefit per draw against a reference (the best benefit any of the runs found for that draw).
 * Two runs of the same code already differ (CPU limits fall at different points), so every pair is
 * compared: a candidate whose differences from the current code are no larger than the current
 * code's own run-to-run differences has no measurable quality cost.
 *
 *   npx tsx bench/research/stress-quality-compare.ts name=a/stress.json name2=b/stress.json ...
 */
import { readFileSync } from 'node:fs';

interface Spread { readonly median: number; readonly p90: number; readonly max: number }
interface StressJson {
  readonly summary: {
    readonly benefitByDraw: readonly (number | null)[];
    readonly projects: readonly { readonly projectId: string; readonly drawsFunded: number }[];
    readonly atRisk: { readonly households: Spread; readonly rand: Spread; readonly benefitPoints: Spread } | null;
    readonly notProvenOptimalDraws: number;
  };
  readonly solving: { readonly relativeGap: number; readonly draws: readonly { readonly status: string; readonly gap: number | null; readonly seconds: number; readonly stoppedByStagnation?: boolean }[] };
}

const runs = process.argv.slice(2).map((argument) => {
  const [name, file] = argument.includes('=') ? (argument.split('=', 2) as [string, string]) : [argument, argument];
  return { name, json: JSON.parse(readFileSync(file, 'utf8')) as StressJson };
});
const drawCount = runs[0].json.summary.benefitByDraw.length;
const reference = Array.from({ length: drawCount }, (_, draw) => Math.max(...runs.map((run) => run.json.summary.benefitByDraw[draw] ?? -Infinity)));

console.log('run | proven ≤ gap | stalled | largest gap % | draw seconds | mean loss vs best % | max loss % | draws at best | households at risk median/p90/max | rand at risk (R m) median/p90/max');
for (const { name, json } of runs) {
  const draws = json.solving.draws;
  const gapLimit = json.solving.relativeGap + 1e-9;
  const proven = draws.filter((draw) => draw.gap !== null && draw.gap <= gapLimit).length;
  const stalled = draws.filter((draw) => draw.stoppedByStagnation === true).length;
  const largestGap = Math.max(...draws.map((draw) => draw.gap ?? 0));
  const seconds = draws.reduce((sum, draw) => sum + draw.seconds, 0);
  const losses = json.summary.benefitByDraw.map((benefit, draw) => (benefit === null ? 1 : (reference[draw] - benefit) / reference[draw]));
  const atBest = losses.filter((loss) => loss <= 1e-12).length;
  const risk = json.summary.atRisk;
  const households = risk === null ? '–' : `${risk.households.median.toFixed(0)}/${risk.households.p90.toFixed(0)}/${risk.households.max.toFixed(0)}`;
  const rand = risk === null ? '–' : `${(risk.rand.median / 1e6).toFixed(1)}/${(risk.rand.p90 / 1e6).toFixed(1)}/${(risk.rand.max / 1e6).toFixed(1)}`;
  console.log(`${name} | ${proven} | ${stalled} | ${(largestGap * 100).toFixed(2)} | ${seconds.toFixed(1)} | ${((losses.reduce((sum, loss) => sum + loss, 0) / drawCount) * 100).toFixed(4)} | ${(Math.max(...losses) * 100).toFixed(3)} | ${atBest} | ${households} | ${rand}`);
}

console.log('\npair | draws with another benefit | mean |benefit difference| % | largest % | projects with another funded count | sum of |count differences| | largest count difference');
for (let first = 0; first < runs.length; first += 1) {
  for (let second = first + 1; second < runs.length; second += 1) {
    const a = runs[first].json.summary;
    const b = runs[second].json.summary;
    const differences = a.benefitByDraw.map((benefit, draw) => Math.abs((benefit ?? 0) - (b.benefitByDraw[draw] ?? 0)) / reference[draw]);
    const differing = differences.filter((difference) => difference > 1e-9).length;
    const fundedB = new Map(b.projects.map((project) => [project.projectId, project.drawsFunded]));
    const countDifferences = a.projects.map((project) => Math.abs(project.drawsFunded - (fundedB.get(project.projectId) ?? 0)));
    console.log(
      `${runs[first].name} – ${runs[second].name} | ${differing} | ${((differences.reduce((sum, difference) => sum + difference, 0) / drawCount) * 100).toFixed(4)} | ${(Math.max(...differences) * 100).toFixed(3)} | ${countDifferences.filter((difference) => difference > 0).length} | ${countDifferences.reduce((sum, difference) => sum + difference, 0)} | ${Math.max(...countDifferences)}`,
    );
  }
}
