/**
 * Research script (issue 14): HiGHS alone on the default model's portfolio MILP in each start form
 * (src/program/cumulative-starts.ts), timed in CPU seconds of this process (process.cpuUsage;
 * HiGHS runs on the main thread here, no worker), one solve per invocation so runs never overlap.
 *
 * The program is built exactly as `run` builds it (buildRunProgram of the resolved default model,
 * at the model's own gap unless --gap is given). The plan found is mapped back to the x-form and
 * checked there by the same verifySolution as every engine answer, so a form that gave a wrong
 * plan would say so.
 *
 *   npx tsx bench/research/cumulative-starts.ts --form cumulative --seed 0 [--gap 0.001]
 *     [--model models/western-cape] [--time-limit 300] [--lp] [--option name=value ...] [--polish 2000]
 *
 * Prints one JSON line: form, seed, status, objective, bound, gap, nodes, CPU and wall seconds,
 * the load average at the start, and the checker's verdict. --lp solves the LP relaxation only
 * (all forms must give the same value). --polish N polishes each HiGHS incumbent with the
 * portfolio heuristic's local search (N maximum-flow checks) inside HiGHS's user-solution callback
 * and hands better plans back (the polish's CPU is the run's). Results are in docs/benchmarks.md
 * ("Cumulative start variables", "Handing polished plans back to HiGHS").
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { resolveRun } from '../../src/pipeline/resolve-run.js';
import { buildRunProgram } from '../../src/pipeline/plan-run.js';
import { START_FORMS, toStartForm, type StartForm } from '../../src/program/cumulative-starts.js';
import type { LinearProgram } from '../../src/program/linear-program.js';
import { HIGHS_MIP_HEURISTIC_EFFORT, toHighsArrays } from '../../src/solve/highs-engine.js';
import { loadHighsRuntime, runHighs, type HighsPolish } from '../../src/solve/highs-run.js';
import { verifySolution } from '../../src/solve/verify-solution.js';
import { findPortfolioStart } from './portfolio-heuristic.js';

/** The LP relaxation: every variable continuous (binaries keep their 0..1 bounds). */
function relaxed(program: LinearProgram): LinearProgram {
  return { ...program, variables: program.variables.map((variable) => ({ ...variable, kind: 'continuous' as const })) };
}

/** CPU seconds of this process so far (user + system, all threads). */
function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** One measurement: what was solved and how it went. */
export interface StartFormMeasurement {
  readonly form: StartForm;
  readonly seed: number;
  readonly lp: boolean;
  readonly relativeGap: number;
  readonly options: readonly string[];
  readonly status: string;
  readonly objective: number;
  readonly bound: number | null;
  readonly gap: number | null;
  readonly nodes: number | null;
  readonly cpuSeconds: number;
  readonly wallSeconds: number;
  readonly loadAverage: number;
  readonly columns: number;
  readonly rows: number;
  readonly nonzeros: number;
  readonly chains: number;
  /** 'ok' when the plan mapped back to the x-form passes verifySolution there, else its first violations. */
  readonly checked: 'ok' | readonly string[];
  /** The objective recomputed on the x-form program from the mapped-back plan. */
  readonly checkedObjective: number;
  /** With --polish: maximum-flow checks per polish, incumbents polished, plans handed back, the best of them, CPU s in the polish. */
  readonly polish?: { readonly moneyChecks: number; readonly polished: number; readonly handedBack: number; readonly bestHandedObjective: number | null; readonly cpuSeconds: number; readonly improvements: readonly string[] };
}

/** What to measure (the command line's options). */
export interface StartFormRequest {
  readonly form: StartForm;
  readonly seed?: number;
  /** Relative gap; default the model's own (engine.relative_gap). */
  readonly relativeGap?: number;
  /** Model folder or name; default the embedded default model. */
  readonly model?: string;
  readonly timeLimitSeconds?: number;
  /** Solve the LP relaxation only. */
  readonly lp?: boolean;
  /** Extra HiGHS options, `name=value`. */
  readonly options?: readonly string[];
  /**
   * Polish each HiGHS incumbent with the heuristic's local search (this many maximum-flow checks)
   * inside HiGHS's user-solution callback and hand a better plan back; 0 or absent for none.
   */
  readonly polishMoneyChecks?: number;
}

/** Build the program as `run` does, rewrite it in the form, solve it with HiGHS on this thread and check the plan in the x-form. */
export async function measureStartForm(request: StartFormRequest): Promise<StartFormMeasurement> {
  const { form } = request;
  if (!START_FORMS.includes(form)) throw new RangeError(`--form must be one of ${START_FORMS.join(', ')}`);
  const lp = request.lp ?? false;
  const seed = request.seed ?? 0;
  const run = await resolveRun(request.model === undefined ? {} : { model: request.model });
  const built = buildRunProgram(run);
  const relativeGap = request.relativeGap ?? run.engineOptions.relativeGap ?? 1e-4;
  const rewritten = toStartForm(built.program, form);
  const program = lp ? relaxed(rewritten.program) : rewritten.program;
  const options: Record<string, number | boolean> = {
    random_seed: seed,
    mip_rel_gap: relativeGap,
    time_limit: request.timeLimitSeconds ?? 300,
    ...(lp ? {} : { mip_heuristic_effort: HIGHS_MIP_HEURISTIC_EFFORT }),
  };
  for (const setting of request.options ?? []) {
    const [name, value] = setting.split('=');
    options[name] = value === 'true' ? true : value === 'false' ? false : Number(value);
  }
  const highs = await loadHighsRuntime();
  const model = toHighsArrays(program);
  const load = loadavg()[0];
  const cpuBefore = cpuSeconds();
  const wallBefore = performance.now();
  const polishMoneyChecks = request.polishMoneyChecks ?? 0;
  const layout = built.kind === 'portfolio' ? built.layout : null;
  let polishCpu = 0;
  const improvements: string[] = [];
  // The polish works on the x-form (the heuristic reads the program as built) and hands back the
  // plan in the run's form, checked on that form first.
  const polish: HighsPolish | undefined =
    polishMoneyChecks > 0 && !lp && layout !== null
      ? (incumbent) => {
          const before = cpuSeconds();
          try {
            const start = findPortfolioStart(built.program, layout, { initial: rewritten.toOriginalValues(Array.from(incumbent.values)), moneyChecks: polishMoneyChecks });
            if (!start.found) {
              improvements.push(`${incumbent.objective.toFixed(1)} -> none (${start.reason.slice(0, 60)})`);
              return null;
            }
            improvements.push(`${incumbent.objective.toFixed(1)} -> ${start.objective.toFixed(1)}`);
            const values = rewritten.fromOriginalValues(start.values as number[]);
            return verifySolution(program, values, null).ok ? Float64Array.from(values) : null;
          } finally {
            polishCpu += cpuSeconds() - before;
          }
        }
      : undefined;
  const result = runHighs(highs, { model, options, interruptAtEpochMilliseconds: null }, undefined, polish);
  const cpu = cpuSeconds() - cpuBefore;
  const wall = (performance.now() - wallBefore) / 1000;
  const originalValues = rewritten.toOriginalValues(Array.from(result.values));
  const check = verifySolution(lp ? relaxed(built.program) : built.program, originalValues, result.objective);
  const nonzeros = program.constraints.reduce((sum, row) => sum + row.terms.length, 0);
  return {
    form,
    seed,
    lp,
    relativeGap,
    options: request.options ?? [],
    status: result.codeName,
    objective: result.objective,
    bound: result.mipDualBound,
    gap: result.mipGap,
    nodes: result.nodes,
    cpuSeconds: Number(cpu.toFixed(2)),
    wallSeconds: Number(wall.toFixed(2)),
    loadAverage: Number(load.toFixed(2)),
    columns: program.variables.length,
    rows: program.constraints.length,
    nonzeros,
    chains: rewritten.chains.length,
    checked: check.ok ? 'ok' : check.violations.slice(0, 3),
    checkedObjective: check.objective,
    ...(result.polish
      ? { polish: { moneyChecks: polishMoneyChecks, ...result.polish, cpuSeconds: Number(polishCpu.toFixed(2)), improvements } }
      : {}),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      form: { type: 'string', default: 'single' },
      seed: { type: 'string', default: '0' },
      gap: { type: 'string' },
      model: { type: 'string' },
      'time-limit': { type: 'string', default: '300' },
      lp: { type: 'boolean', default: false },
      option: { type: 'string', multiple: true, default: [] },
      polish: { type: 'string', default: '0' },
    },
  });
  const measurement = await measureStartForm({
    form: values.form as StartForm,
    seed: Number(values.seed),
    ...(values.gap !== undefined ? { relativeGap: Number(values.gap) } : {}),
    ...(values.model !== undefined ? { model: values.model } : {}),
    timeLimitSeconds: Number(values['time-limit']),
    lp: values.lp,
    options: values.option ?? [],
    polishMoneyChecks: Number(values.polish),
  });
  process.stdout.write(JSON.stringify(measurement) + '\n');
}

// Run from the command line only; the test imports measureStartForm.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
