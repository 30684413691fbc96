/**
 * Progress lines for long runs. The live line goes to stderr and only when stderr is a terminal, so output
 * piped to a file or another program stays clean. Lasting lines (compare's line per finished
 * scenario, explain's line per answer) go to stderr always: they are a log of what finished, free of terminal codes when
 * stderr is not a terminal, and stdout (the summary, --json) stays as it was.
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
  /**
   * Write a lasting line (one per finished job). On a terminal the progress line is cleared first
   * and, with `moreToCome`, written again below it, so the lasting lines scroll up and the
   * progress stays at the bottom.
   */
  line(text: string, moreToCome: boolean): void;
  /** Clear the progress line (call once the run is over). */
  done(): void;
}

/** Options of createProgressReporter. */
export interface ProgressOptions {
  /** Milliseconds since some fixed point (tests pass a fake clock); default performance.now. */
  readonly now?: () => number;
  /**
   * Add the time since the first solve started and rewrite the line every second, default false:
   * explain's labels carry their own elapsed and remaining time.
   */
  readonly elapsed?: boolean;
  /** How often an `elapsed` or `suffix` line is rewritten, milliseconds; 0 never (tests). Default 1000. */
  readonly refreshMilliseconds?: number;
  /**
   * Words added to the live line at every write, e.g. explain's `answer 1 of 10; 12 s elapsed,
   * about 2 min left`; with it the line is rewritten every `refreshMilliseconds`, so the time moves
   * while one long solve runs.
   */
  readonly suffix?: () => string;
  /** The live line's first word, default `solving`; explain says `planning`. */
  readonly verb?: string;
  /**
   * The live line's words for a job, default `3/5 growth-led` (number, count and the job's label);
   * explain puts its search's labels in plain words (`WC011-S-01: finding the least extra money`).
   */
  readonly label?: (event: ProgressEvent) => string;
}

/** Seconds as `1 min 05 s` or `42 s`, as explain counts its time. */
export function elapsedWords(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  return whole >= 60 ? `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s` : `${whole} s`;
}

/**
 * A reporter writing `solving 3/5 growth-led ...` over one line, or a silent one when `stream` is
 * not a TTY. With `elapsed` the line ends `(1 min 05 s elapsed)` and is rewritten every second:
 * a solve of the default model takes a minute or more, and a line that never changed for minutes
 * (compare's, while its last scenarios solved) read as a hung command.
 */
export function createProgressReporter(stream: ProgressStream = process.stderr, options: ProgressOptions = {}): ProgressReporter {
  if (!stream.isTTY) return { onProgress: undefined, line: (text) => void stream.write(`${text}\n`), done: () => undefined };
  const now = options.now ?? (() => performance.now());
  const elapsed = options.elapsed ?? false;
  const suffix = options.suffix;
  const verb = options.verb ?? 'solving';
  const label = options.label ?? ((event: ProgressEvent): string => `${event.jobNumber}/${event.jobCount} ${event.label}`);
  const refreshMilliseconds = elapsed || suffix !== undefined ? (options.refreshMilliseconds ?? 1000) : 0;
  let startedAt: number | null = null;
  let latest: ProgressEvent | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  const write = (): void => {
    if (latest === null || startedAt === null) return;
    // \r and the erase-line code keep one line that updates rather than a scrolling log.
    const time = elapsed ? ` (${elapsedWords((now() - startedAt) / 1000)} elapsed)` : '';
    const words = suffix === undefined ? '' : ` (${suffix()})`;
    stream.write(`\r\u001b[2K${verb} ${label(latest)} ...${time}${words}`);
  };
  return {
    onProgress: (event) => {
      startedAt ??= now();
      latest = event;
      write();
      if (timer === null && refreshMilliseconds > 0) {
        timer = setInterval(write, refreshMilliseconds);
        // The refresh never keeps the process alive on its own.
        timer.unref();
      }
    },
    line: (text, moreToCome) => {
      stream.write(`\r\u001b[2K${text}\n`);
      if (moreToCome) write();
    },
    done: () => {
      if (timer !== null) clearInterval(timer);
      timer = null;
      if (latest !== null) stream.write('\r\u001b[2K');
      latest = null;
    },
  };
}
