import { describe, expect, it } from 'vitest';
import { createProgressReporter } from '../../src/analysis/progress.js';

function recordingStream(isTTY: boolean): { isTTY: boolean; written: string[]; write: (text: string) => boolean } {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) > 0 };
}

describe('createProgressReporter', () => {
  it('stays quiet when stderr is not a terminal', () => {
    const stream = recordingStream(false);
    const reporter = createProgressReporter(stream);
    expect(reporter.onProgress).toBeUndefined();
    reporter.done();
    expect(stream.written).toEqual([]);
  });

  it('writes one updating line on a terminal and clears it at the end', () => {
    const stream = recordingStream(true);
    const reporter = createProgressReporter(stream);
    reporter.onProgress?.({ jobNumber: 3, jobCount: 5, label: 'growth-led' });
    reporter.done();
    expect(stream.written).toEqual(['\r\u001b[2Ksolving 3/5 growth-led ...', '\r\u001b[2K']);
  });
});
