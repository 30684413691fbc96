/**
 * Ctrl-C (SIGINT) and SIGTERM while infraplan writes its output: the temporary files and folders
 * this process made are removed (an old folder moved aside by --force is put back), one line says
 * what is left, and the process ends with 130 or 143 as a shell expects.
 *
 * The handlers are installed only while a write is in progress. Before that there is nothing to
 * clean up, and the default behaviour (stop at once) is what a user pressing Ctrl-C during a long
 * solve wants: HiGHS solves on the main thread, where a JavaScript handler could only run after the
 * solve has finished.
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
  return `interrupted (${signal}): ${[...parts, rest].join('; ')}`;
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
    if (pendingCount > 0 && !installed) {
      for (const signal of Object.keys(handlers) as HandledSignal[]) process.on(signal, handlers[signal]);
      installed = true;
    } else if (pendingCount === 0 && installed) {
      for (const signal of Object.keys(handlers) as HandledSignal[]) process.off(signal, handlers[signal]);
      installed = false;
    }
  });
}
