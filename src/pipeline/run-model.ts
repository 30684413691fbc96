/**
 * runModel: the whole pipeline behind `infraplan run` — resolveRun (load and validate the model,
 * apply the scenario), planRun (plan and check), then the report stage writes the run folder.
 * The CLI only parses, prints and exits.
 */
import { defaultReportsFolder, withOutputFolder } from '../files/output-folder.js';
import type { Plan, PlanKind } from '../plan/types.js';
import { keyFigures, type KeyFigures } from '../report/plan-figures.js';
import { writeRunFolder, type RunStep } from '../report/write-run.js';
import { lapsingMoney, moneyBalance, moneyCarriedPastHorizon, pricedNeed, pricedNeedWords, type CarriedPastHorizon, type LapsingMoney, type MoneyBalance } from '../report/summary-figures.js';
import type { CommandLineOverrides } from '../scenario/resolve-scenario.js';
import { hasSolution } from '../solve/engine.js';
import { InvalidInputError } from '../errors/problems.js';
import { COMMAND_LINE } from '../scenario/command-line-layer.js';
import { applyBaseline } from './baseline-run.js';
import { planRun } from './plan-run.js';
import { resolveRun, type ResolvedRun } from './resolve-run.js';
import { tableSourceNote } from '../dataset/load-model.js';

/** Every step of a run, in order, for progress display. */
export type RunModelStep = 'load' | 'scenario' | 'solve' | RunStep;

/** Options of runModel. */
export interface RunModelOptions {
  /** Model folder, model.xlsx or bare model name; undefined for the embedded default model. */
  readonly model?: string;
  /** Scenario file, or undefined for the baseline. */
  readonly scenarioPath?: string;
  /** Command-line overrides (--set, --solver, --time-limit, --gap, --budget-scale). */
  readonly commandLine?: CommandLineOverrides;
  /** Formulation; default portfolio. */
  readonly formulation?: PlanKind;
  /** Folder the run folder is created in; default `<cwd>/reports`. */
  readonly outDir?: string;
  /** Replace an existing run folder of the same name. */
  readonly force?: boolean;
  /** Called as each step starts; the solve step also gets the engine settings it will use (progress words: the gap and time limit). */
  readonly onStep?: (step: RunModelStep, engineOptions?: ResolvedRun['engineOptions']) => void;
  /** Clock (tests pin it); default the system clock. */
  readonly now?: () => Date;
  /** Called with a sentence for each thing recovered from an earlier interrupted run into outDir. */
  readonly onNote?: (note: string) => void;
  /** `--baseline`: a run folder or plan.json whose decisions the plan stays close to (portfolio only). */
  readonly baselinePath?: string;
  /** `--lock-years`: the baseline's first N years held. */
  readonly lockYears?: number;
}

/** What runModel returns. */
export interface RunModelResult {
  /** The run folder written, or null when the solve found no plan (infeasible, error, no solution in time). */
  readonly runFolder: string | null;
  /** The plan (with its status). */
  readonly plan: Plan;
  /** Headline figures of the plan. */
  readonly figures: KeyFigures;
  /** Money of sources without carry-over that the plan leaves unspent, per source and year (empty without a plan). */
  readonly lapses: readonly LapsingMoney[];
  /** Money of carry-over sources carried out of the horizon's last year, per source (empty without a plan). */
  readonly carriedPastHorizon?: readonly CarriedPastHorizon[];
  /** Capital envelopes = spent + lapses + carried past the horizon (null without a plan). */
  readonly capitalBalance?: MoneyBalance | null;
  /** For the allocation: the sentence saying the priced need is smaller than the envelopes, or null. */
  readonly pricedNeedNote: string | null;
}

/** Run the pipeline and write the run folder. Throws InvalidInputError for bad input and RunFolderExistsError without force. */
export async function runModel(options: RunModelOptions = {}): Promise<RunModelResult> {
  // A bad --out is reported before the solve, not after it; a run that fails or is interrupted leaves no empty folder it created.
  return withOutputFolder(options.outDir ?? defaultReportsFolder(), options.onNote ? { onNote: options.onNote } : {}, () => runModelInFolder(options));
}

/** runModel once its output folder is ready. */
async function runModelInFolder(options: RunModelOptions): Promise<RunModelResult> {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const resolved = await resolveRun({
    ...(options.model !== undefined ? { model: options.model } : {}),
    ...(options.scenarioPath !== undefined ? { scenarioPath: options.scenarioPath } : {}),
    ...(options.commandLine !== undefined ? { commandLine: options.commandLine } : {}),
  }, options.onStep ? (step) => options.onStep?.(step) : undefined);
  // Which of the CSV files and model.xlsx was read, when a folder holds both.
  const tablesNote = tableSourceNote(resolved.model);
  if (tablesNote !== null) options.onNote?.(tablesNote);
  const formulation = options.formulation ?? 'portfolio';
  if (formulation !== 'portfolio' && options.baselinePath !== undefined) {
    throw new InvalidInputError([{ file: COMMAND_LINE, row: null, column: '--baseline', message: 'works with the portfolio formulation only: the allocation funds no projects' }]);
  }
  const { run, baseline } = await applyBaseline(resolved, {
    ...(options.baselinePath !== undefined ? { baselinePath: options.baselinePath } : {}),
    ...(options.lockYears !== undefined ? { lockYears: options.lockYears } : {}),
  });
  options.onStep?.('solve', run.engineOptions);
  const { plan, indices, dataset: plannedDataset, masterPlan } = await planRun(run, { formulation, ...(baseline !== null ? { baseline } : {}) });
  // The register planned (with the master plan's generated rows) is the one the reports list.
  const dataset = plannedDataset ?? run.dataset;
  const figures = keyFigures(plan, dataset);
  if (!hasSolution(plan)) return { runFolder: null, plan, figures, lapses: [], carriedPastHorizon: [], capitalBalance: null, pricedNeedNote: null };
  const lapses = lapsingMoney(plan, dataset);
  const carriedPastHorizon = moneyCarriedPastHorizon(plan, dataset);
  const capitalBalance = moneyBalance(plan, dataset, 'capital');
  const pricedNeedNote = pricedNeedWords(pricedNeed(plan, dataset));
  const runFolder = await writeRunFolder(
    { plan, dataset, indices, ...(masterPlan !== undefined ? { masterPlan } : {}), modelPath: run.modelPath, scenarioPath: run.scenarioPath, startedAt },
    {
      outDir: options.outDir ?? defaultReportsFolder(),
      ...(options.force !== undefined ? { force: options.force } : {}),
      ...(options.onStep ? { onStep: options.onStep } : {}),
      ...(options.onNote ? { onNote: options.onNote } : {}),
      now,
    },
  );
  return { runFolder, plan, figures, lapses, carriedPastHorizon, capitalBalance, pricedNeedNote };
}
