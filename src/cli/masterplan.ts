/**
 * `infraplan masterplan [model] [--scenario] [--json] [--out]`: the bulk master plan of a model —
 * projection, demand against capacity per asset, shortfall years and the generated upgrades — as a
 * workbook with one printable support plan per municipality, a JSON file and two charts, or as JSON
 * on stdout. It plans no budget: `run` does that, from the same master plan.
 */
import type { Argv, CommandModule } from 'yargs';
import { formatProblem } from '../errors/problems.js';
import { defaultReportsFolder } from '../files/output-folder.js';
import { buildDatasetMasterPlan, type DatasetMasterPlan } from '../masterplan/apply-master-plan.js';
import { resolveRun } from '../pipeline/resolve-run.js';
import { toJsonText } from '../report/json-output.js';
import { masterPlanDocument, writeMasterPlanFolder } from '../report/write-masterplan.js';
import { formatFinancialYear } from '../dataset/financial-year.js';
import { formatRandMillion } from '../dataset/money-text.js';
import type { ScenarioArguments } from '../scenario/cli-options.js';
import { runRequestFromArgv, scenarioOptionsWithoutSolverOrBudget } from './run-request.js';

/** Arguments of `masterplan`. */
export interface MasterPlanArguments extends ScenarioArguments {
  /** Model folder, workbook or bare model name; default the embedded western-cape model. */
  readonly model?: string;
  /** Print the master plan as JSON instead of writing the folder. */
  readonly json?: boolean;
  /** Folder the master plan folder is written in; default ./reports. */
  readonly out?: string;
  /** Replace an existing folder of the same name. */
  readonly force?: boolean;
}

/** `4 backlog projects`, `1 capacity upgrade`: a count and its noun, plural without "(s)". */
function countOf(count: number, singular: string, plural: string): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/**
 * A short summary for the terminal: one line per municipality with the first year each asset falls
 * short of demand and the projects the master plan generates (capacity upgrades and backlog
 * projects apart, with their capex), e.g. `WC011: first shortfall year: raw water source 2029/30,
 * …; 9 capacity upgrades and 2 backlog projects (R268.6 million)`, or `WC022: no capacity
 * shortfall; 4 backlog projects (R132.4 million)`.
 */
export function formatMasterPlanSummary(result: DatasetMasterPlan): string[] {
  const { masterPlan } = result;
  const lines = [
    `bulk master plan ${formatFinancialYear(masterPlan.baseFinancialYear)}–${formatFinancialYear(masterPlan.lastHorizonYear)} (projected to ${formatFinancialYear(masterPlan.years[masterPlan.years.length - 1])}); figures are illustrative planning estimates`,
    // Said once: the year beside each asset is when demand first exceeds its capacity, not when a project starts.
    'per municipality: the first year each bulk asset falls short of demand (without new projects), and the projects generated to close the shortfalls and the backlog',
  ];
  for (const projection of masterPlan.projections) {
    const balances = masterPlan.balances.filter((balance) => balance.municipalityCode === projection.municipalityCode && balance.shortfallYear !== null);
    const generated = masterPlan.merge.rows.flatMap((row) => (row.origin === 'masterplan' && row.project.municipalityCode === projection.municipalityCode ? [row.project] : []));
    const capexRand = generated.reduce((sum, project) => sum + project.capexRand, 0);
    const shortfalls = balances.length === 0 ? 'no capacity shortfall' : `first shortfall year: ${balances.map((balance) => `${balance.assetType.replace(/_/g, ' ')} ${formatFinancialYear(balance.shortfallYear as number)}`).join(', ')}`;
    const upgrades = generated.filter((project) => project.kind === 'capacity_upgrade').length;
    const backlog = generated.length - upgrades;
    const counts = [...(upgrades > 0 ? [countOf(upgrades, 'capacity upgrade', 'capacity upgrades')] : []), ...(backlog > 0 ? [countOf(backlog, 'backlog project', 'backlog projects')] : [])];
    const projects = counts.length === 0 ? 'no projects generated' : `${counts.join(' and ')} (${formatRandMillion(capexRand)})`;
    lines.push(`  ${projection.municipalityCode}: ${shortfalls}; ${projects}`);
  }
  for (const note of result.notes) lines.push(`note: ${note}`);
  for (const warning of result.warnings) lines.push(`warning: ${formatProblem(warning)}`);
  return lines;
}

/** The `masterplan` command. */
export const masterplanCommand: CommandModule<object, MasterPlanArguments> = {
  command: 'masterplan [model]',
  describe: 'Bulk master plan: demand against capacity year by year, shortfall years and generated upgrades, with a support plan per municipality',
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('model', { type: 'string', describe: 'Model folder, model.xlsx, model.yaml, or the name of an embedded model (default: western-cape)' })
      // No solver settings and no --budget-scale: the master plan solves nothing and spends no budget (run-request.ts).
      .options(scenarioOptionsWithoutSolverOrBudget)
      .option('json', { type: 'boolean', default: false, describe: 'Print the master plan as JSON instead of writing the folder' })
      .option('out', { type: 'string', describe: 'Folder the master plan folder is written in (default: ./reports)' })
      .option('force', { type: 'boolean', default: false, describe: 'Replace an existing folder of the same name' })
      .example('$0 masterplan', 'Master plan of the embedded Western Cape model into ./reports')
      .example('$0 masterplan tests/fixtures/masterplan --json', 'Print a model\'s master plan as JSON') as unknown as Argv<MasterPlanArguments>,
  handler: async (argv) => {
    const startedAt = new Date();
    const run = await resolveRun(runRequestFromArgv(argv));
    const result = buildDatasetMasterPlan(run.dataset);
    if (argv.json) {
      process.stdout.write(toJsonText(masterPlanDocument(result, run.dataset, run.scenarioName, run.overridesApplied)));
      return;
    }
    const folder = await writeMasterPlanFolder(result, run.dataset, run.scenarioName, run.overridesApplied, {
      outDir: argv.out ?? defaultReportsFolder(),
      force: argv.force ?? false,
      startedAt,
    });
    process.stdout.write(`${formatMasterPlanSummary(result).join('\n')}\nwrote ${folder}\n`);
  },
};
