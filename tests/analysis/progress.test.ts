import { describe, expect, it, vi } from 'vitest';
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

describe('createProgressReporter with the time elapsed', () => {
  it('ends the line with the time since the first solve started, in minutes and seconds', () => {
    const stream = recordingStream(true);
    let nowMilliseconds = 10_000;
    const reporter = createProgressReporter(stream, { elapsed: true, refreshMilliseconds: 0, now: () => nowMilliseconds });
    reporter.onProgress?.({ jobNumber: 1, jobCount: 2, label: 'baseline' });
    nowMilliseconds += 65_400;
    reporter.onProgress?.({ jobNumber: 2, jobCount: 2, label: 'growth-led' });
    reporter.done();
    expect(stream.written).toEqual(['\r\u001b[2Ksolving 1/2 baseline ... (0 s elapsed)', '\r\u001b[2Ksolving 2/2 growth-led ... (1 min 05 s elapsed)', '\r\u001b[2K']);
  });

  it('rewrites the line every second while a solve runs, and stops at the end', () => {
    vi.useFakeTimers();
    try {
      const stream = recordingStream(true);
      let nowMilliseconds = 0;
      const reporter = createProgressReporter(stream, { elapsed: true, now: () => nowMilliseconds });
      reporter.onProgress?.({ jobNumber: 2, jobCount: 3, label: 'basic-needs-first' });
      for (let second = 1; second <= 3; second += 1) {
        nowMilliseconds = second * 1000;
        vi.advanceTimersByTime(1000);
      }
      reporter.done();
      vi.advanceTimersByTime(5000);
      expect(stream.written).toEqual([
        ...[0, 1, 2, 3].map((second) => `\r\u001b[2Ksolving 2/3 basic-needs-first ... (${second} s elapsed)`),
        '\r\u001b[2K',
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('stays quiet when stderr is not a terminal', () => {
    const stream = recordingStream(false);
    const reporter = createProgressReporter(stream, { elapsed: true });
    expect(reporter.onProgress).toBeUndefined();
    reporter.done();
    expect(stream.written).toEqual([]);
  });
});

describe('lasting lines (one per finished job)', () => {
  it('on a terminal clear the progress line, write the line and the progress again below it while jobs remain', () => {
    const stream = recordingStream(true);
    const reporter = createProgressReporter(stream);
    reporter.onProgress?.({ jobNumber: 2, jobCount: 2, label: 'drop' });
    reporter.line('scenario keep done (1 of 2, 3 s): ...', true);
    reporter.line('scenario drop done (2 of 2, 4 s): ...', false);
    reporter.done();
    expect(stream.written).toEqual([
      '\r\u001b[2Ksolving 2/2 drop ...',
      '\r\u001b[2Kscenario keep done (1 of 2, 3 s): ...\n',
      '\r\u001b[2Ksolving 2/2 drop ...',
      '\r\u001b[2Kscenario drop done (2 of 2, 4 s): ...\n',
      '\r\u001b[2K',
    ]);
  });

  it('are written plainly, without terminal codes, when stderr is not a terminal', () => {
    const stream = recordingStream(false);
    const reporter = createProgressReporter(stream, { elapsed: true });
    reporter.line('scenario keep done (1 of 1, 3 s): ...', false);
    reporter.done();
    expect(stream.written).toEqual(['scenario keep done (1 of 1, 3 s): ...\n']);
  });
});
