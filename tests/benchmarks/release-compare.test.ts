/**
 * bench/release-compare.ts and the issue-14 table (pure parts): which previous release the bench
 * picks, how a call is fitted to an older release's `--help`, the ratios and columns of a row, and
 * the markdown table that shows them beside the issue's own figures.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { choosePreviousRef, fitCallToHelp, isHelpOfCommand, optionNamesOfHelp, previousColumnsOf, ratioOf, readCommandHelp, readGitFacts, tagsOfListing, wordsOfCall, type CliCall, type ProcessTiming } from '../../bench/release-compare.js';
import { workingSpeedMarkdown, type WorkingSpeedResult } from '../../bench/issue14-targets.js';
import { deferredProjectOf, issue14CliCases, writeModelWithUnfundableProject } from '../../bench/issue14-cli-cases.js';
import { loadModel } from '../../src/dataset/load-model.js';

const ROOT = path.resolve('.');
/** The current CLI's help per command, read once for the file (each read starts the CLI). */
const currentHelp = new Map<string, ReturnType<typeof readCommandHelp>>();
function currentHelpOf(command: string): ReturnType<typeof readCommandHelp> {
  if (!currentHelp.has(command)) currentHelp.set(command, readCommandHelp(ROOT, command));
  return currentHelp.get(command) as ReturnType<typeof readCommandHelp>;
}
const scratch = mkdtempSync(path.join(tmpdir(), 'infraplan-release-compare-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('choosing the previous release', () => {
  const git = { isGitCheckout: true, tagsNewestFirst: ['v0.10.0', 'v0.9.1', 'v0.2.0'] };

  it('takes the newest v* tag by default, as git sorts them by version', () => {
    // git tag --sort=-v:refname puts v0.10.0 before v0.9.1 (a plain string sort would not).
    const listing = execFileSync('git', ['tag', '--list', 'v*', '--sort=-v:refname'], { cwd: initTagRepo(['v0.2.0', 'v0.9.1', 'v0.10.0']), encoding: 'utf8' });
    expect(tagsOfListing(listing)).toEqual(['v0.10.0', 'v0.9.1', 'v0.2.0']);
    expect(choosePreviousRef({ previousOption: undefined, noPrevious: false }, git)).toMatchObject({ ref: 'v0.10.0' });
  });

  it('uses --previous as given, and none or --no-previous for no comparison', () => {
    expect(choosePreviousRef({ previousOption: 'HEAD~3', noPrevious: false }, git)).toMatchObject({ ref: 'HEAD~3' });
    const none = choosePreviousRef({ previousOption: 'none', noPrevious: false }, git);
    expect(none.ref).toBeNull();
    expect(none.reason).toContain("issue's figures");
    expect(choosePreviousRef({ previousOption: 'v0.9.1', noPrevious: true }, git)).toMatchObject({ ref: null, reason: expect.stringContaining('--no-previous') });
  });

  it('falls back to the issue figures without a tag or outside a git checkout', () => {
    expect(choosePreviousRef({ previousOption: undefined, noPrevious: false }, { isGitCheckout: true, tagsNewestFirst: [] })).toMatchObject({ ref: null, reason: expect.stringContaining('no tag matching v*') });
    const outside = readGitFacts(scratch);
    expect(outside).toEqual({ isGitCheckout: false, tagsNewestFirst: [] });
    expect(choosePreviousRef({ previousOption: 'v0.1.0', noPrevious: false }, outside)).toMatchObject({ ref: null, reason: expect.stringContaining('not a git checkout') });
    expect(readGitFacts(ROOT).isGitCheckout).toBe(true);
  });
});

/** A throwaway repository with one commit and these tags. */
function initTagRepo(tags: readonly string[]): string {
  const folder = mkdtempSync(path.join(scratch, 'tags-'));
  const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.name=bench test', '-c', 'user.email=bench@example.invalid', ...args], { cwd: folder, encoding: 'utf8' });
  git('init', '-q');
  git('commit', '-q', '--allow-empty', '-m', 'empty');
  for (const tag of tags) git('tag', tag);
  return folder;
}

describe('fitting a call to a release', () => {
  // The shape yargs prints (infraplan explain --help, shortened), with an example line that starts with a flag.
  const oldExplainHelp = [
    'infraplan explain [model]',
    '',
    'For each deferred project, the cheapest change that funds it',
    '',
    'Positionals:',
    '  model  Model folder, model.xlsx or model name                                    [string]',
    '',
    'Options:',
    '      --debug         Print stack traces for errors                 [boolean] [default: false]',
    '      --gap           Relative MIP gap at which the solver may stop, e.g. 0.005 for 0.5% (default: the model\'s',
    '                      engine.relative_gap)                                              [number]',
    '      --project       Explain only this deferred project (repeatable)                    [array]',
    '      --top           Explain only the N deferred projects with the highest benefit     [number]',
    '  -h, --help          Show help                                                        [boolean]',
    '',
    'Examples:',
    '  infraplan explain --project WC011-T-01 --baseline     One deferred project of the default model',
    '  --workers 2                                           (wrapped example)',
  ].join('\n');

  it('reads the option names of the options section only', () => {
    expect([...optionNamesOfHelp(oldExplainHelp)].sort()).toEqual(['debug', 'gap', 'help', 'project', 'top']);
    expect(isHelpOfCommand(oldExplainHelp, 'explain')).toBe(true);
    expect(isHelpOfCommand(oldExplainHelp, 'stress')).toBe(false);
  });

  it('reads every option of the current CLI help (readCommandHelp)', () => {
    const names = currentHelpOf('explain').optionNames ?? new Set<string>();
    for (const name of ['baseline', 'project', 'top', 'workers', 'gap', 'json', 'out', 'help']) expect(names.has(name)).toBe(true);
  });

  const call: CliCall = {
    command: 'explain',
    positionals: ['/models/western-cape'],
    options: [
      { name: 'project', values: ['WC011-T-01', 'WC011-S-01'], essential: true },
      { name: 'workers', values: ['2'], essential: false },
      { name: 'debug', values: [], essential: false },
    ],
  };

  it('drops an option the release does not know, with its value', () => {
    const fitted = fitCallToHelp(call, { command: 'explain', optionNames: optionNamesOfHelp(oldExplainHelp) });
    expect(fitted).toEqual({ comparable: true, argv: ['explain', '/models/western-cape', '--project', 'WC011-T-01', '--project', 'WC011-S-01', '--debug'], dropped: ['--workers'] });
  });

  it('writes a call for a note with folders shortened to their last part', () => {
    expect(wordsOfCall({ ...call, options: [...call.options, { name: 'baseline', values: ['/tmp/runs/western-cape-baseline-1'], essential: true }] })).toBe('explain western-cape --project WC011-T-01 --project WC011-S-01 --workers 2 --debug --baseline western-cape-baseline-1');
  });

  it('marks the case not comparable when an essential option or the command is unknown', () => {
    const withBaseline: CliCall = { ...call, options: [...call.options, { name: 'baseline', values: ['/runs/first'], essential: true }] };
    expect(fitCallToHelp(withBaseline, { command: 'explain', optionNames: optionNamesOfHelp(oldExplainHelp) })).toEqual({ comparable: false, reason: 'the release does not know --baseline' });
    expect(fitCallToHelp(call, { command: 'explain', optionNames: null })).toEqual({ comparable: false, reason: 'the release has no `explain` command' });
  });
});

describe('the previous-release columns and the table', () => {
  const timing = (wallSeconds: number, cpuSeconds: number | null, exitCode: number | null = 0, stderrTail = ''): ProcessTiming => ({ wallSeconds, cpuSeconds, exitCode, stderrTail });

  it('divides the current command by the previous one, wall and CPU', () => {
    const columns = previousColumnsOf('v0.1.0', { previous: timing(40, 70), current: timing(30, 50), notes: ['the previous release does not know --workers: dropped'] }, 'sweep western-cape --budget-scale 0.6:1.4:9', 'unused');
    expect(columns).toMatchObject({ previousRef: 'v0.1.0', previousSeconds: 40, previousCpuSeconds: 70, currentCommandSeconds: 30, currentCommandCpuSeconds: 50 });
    expect(columns.ratioToPrevious).toBeCloseTo(0.75, 12);
    expect(columns.cpuRatioToPrevious).toBeCloseTo(50 / 70, 12);
    expect(columns.previousNote).toBe('`sweep western-cape --budget-scale 0.6:1.4:9`; the previous release does not know --workers: dropped');
    expect(ratioOf(3, 0)).toBeNull();
    expect(ratioOf(null, 2)).toBeNull();
  });

  it('gives a failed process no figure and says why', () => {
    const columns = previousColumnsOf('v0.1.0', { previous: timing(2, 1, 1, 'loading…\nerror: projects.csv row 3: unknown column origin\n'), current: timing(30, null), notes: [] }, 'run western-cape', 'unused');
    expect(columns.previousSeconds).toBeNull();
    expect(columns.ratioToPrevious).toBeNull();
    expect(columns.currentCommandSeconds).toBe(30);
    expect(columns.previousNote).toContain('v0.1.0 exited 1: error: projects.csv row 3: unknown column origin');
    expect(columns.previousNote).toContain('wall seconds only');
  });

  it('keeps the fallback reason when there is no previous release', () => {
    const columns = previousColumnsOf(null, null, '', "no tag matching v*; the issue's figures are the only comparison");
    expect(columns).toMatchObject({ previousRef: null, previousSeconds: null, ratioToPrevious: null, previousNote: "no tag matching v*; the issue's figures are the only comparison" });
  });

  const baseRow: WorkingSpeedResult = { id: 'issue14-sweep-9', target: 'sweep of 9 points ≤ 60 s', measured: 24.6, limit: 60, ratioToTarget: 0.41, before: 280.8, ratioToBefore: 24.6 / 280.8, nativeHighsSeconds: null, note: 'gap 0.01' };

  it('writes the previous release, the current command and the issue figure as separate columns', () => {
    const row: WorkingSpeedResult = { ...baseRow, ...previousColumnsOf('v0.1.0', { previous: timing(40, 70), current: timing(30, 50), notes: [] }, 'sweep western-cape', 'unused') };
    const lines = workingSpeedMarkdown([row], { ref: 'v0.1.0', commit: '25806ff45ae457bb81c9651caa9c487e07a2932c', reason: 'the newest v* tag', nodeModules: 'copied', cpuMethod: 'cutime' });
    const header = lines.find((line) => line.startsWith('| case'));
    const cells = (line: string): string[] => line.split('|').slice(1, -1).map((cell) => cell.trim());
    const columns = cells(header ?? '');
    expect(columns).toEqual(['case', 'target', 'measured', 'ratio to target', 'met', 'previous release s', 'current command s', 'ratio to previous', "issue's before", "ratio to issue's before", 'native HiGHS s', 'note']);
    const values = cells(lines.find((line) => line.startsWith('| issue14-sweep-9')) ?? '');
    const at = (name: string): string => values[columns.indexOf(name)];
    expect(at('previous release s')).toBe('v0.1.0: 40.00 (70.0 CPU)');
    expect(at('current command s')).toBe('30.00 (50.0 CPU)');
    expect(at('ratio to previous')).toBe('0.75 (0.71)');
    expect(at("issue's before")).toBe('280.8');
    expect(at("ratio to issue's before")).toBe('0.09');
    expect(at('met')).toBe('yes');
    expect(at('note')).toBe('gap 0.01; previous release: `sweep western-cape`');
    expect(lines.join('\n')).toContain('Previous release: `v0.1.0` (25806ff');
  });

  it('says so when no previous release was measured, and reads rows written before the columns existed', () => {
    const lines = workingSpeedMarkdown([baseRow], { ref: null, commit: null, reason: "--no-previous: no previous release measured; the issue's figures are the only comparison", nodeModules: null, cpuMethod: 'cutime' });
    expect(lines.join('\n')).toContain("No previous release was measured: --no-previous: no previous release measured; the issue's figures are the only comparison.");
    const row = lines.find((line) => line.startsWith('| issue14-sweep-9')) ?? '';
    expect(row).toContain('| – | – | – | 280.8 |');
  });
});

describe('the issue-14 command-line inputs', () => {
  it('adds one valid, unfundable project to a copy of the model', async () => {
    const copy = writeModelWithUnfundableProject(path.join(ROOT, 'tests', 'fixtures', 'tiny'), path.join(scratch, 'tiny-plus-one'));
    const original = await loadModel(path.join(ROOT, 'tests', 'fixtures', 'tiny'));
    const changed = await loadModel(copy);
    expect(changed.projects.length).toBe(original.projects.length + 1);
    const added = changed.projects.find((project) => project.id.endsWith('-BENCH'));
    expect(added).toMatchObject({ householdsServed: 0, capexRand: 400_000_000, status: 'candidate', prerequisiteIds: [], exclusiveGroup: null });
    const rows = parse(readFileSync(path.join(copy, 'projects.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBe(original.projects.length + 1);
  });

  it('builds every issue-14 command line from options the current CLI knows', async () => {
    const side = { label: 'current' as const, folder: ROOT, scratchFolder: path.join(scratch, 'side') };
    // A run folder as issue14-run leaves it, so the explain cases need no run of their own.
    mkdirSync(path.join(side.scratchFolder, 'issue14-run', 'western-cape-baseline-1'), { recursive: true });
    writeFileSync(path.join(side.scratchFolder, 'issue14-run', 'western-cape-baseline-1', 'plan.json'), JSON.stringify({ plan: { projects: [{ id: 'WC011-T-01', funded: false, deferralReason: 'budget' }] } }));
    const model = path.join(ROOT, 'models', 'western-cape');
    const cases = issue14CliCases(model, path.join(scratch, 'shared'), () => true, () => {});
    expect(cases.map((compared) => compared.id)).toEqual(['issue14-run', 'issue14-stability', 'issue14-explain-project', 'issue14-explain-top10', 'issue14-stress-100', 'issue14-sweep-9']);
    for (const compared of cases) {
      const call = await compared.call(side);
      const fitted = fitCallToHelp(call, currentHelpOf(call.command));
      expect(fitted, compared.id).toMatchObject({ comparable: true, dropped: [] });
    }
    // The stability case's model is the default model with one more project (that such a copy loads is checked on tiny above).
    const stability = await cases[1].call(side);
    const projectRows = (folder: string): number => (parse(readFileSync(path.join(folder, 'projects.csv'), 'utf8'), { columns: true }) as unknown[]).length;
    expect(projectRows(stability.positionals[0])).toBe(projectRows(model) + 1);
    const explain = await cases[2].call(side);
    expect(explain.options.find((option) => option.name === 'project')?.values).toEqual(['WC011-T-01']);
    expect(explain.options.find((option) => option.name === 'baseline')?.values).toEqual([path.join(side.scratchFolder, 'issue14-run', 'western-cape-baseline-1')]);
    expect(issue14CliCases(model, scratch, (id) => id === 'issue14-sweep-9', () => {}).map((compared) => compared.id)).toEqual(['issue14-sweep-9']);
  });

  it('makes the run folder an explain case starts from with that release\'s own run when issue14-run did not', async () => {
    const side = { label: 'current' as const, folder: ROOT, scratchFolder: path.join(scratch, 'side-unprepared') };
    const tiny = path.join(ROOT, 'tests', 'fixtures', 'tiny');
    mkdirSync(side.scratchFolder, { recursive: true });
    const [explainProject, explainTop] = issue14CliCases(tiny, path.join(scratch, 'shared-tiny'), (id) => id.startsWith('issue14-explain'), () => {});
    const call = await explainProject.call(side);
    const baseline = call.options.find((option) => option.name === 'baseline')?.values[0] ?? '';
    expect(path.dirname(baseline)).toBe(path.join(side.scratchFolder, 'issue14-prepare'));
    expect(existsSync(path.join(baseline, 'plan.json'))).toBe(true);
    // tiny's plan defers WC012-S-01 for money (WC011-S-01 is funded): the in-process rule's pick.
    expect(call.options.find((option) => option.name === 'project')?.values).toEqual([deferredProjectOf(path.join(baseline, 'plan.json'))]);
    expect(deferredProjectOf(path.join(baseline, 'plan.json'))).toBe('WC012-S-01');
    // The second case reuses the folder rather than running again.
    expect((await explainTop.call(side)).options.find((option) => option.name === 'baseline')?.values).toEqual([baseline]);
  });

  it('picks the deferred project the in-process case explains', () => {
    const planPath = path.join(scratch, 'plan.json');
    const write = (projects: unknown[]): string => {
      writeFileSync(planPath, JSON.stringify({ plan: { projects } }));
      return planPath;
    };
    expect(deferredProjectOf(write([{ id: 'A', funded: false, deferralReason: 'policy' }, { id: 'B', funded: false, deferralReason: 'budget' }]))).toBe('B');
    expect(deferredProjectOf(write([{ id: 'B', funded: false, deferralReason: 'budget' }, { id: 'WC011-S-01', funded: false, deferralReason: 'policy' }]))).toBe('WC011-S-01');
    expect(deferredProjectOf(write([{ id: 'A', funded: true, deferralReason: null }]))).toBeNull();
  });
});
