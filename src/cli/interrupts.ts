/**
 * Ctrl-C (SIGINT) and SIGTERM while infraplan writes its output, or while a run that created its
 * `--out` folder solves: the temporary files and folders this process made are removed (an old
 * folder moved aside by --force is put back), so are the empty folders the run created for its
 * output (recordCreatedFolders), one line says what is left, and the process ends with 130 or 143
 * as a shell expects.
 *
 * The handlers are installed only while there is something to clean up: a write in progress, or
 * folders a running command created. Otherwise the default behaviour (stop at once) stays. A
 * handler runs promptly during a solve: HiGHS and jslp solve on worker threads, so the main
 * thread's event loop is free to take the signal, and process.exit ends a worker in the middle of
 * its WebAssembly search (tests/cli/interrupts.test.ts interrupts a real solve of the default model).
 */
import { abandonPendingWritesSync, onPendingWritesChange, type AbandonOutcome } from '../files/pending-writes.js';
import { EXIT_SIGINT, EXIT_SIGTERM } from '../errors/exit-codes.js';

/** The signals handled, with the exit code of each. */
const SIGNAL_EXIT_CODES = { SIGINT: EXIT_SIGINT, SIGTERM: EXIT_SIGTERM } as const;

type HandledSignal = keyof typeof SIGNAL_EXIT_CODES;

/** The one line printed when the process is interrupted. */
export function interruptMessage(signal: HandledSignal, outcome: AbandonOutcome): string {
  const parts: string[] = [];
  if (outcome.written.length > 0) parts.push(`${outcome.written.join(', ')} had been written completely`);
  if (outcome.restored.length > 0) parts.push(`the existing ${outcome.restored.join(', ')} ${outcome.restored.length === 1 ? 'is' : 'are'} unchanged`);
  const rest = outcome.written.length > 0 ? 'nothing else was written' : 'nothing was written';
  const removed = outcome.removedFolders.length === 0 ? [] : [`removed ${outcome.removedFolders.join(', ')}, created for this run and left empty`];
  return `interrupted (${signal}): ${[...parts, rest, ...removed].join('; ')}`;
}

function handle(signal: HandledSignal): void {
  const outcome = abandonPendingWritesSync();
  // On a terminal the line replaces any progress text; in a pipe or log it is the line alone.
  process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[2K' : ''}${interruptMessage(signal, outcome)}\n`);
  process.exit(SIGNAL_EXIT_CODES[signal]);
}

const handlers: Record<HandledSignal, () => void> = { SIGINT: () => handle('SIGINT'), SIGTERM: () => handle('SIGTERM') };
let installed = false;
let stopListening: (() => void) | null = null;

/** Clean up on SIGINT and SIGTERM while this process writes output (see the file comment). Called once by main. */
export function enableInterruptCleanup(): void {
  if (stopListening) return;
  stopListening = onPendingWritesChange((pendingCount) => {
    // pendingCount: writes in progress plus runs with created output folders.
    if (pendingCount > 0 && !installed) {
      for (const signal of Object.keys(handlers) as HandledSignal[]) process.on(signal, handlers[signal]);
      installed = true;
    } else if (pendingCount === 0 && installed) {
      for (const signal of Object.keys(handlers) as HandledSignal[]) process.off(signal, handlers[signal]);
      installed = false;
    }
  });
}
