/**
 * Research script (issue 14): does a race of two seeded HiGHS runs on two worker threads
 * (src/solve/highs-race.ts, `engine.race`) reach the gap sooner than one solve? For each seed the
 * default model's program (built exactly as `run` builds it) is solved once with that seed, and
 * for each race start seed N once by a race of seeds N and N + 1, through solveProgram as `run`
 * solves it (start form, verification). One solve at a time, so runs never overlap.
 *
 *   npx tsx bench/research/race-seeds.ts [--seeds 0,1,2,3] [--gap 0.001] [--model models/western-cape]
 *     [--time-limit 300] [--out bench/research/race-seeds-results.json] [--force]
 *     [--effort 0.6]   (the race's second run at this heuristic effort instead of the next seed)
 *
 * Writes JSON (through src/files: a temporary name, then a rename; an existing file only with
 * --force): each solve's wall and CPU seconds (process.cpuUsage, every thread), status, gap and
 * the load average (1 minute) at its start and end, and per race the ratios race / single of its
 * first seed, race / the better single of its two seeds (what a race on free cores could reach),
 * and race / the mean single. Ratios below 1 mean the race was faster. Results and the load they
 * were measured under are in docs/benchmarks.md ("Racing two seeded HiGHS runs").
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { writeFileAtomic } from '../../src/files/atomic-file.js';
import { buildRunProgram } from '../../src/pipeline/plan-run.js';
import { resolveRun } from '../../src/pipeline/resolve-run.js';
import { hasSolution, type SolveOptions, type SolveResult } from '../../src/solve/engine.js';
import { highsEngine } from '../../src/solve/highs-engine.js';
import { defaultRaceEntrants, solveByRace, type RaceEntrant } from '../../src/solve/highs-race.js';
import { solveProgram } from '../../src/solve/solve-program.js';
import { toStartForm, defaultStartForm } from '../../src/program/cumulative-starts.js';
import { verifyResult } from '../../src/solve/verify-solution.js';

/** CPU seconds of this process so far (user + system, all threads). */
function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** One solve as measured. */
export interface RaceMeasurement {
  readonly kind: 'single' | 'race';
  readonly seeds: readonly string[];
  readonly status: string;
  readonly objective: number | null;
  readonly gap: number | null;
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  readonly loadAtStart: number;
  readonly loadAtEnd: number;
  /** For a race: what decided it and which run won. */
  readonly decidedBy?: string;
  readonly winner?: string | null;
  readonly perRun?: readonly { readonly label: string; readonly ended: string; readonly status: string; readonly gap: number | null; readonly seconds: number }[];
}

/** Time one solve of `program`. */
async function measure(kind: 'single' | 'race', seeds: readonly string[], solve: () => Promise<SolveResult>): Promise<RaceMeasurement> {
  const loadAtStart = loadavg()[0];
  const cpuBefore = cpuSeconds();
  const wallBefore = performance.now();
  const result = await solve();
  const wallSeconds = (performance.now() - wallBefore) / 1000;
  const measured: RaceMeasurement = {
    kind,
    seeds,
    status: result.status,
    objective: hasSolution(result) ? result.objective : null,
    gap: result.gap,
    wallSeconds,
    cpuSeconds: cpuSeconds() - cpuBefore,
    loadAtStart,
    loadAtEnd: loadavg()[0],
    ...(result.solverRun !== undefined
      ? {
          decidedBy: result.solverRun.decidedBy,
          winner: result.solverRun.winner,
          perRun: result.solverRun.workers.map((worker) => ({ label: worker.label, ended: worker.ended, status: worker.status, gap: worker.gap, seconds: worker.seconds })),
        }
      : {}),
  };
  process.stderr.write(`${JSON.stringify(measured)}\n`);
  return measured;
}

/** What to measure. */
export interface RaceSeedsRequest {
  readonly seeds: readonly number[];
  readonly relativeGap?: number;
  readonly model?: string;
  readonly timeLimitSeconds?: number;
  /** The race's second run at this heuristic effort (same seed) instead of the next seed. */
  readonly secondEffort?: number;
}

/** Singles for every seed, then a race from each seed but the last (seeds N and N + 1), with ratios. */
export async function measureRaceSeeds(request: RaceSeedsRequest) {
  const run = await resolveRun(request.model === undefined ? {} : { model: request.model });
  const built = buildRunProgram(run);
  const relativeGap = request.relativeGap ?? run.engineOptions.relativeGap ?? 1e-4;
  const options: SolveOptions = { relativeGap, timeLimitSeconds: request.timeLimitSeconds ?? 300 };
  const singles: RaceMeasurement[] = [];
  const races: (RaceMeasurement & { readonly ratioToFirstSeed: number; readonly ratioToBetterSingle: number | null; readonly ratioToMeanSingle: number | null })[] = [];
  for (const seed of request.seeds) singles.push(await measure('single', [`seed ${seed}`], () => solveProgram(highsEngine, built.program, { ...options, randomSeed: seed })));
  const singleOf = (seed: number): RaceMeasurement | undefined => singles[request.seeds.indexOf(seed)];
  const raceSeeds = request.secondEffort === undefined ? request.seeds.filter((seed) => request.seeds.includes(seed + 1)) : request.seeds;
  for (const seed of raceSeeds) {
    const entrants: readonly RaceEntrant[] = request.secondEffort === undefined ? defaultRaceEntrants(seed) : [{ randomSeed: seed }, { randomSeed: seed, mipHeuristicEffort: request.secondEffort }];
    // As solveProgram does for a race: the start form of the gap, the answer verified on the program as built.
    const rewritten = toStartForm(built.program, built.program.startForm ?? defaultStartForm(relativeGap));
    const measured = await measure('race', entrants.map((entrant) => (entrant.mipHeuristicEffort === undefined ? `seed ${entrant.randomSeed}` : `seed ${entrant.randomSeed}, effort ${entrant.mipHeuristicEffort}`)), async () => {
      const answer = await solveByRace(highsEngine, rewritten.program, options, entrants);
      return verifyResult(built.program, { ...answer, values: answer.values === null ? null : rewritten.toOriginalValues(answer.values) });
    });
    const first = singleOf(seed) as RaceMeasurement;
    const second = request.secondEffort === undefined ? singleOf(seed + 1) : undefined;
    const mean = singles.reduce((sum, single) => sum + single.wallSeconds, 0) / singles.length;
    races.push({
      ...measured,
      ratioToFirstSeed: measured.wallSeconds / first.wallSeconds,
      ratioToBetterSingle: second === undefined ? null : measured.wallSeconds / Math.min(first.wallSeconds, second.wallSeconds),
      ratioToMeanSingle: measured.wallSeconds / mean,
    });
  }
  return { model: run.dataset.config.name, relativeGap, timeLimitSeconds: options.timeLimitSeconds, cores: (await import('node:os')).availableParallelism(), note: 'measured on a shared machine unless the loads say otherwise; not final', singles, races };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string', default: '0,1,2,3' },
      gap: { type: 'string' },
      model: { type: 'string' },
      'time-limit': { type: 'string' },
      out: { type: 'string', default: 'bench/research/race-seeds-results.json' },
      force: { type: 'boolean', default: false },
      effort: { type: 'string' },
    },
  });
  const seeds = values.seeds.split(',').map((text) => Number(text));
  if (seeds.some((seed) => !Number.isInteger(seed) || seed < 0)) throw new RangeError(`--seeds must be whole numbers from 0 separated by commas, got ${values.seeds}`);
  const output = await measureRaceSeeds({
    seeds,
    ...(values.gap !== undefined ? { relativeGap: Number(values.gap) } : {}),
    ...(values.model !== undefined ? { model: values.model } : {}),
    ...(values['time-limit'] !== undefined ? { timeLimitSeconds: Number(values['time-limit']) } : {}),
    ...(values.effort !== undefined ? { secondEffort: Number(values.effort) } : {}),
  });
  const written = await writeFileAtomic(values.out, `${JSON.stringify(output, null, 2)}\n`, { overwrite: values.force, createFolder: true });
  process.stdout.write(`${written}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
