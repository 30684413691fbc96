/**
 * `infraplan collect`: take returned forms into the central database and write a change report;
 * decide on returns held for a decision; list what the database holds. The work is done in
 * src/returns/collect-returns.ts; this file parses options and prints.
 *
 * Exit 0 when every return was accepted or held for a decision, 1 when one was refused (it is
 * still recorded, with its problems) or the input is invalid.
 */
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { resolveRun } from '../pipeline/resolve-run.js';
import { InvalidInputError } from '../errors/problems.js';
import { modelTablesFromDataset } from '../dataset/write-model.js';
import { utcStamp } from '../report/write-run.js';
import { countChanges } from '../returns/changes.js';
import { writeChangeReport } from '../returns/change-report.js';
import { StoreUseError, collectReturns, decideSubmission, ensureStoreModel, unreadableReturnFiles, type CollectedReturn } from '../returns/collect-returns.js';
import { formatReturnProblem } from '../returns/return-problem.js';
import { modelStateAt } from '../store/model-state.js';
import { ReturnStore, type SubmissionRecord } from '../store/store.js';
import { DatabaseUnavailableError, sqliteEnvironmentError, type OpenDatabaseOptions } from '../store/database.js';
import { prepareOutputFile } from '../files/output-folder.js';
import { OutputWriteError } from '../files/write-errors.js';
import { printNote } from './exit.js';
import { describeRecordedOnInterrupt } from './interrupts.js';
import { EXIT_CRASH, EXIT_INVALID, EXIT_OK, UserFacingError } from '../errors/exit-codes.js';

/** The database file used when --db is not given. */
export const DEFAULT_DATABASE_FILE = 'infraplan.sqlite';

/** Arguments of `collect`. */
interface CollectArguments {
  /** Return files. */
  readonly returns?: string[];
  /** Database file. */
  readonly db: string;
  /** The model the returns are for; needed only for a new database. */
  readonly model?: string;
  /** Change report file. */
  readonly report?: string;
  /** Accept the submission with this number. */
  readonly accept?: number;
  /** Refuse the submission with this number. */
  readonly refuse?: number;
  /** Why (for --accept / --refuse). */
  readonly reason?: string;
  /** Who decides (for --accept / --refuse). */
  readonly by?: string;
  /** List the submissions. */
  readonly list: boolean;
}

/** `3 added, 1 removed, 2 changed`. */
function changeWords(collected: Pick<CollectedReturn, 'changes'>): string {
  const counts = countChanges(collected.changes);
  return `${counts.added} added, ${counts.removed} removed, ${counts.changed} changed`;
}

/**
 * The name each return is printed under: its file name, or the path as given when two returns of
 * the batch share a file name (two folders of `WC045-return.xlsx` printed as one, review u5, finding 7).
 */
export function returnLabels(returns: readonly Pick<CollectedReturn, 'filePath' | 'submission'>[]): string[] {
  const count = new Map<string, number>();
  for (const collected of returns) count.set(collected.submission.fileName, (count.get(collected.submission.fileName) ?? 0) + 1);
  return returns.map((collected) => ((count.get(collected.submission.fileName) ?? 0) > 1 ? collected.filePath : collected.submission.fileName));
}

/** The lines printed for one collected return, under `label` (default its file name). */
export function formatCollected(collected: CollectedReturn, label: string = collected.submission.fileName): string[] {
  const submission = { ...collected.submission, fileName: label };
  const who = submission.covers.length > 0 ? ` (${submission.covers.join(', ')})` : '';
  if (submission.status === 'refused') {
    return [
      `${submission.fileName}: refused as submission ${submission.id}${who}; the model is unchanged:`,
      ...collected.problems.map((problem) => `  - ${formatReturnProblem(problem)}`),
      ...collected.notes.map((note) => `  note: ${note}`),
    ];
  }
  const lines =
    submission.status === 'accepted'
      ? [`${submission.fileName}: accepted as submission ${submission.id}${who}: ${changeWords(collected)}`]
      : [`${submission.fileName}: pending a decision as submission ${submission.id}${who}, would make ${changeWords(collected)}; the model is unchanged:`, `  - ${submission.reason}`];
  return [...lines, ...collected.notes.map((note) => `  note: ${note}`), ...collected.warnings.map((warning) => `  warning: ${formatReturnProblem(warning)}`)];
}

/** Characters of the longest status, `pending-decision`. */
const LISTED_STATUS_CHARS = 'pending-decision'.length;

/** One line per submission for --list. */
function formatListed(submission: SubmissionRecord): string {
  const decision = submission.decision === null ? '' : `, then ${submission.decision.decision} on ${submission.decision.decidedAt.slice(0, 10)} by ${submission.decision.decidedBy}`;
  // The status padded to the longest, so the file names line up (review u5, finding 9); times are UTC, as stored.
  return `  ${String(submission.id).padStart(4)}  ${submission.receivedAt.slice(0, 19).replace('T', ' ')} UTC  ${(submission.submitterId ?? '-').padEnd(12)}  ${`${submission.status}${decision}`.padEnd(LISTED_STATUS_CHARS)}  ${submission.fileName}`;
}

/**
 * Open the central database for a command. A missing SQLite module is the installation's problem,
 * not a bug: it is said plainly, with exit code 2, and without the plea to report a crash.
 */
export function openStoreForCommand(file: string, options: OpenDatabaseOptions = {}): ReturnStore {
  try {
    return ReturnStore.open(file, options);
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) throw new UserFacingError(error.message, EXIT_CRASH);
    throw error;
  }
}

/** Run a store action, turning store misuse into a user-facing error. */
async function withStore<Result>(file: string, options: OpenDatabaseOptions, action: (store: ReturnStore) => Promise<Result> | Result): Promise<Result> {
  const store = openStoreForCommand(file, options);
  let failure: unknown = null;
  try {
    return await action(store);
  } catch (error) {
    failure = error;
    if (error instanceof StoreUseError) throw new UserFacingError(error.message);
    // A full disk under SQLite is the environment's: say so naming the database (each write is one transaction).
    throw sqliteEnvironmentError(error, file, `the database ${file} keeps its last committed state`) ?? error;
  } finally {
    try {
      store.close();
    } catch (error) {
      // Closing folds the write-ahead log back; on a full disk the log keeps the commits and SQLite replays it.
      if (failure === null) throw sqliteEnvironmentError(error, file, `the database ${file} keeps every commit in its write-ahead log`) ?? error;
    }
  }
}

/**
 * The account that takes a decision: the operating system's user name (from the user database, so
 * it is found where USER is not set, as under cron or in a container), else USER or USERNAME; null
 * when there is none, and then --by is required.
 */
function decidingUser(): string | null {
  let name: string | undefined;
  try {
    name = userInfo().username;
  } catch {
    // No entry for this uid (a container's arbitrary uid): fall back to the environment.
  }
  const found = [name, process.env.USER, process.env.USERNAME].find((candidate) => candidate !== undefined && candidate.trim() !== '');
  return found?.trim() ?? null;
}

/** yargs module for `collect`. */
export const collectCommand: CommandModule<object, CollectArguments> = {
  command: 'collect [returns..]',
  describe: 'Take returned forms into the central database, record every one, and write a change report',
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('returns', { type: 'string', array: true, describe: 'Returned forms (.xlsx)' })
      .option('db', { type: 'string', default: DEFAULT_DATABASE_FILE, requiresArg: true, describe: 'The central database file (created with the first collect)' })
      .option('model', { type: 'string', requiresArg: true, describe: 'The model the returns are for; needed only when the database is new' })
      .option('report', { type: 'string', requiresArg: true, describe: 'Change report file (default: change-report-<UTC time>.xlsx beside the database)' })
      .option('accept', { type: 'number', requiresArg: true, describe: 'Accept the submission with this number, held for a decision' })
      .option('refuse', { type: 'number', requiresArg: true, describe: 'Refuse the submission with this number, held for a decision' })
      .option('reason', { type: 'string', requiresArg: true, describe: 'Why, with --accept or --refuse (required: it is recorded with the decision)' })
      .option('by', { type: 'string', requiresArg: true, describe: 'Who decides, with --accept or --refuse (default: the operating system user name)' })
      .option('list', { type: 'boolean', default: false, describe: 'List the submissions the database holds' })
      .example('$0 collect returns/*.xlsx --db returns.sqlite --model western-cape', 'Collect into a new database for the Western Cape model')
      .example('$0 collect WC044-return.xlsx --db returns.sqlite', 'Collect one more return')
      .example('$0 collect --accept 12 --reason "confirmed by the municipal manager" --db returns.sqlite', 'Accept a return held for a decision')
      .example('$0 collect --refuse 13 --reason "superseded by the corrected return" --by "T. Nkosi" --db returns.sqlite', 'Refuse one, naming who decides') as unknown as Argv<CollectArguments>,
  handler: async (argv) => {
    const files = argv.returns ?? [];
    const actions = [files.length > 0, argv.accept !== undefined, argv.refuse !== undefined, argv.list].filter(Boolean).length;
    if (actions !== 1) {
      throw new InvalidInputError([{ file: 'command line', row: null, column: null, message: 'give return files, or one of --accept N, --refuse N or --list' }]);
    }
    if (argv.list) {
      // Listing only reads: a read-only file, or one on a read-only shared drive, can be listed.
      await withStore(argv.db, { readOnly: true }, (store) => {
        const state = modelStateAt(store);
        const submissions = store.submissions();
        process.stdout.write(
          `${argv.db}: model ${state?.version.modelName ?? '(none)'} version ${state?.version.id ?? '-'}, ${submissions.length} submission${submissions.length === 1 ? '' : 's'}\n` +
            submissions.map((submission) => `${formatListed(submission)}\n`).join(''),
        );
      });
      process.exitCode = EXIT_OK;
      return;
    }
    const decided = argv.accept ?? argv.refuse;
    if (decided !== undefined) {
      if (!Number.isInteger(decided) || decided < 1) throw new InvalidInputError([{ file: 'command line', row: null, column: argv.accept !== undefined ? '--accept' : '--refuse', message: 'expected a submission number (see --list)' }]);
      const decision = argv.accept !== undefined ? 'accepted' : 'refused';
      // The register is append-only and read later by whoever audits it: a decision settles a
      // conflict (it may undo an accepted return), so it is never recorded without why and by whom.
      const reason = (argv.reason ?? '').trim();
      if (reason === '') throw new InvalidInputError([{ file: 'command line', row: null, column: '--reason', message: `say why with --reason "..." (it is recorded with the decision on submission ${decided}, which may undo an accepted return)` }]);
      const decidedBy = argv.by?.trim() || decidingUser();
      if (decidedBy === null) throw new InvalidInputError([{ file: 'command line', row: null, column: '--by', message: 'the user name of this session cannot be found; say who decides with --by NAME' }]);
      const outcome = await withStore(argv.db, {}, (store) => decideSubmission(store, decided, decision, { decidedBy, reason }));
      process.stdout.write(`submission ${decided} ${decision}${decision === 'accepted' ? `: ${changeWords(outcome)}` : '; the model is unchanged'}\n`);
      process.exitCode = EXIT_OK;
      return;
    }
    if (argv.model === undefined && !existsSync(argv.db)) {
      throw new UserFacingError(`the database ${argv.db} does not exist yet; name the model the returns are for with --model (for example --model western-cape) to create it`);
    }
    // A mistyped or unreadable path is an error before the database or the report is touched: it is not a return received.
    const unreadable = unreadableReturnFiles(files);
    if (unreadable.length > 0) throw new InvalidInputError(unreadable);
    const given = argv.model === undefined ? null : await resolveRun({ model: argv.model });
    const model = given === null ? null : { model: modelTablesFromDataset(given.model), source: given.modelPath };
    const collectedAt = new Date();
    // The report's destination is checked before anything is recorded: the submissions are committed
    // first, and a report that then cannot be written would leave a rerun to record them twice.
    const reportPath = await prepareOutputFile(
      argv.report ?? path.join(path.dirname(path.resolve(argv.db)), `change-report-${utcStamp(collectedAt)}.xlsx`),
      argv.report === undefined ? '--db' : '--report',
      printNote,
    );
    const { outcome, reportFile } = await withStore(argv.db, { create: true }, async (store) => {
      ensureStoreModel(store, model);
      // Each return is committed as it is judged: an interrupt says which were recorded, never "nothing was written".
      const earlierCount = store.submissions().length;
      describeRecordedOnInterrupt(() => {
        const recorded = store.submissions().slice(earlierCount).map((submission) => submission.id);
        if (recorded.length === 0) return null;
        return `submission${recorded.length === 1 ? '' : 's'} ${recorded.join(', ')} ${recorded.length === 1 ? 'was' : 'were'} recorded in ${argv.db} (see collect --list), without a change report`;
      });
      const result = await collectReturns(files, store);
      let report: string;
      try {
        report = await writeChangeReport({ returns: result.returns, model: result.before.model, databaseFile: argv.db, collectedAt }, reportPath);
      } catch (error) {
        if (!(error instanceof OutputWriteError)) throw error;
        // The submissions are committed: say so, so that no one collects the same files again to get a report.
        const numbers = result.returns.map((collected) => collected.submission.id).join(', ');
        throw new UserFacingError(
          `${error.message} The returns were recorded in ${argv.db} all the same, as submission${result.returns.length === 1 ? '' : 's'} ${numbers} (see collect --list); collecting the same files again records them again, with a note that they are the same files.`,
        );
      }
      return { outcome: result, reportFile: report };
    });
    const labels = returnLabels(outcome.returns);
    process.stdout.write(`${outcome.returns.flatMap((collected, index) => formatCollected(collected, labels[index])).join('\n')}\nchange report: ${reportFile}\n`);
    process.exitCode = outcome.returns.some((collected) => collected.submission.status === 'refused') ? EXIT_INVALID : EXIT_OK;
  },
};
