/**
 * Ctrl-C (SIGINT) and SIGTERM while infraplan writes its output, or while a run that created its
 * `--out` folder solves: the temporary files and folders this process made are removed (an old
 * folder moved aside by --force is put back), so are the empty folders the run created for its
 * output (recordCreatedFolders), one line says what is left, and the process ends with 130 or 143
 * as a shell expects.
 *
 * The handlers are installed while a command runs (holdInterruptsForCommand, called by main) and
 * while a write is in progress, so every interrupt of a command ends with the same one line, even
 * when there was nothing to clean up: a Ctrl-C during the solve into an --out folder that already
 * existed ended with exit 130 and no word, and the user could not tell whether half a folder was
 * left (review u4, finding 7). Outside a command (a library user's process) the default stays. A
 * handler runs promptly during a solve: HiGHS and jslp solve on worker threads, so the main
 * thread's event loop is free to take the signal, and process.exit ends a worker in the middle of
 * its WebAssembly search (tests/cli/interrupts.test.ts interrupts a real solve of the default model).
 *
 * A command that records something outside the files it writes (collect's submissions in the
 * database) says so through describeRecordedOnInterrupt, so the line never claims that nothing
 * was written when something was.
 */
import { abandonPendingWritesSync, onPendingWritesChange, type AbandonOutcome } from '../files/pending-writes.js';
import { EXIT_SIGINT, EXIT_SIGTERM } from '../errors/exit-codes.js';

/** The signals handled, with the exit code of each. */
const SIGNAL_EXIT_CODES = { SIGINT: EXIT_SIGINT, SIGTERM: EXIT_SIGTERM } as const;

type HandledSignal = keyof typeof SIGNAL_EXIT_CODES;

/** The one line printed when the process is interrupted; `recorded` says what the command recorded elsewhere (a database), or null. */
export function interruptMessage(signal: HandledSignal, outcome: AbandonOutcome, recorded: string | null = null): string {
  const parts: string[] = [];
  if (recorded !== null) parts.push(recorded);
  if (outcome.written.length > 0) parts.push(`${outcome.written.join(', ')} had been written completely`);
  if (outcome.restored.length > 0) parts.push(`the existing ${outcome.restored.join(', ')} ${outcome.restored.length === 1 ? 'is' : 'are'} unchanged`);
  const rest = outcome.written.length > 0 || recorded !== null ? 'nothing else was written' : 'nothing was written';
  const removed = outcome.removedFolders.length === 0 ? [] : [`removed ${outcome.removedFolders.join(', ')}, created for this run and left empty`];
  return `interrupted (${signal}): ${[...parts, rest, ...removed].join('; ')}`;
}

/** What the running command has recorded outside its output files, asked when a signal comes. */
let recordedElsewhere: (() => string | null) | null = null;

/**
 * Say what the running command has recorded outside the files it writes, for the interrupt line
 * (`submissions 4, 5 were recorded in returns.sqlite`); null clears it. The function is called in
 * the signal handler, between two tasks of the event loop, so it may read a database synchronously.
 */
export function describeRecordedOnInterrupt(describe: (() => string | null) | null): void {
  recordedElsewhere = describe;
}

function handle(signal: HandledSignal): void {
  const outcome = abandonPendingWritesSync();
  let recorded: string | null = null;
  try {
    recorded = recordedElsewhere?.() ?? null;
  } catch {
    // A database that cannot be read now: the line still says what the files are.
  }
  // On a terminal the line replaces any progress text; in a pipe or log it is the line alone.
  process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[2K' : ''}${interruptMessage(signal, outcome, recorded)}\n`);
  process.exit(SIGNAL_EXIT_CODES[signal]);
}

const handlers: Record<HandledSignal, () => void> = { SIGINT: () => handle('SIGINT'), SIGTERM: () => handle('SIGTERM') };
let installed = false;
let stopListening: (() => void) | null = null;

let pendingWrites = 0;
let commandsRunning = 0;

/** Install or remove the handlers as the writes in progress and the running commands ask. */
function updateHandlers(): void {
  const wanted = pendingWrites > 0 || commandsRunning > 0;
  if (wanted && !installed) {
    for (const signal of Object.keys(handlers) as HandledSignal[]) process.on(signal, handlers[signal]);
    installed = true;
  } else if (!wanted && installed) {
    for (const signal of Object.keys(handlers) as HandledSignal[]) process.off(signal, handlers[signal]);
    installed = false;
  }
}

/** Clean up on SIGINT and SIGTERM while this process writes output (see the file comment). Called once by main. */
export function enableInterruptCleanup(): void {
  if (stopListening) return;
  stopListening = onPendingWritesChange((pendingCount) => {
    // pendingCount: writes in progress plus runs with created output folders.
    pendingWrites = pendingCount;
    updateHandlers();
  });
}

/**
 * Handle SIGINT and SIGTERM for the whole of a command, so an interrupt always ends with its one
 * line and exit 130 or 143 (see the file comment). Returns the function that ends the hold.
 */
export function holdInterruptsForCommand(): () => void {
  commandsRunning += 1;
  updateHandlers();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    commandsRunning -= 1;
    recordedElsewhere = null;
    updateHandlers();
  };
}
