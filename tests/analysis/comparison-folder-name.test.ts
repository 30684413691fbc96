/**
 * A comparison's folder is named as every command names its folder, <model>-<scenarios>-<command>-<time>
 * (review u4, finding 14), so one model's run, sweep, frontier, master plan and compare folders sort together,
 * and `compare` stays in the name however many scenarios are compared.
 */
import { describe, expect, it } from 'vitest';
import { comparisonFolderName } from '../../src/analysis/run-compare.js';
import { MAX_FOLDER_NAME_CHARS } from '../../src/files/file-names.js';
import { analysisFolderName } from '../../src/analysis/reports/write-analysis-folder.js';

const STARTED = new Date(Date.UTC(2026, 11, 4, 4, 30, 0));

describe('comparison folder name', () => {
  it('puts the model first and the command after the scenarios, like sweep and frontier', () => {
    expect(comparisonFolderName('western-cape', ['baseline', 'budget-cut-20'], STARTED)).toBe('western-cape-baseline-vs-budget-cut-20-compare-20261204-043000');
    const sweep = analysisFolderName(['western-cape', 'baseline', 'sweep'], STARTED);
    expect(sweep.startsWith('western-cape-baseline-')).toBe(true);
  });

  it('keeps `compare` and stays within the folder name limit with many long scenario names', () => {
    const names = Array.from({ length: 12 }, (_unused, index) => `a-rather-long-scenario-name-number-${index}`);
    const name = comparisonFolderName('western-cape', names, STARTED);
    expect(name.length).toBeLessThanOrEqual(MAX_FOLDER_NAME_CHARS);
    expect(name).toMatch(/^western-cape-a-rather-long-scenario-name-number-0-.*-compare-20261204-043000$/);
    // Another list of scenarios gives another folder, even when both are shortened.
    expect(comparisonFolderName('western-cape', [...names.slice(0, 11), 'other'], STARTED)).not.toBe(name);
  });
});
