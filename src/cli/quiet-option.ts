/**
 * `--quiet` on the analysis commands that print progress on stderr (compare, sweep, stress and explain), as run has
 * it: a script or a log that wants only the results on stdout (new-user review u4, finding 15:
 * `compare ... --quiet` was an unknown option though run takes it).
 */
import type { ProgressStream } from '../analysis/progress.js';

/** The option as yargs declares it. */
export const QUIET_OPTION = {
  type: 'boolean',
  default: false,
  describe: 'Print no progress lines on stderr (the results on stdout, notes and errors are still printed)',
} as const;

/** A progress stream that prints nothing: what the reporter writes to under --quiet. */
export const SILENT_PROGRESS: ProgressStream = { isTTY: false, write: () => true };

/** The stream progress goes to: `stream`, or nothing under --quiet. */
export function progressStream(quiet: boolean | undefined, stream: ProgressStream): ProgressStream {
  return quiet === true ? SILENT_PROGRESS : stream;
}
