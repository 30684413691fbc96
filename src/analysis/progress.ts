/**
 * Progress lines for long runs. They go to stderr and only when stderr is a terminal, so output
 * piped to a file or another program stays clean.
 */
import type { ProgressEvent } from './solve-pool.js';

/** The minimal stream a progress reporter writes to. */
export interface ProgressStream {
  /** True for a terminal. */
  readonly isTTY?: boolean;
  /** Write text. */
  write(text: string): unknown;
}

/** A progress callback for the pool and a function that clears the line at the end. */
export interface ProgressReporter {
  /** Pass to SolvePoolOptions.onProgress. */
  readonly onProgress: ((event: ProgressEvent) => void) | undefined;
  /** Clear the progress line (call once the run is over). */
  done(): void;
}

/** A reporter writing `solving 3/5 growth-led ...` over one line, or a silent one when `stream` is not a TTY. */
export function createProgressReporter(stream: ProgressStream = process.stderr): ProgressReporter {
  if (!stream.isTTY) return { onProgress: undefined, done: () => undefined };
  let written = false;
  return {
    onProgress: (event) => {
      written = true;
      // \r and the erase-line code keep one line that updates rather than a scrolling log.
      stream.write(`\r\u001b[2Ksolving ${event.jobNumber}/${event.jobCount} ${event.label} ...`);
    },
    done: () => {
      if (written) stream.write('\r\u001b[2K');
    },
  };
}
