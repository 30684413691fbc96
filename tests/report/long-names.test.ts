/**
 * Names built from input (issue 9, item 7): a 300-character model or scenario name used to crash
 * `run` with ENAMETOOLONG. Every folder and temporary name stays within the file-system limit of
 * 255 bytes per name, shortened with a hash so that different long names keep different folders.
 */
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { analysisFolderName } from '../../src/analysis/reports/write-analysis-folder.js';
import { MAX_FOLDER_NAME_CHARS, MAX_NAME_BYTES, parseTemporaryName, shortenName, temporaryName, utf8Bytes } from '../../src/files/file-names.js';
import { runModel } from '../../src/pipeline/run-model.js';
import { runFolderName } from '../../src/report/write-run.js';
import { fixturePlan } from './fixtures.js';
import { FIXED_START, temporaryFolder } from './helpers.js';
import { RunCounter } from '../property-runs.js';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
function scratch(): string {
  const folder = temporaryFolder('infraplan-names-');
  folders.push(folder);
  return folder;
}

describe('shortenName', () => {
  it('keeps a name that fits and cuts a long one to the limit, ending in a hash of the whole name', () => {
    expect(shortenName('tiny-baseline', 40)).toBe('tiny-baseline');
    const long = 'a'.repeat(300);
    const short = shortenName(long, 40);
    expect(short).toHaveLength(40);
    expect(short).toMatch(/^a{31}-[0-9a-f]{8}$/);
  });

  it('never exceeds the byte limit, never splits a character, and keeps different names apart (property)', () => {
    // Non-trivial: the name is over the limit and must be shortened. Nine in ten draws are kept
    // only when they are; the rest are drawn freely, so names that fit are checked too.
    const draw = fc.tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 200, size: 'max' }), fc.string({ unit: 'binary', maxLength: 3 }), fc.integer({ min: 12, max: 120 }));
    const counter = new RunCounter();
    fc.assert(
      fc.property(fc.oneof({ arbitrary: draw.filter(([text, , maxBytes]) => utf8Bytes(text) > maxBytes), weight: 9 }, { arbitrary: draw, weight: 1 }), ([text, suffix, maxBytes]) => {
        const result = shortenName(text, maxBytes);
        expect(utf8Bytes(result)).toBeLessThanOrEqual(maxBytes);
        // A split character would not survive a UTF-8 round trip.
        expect(Buffer.from(result, 'utf8').toString('utf8')).toBe(result);
        if (counter.count(utf8Bytes(text) > maxBytes)) {
          const other = `${text}${suffix}x`;
          expect(shortenName(other, maxBytes)).not.toBe(result);
        }
      }),
      { seed: 9, numRuns: 500 },
    );
    counter.expectMostChecked(500);
  });
});

describe('temporary names', () => {
  it('fit in 255 bytes even for a 255-byte file name, and parse back', () => {
    const longFileName = `${'é'.repeat(125)}.json`;
    expect(utf8Bytes(longFileName)).toBe(255);
    const name = temporaryName('writing', longFileName, 4_194_303);
    expect(utf8Bytes(name)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(parseTemporaryName(name)).toMatchObject({ kind: 'writing', pid: 4_194_303 });
    const aside = temporaryName('replaced', 'tiny-baseline-20260401-083000', 12);
    expect(parseTemporaryName(aside)).toMatchObject({ kind: 'replaced', pid: 12, label: 'tiny-baseline-20260401-083000' });
    expect(parseTemporaryName('.tmp-notes')).toBeNull();
    expect(parseTemporaryName('tiny-baseline-20260401-083000')).toBeNull();
  });

  it('of a moved-aside folder keep the exact folder name, which every folder name allows', () => {
    const longest = 'x'.repeat(MAX_FOLDER_NAME_CHARS);
    expect(parseTemporaryName(temporaryName('replaced', longest, 4_294_967_295))!.label).toBe(longest);
  });
});

describe('folder names', () => {
  it('cut long model and scenario names to at most 100 characters, different names giving different folders', () => {
    const first = runFolderName({ ...fixturePlan(), modelName: 'm'.repeat(300), scenarioName: `${'Scenario with a very long name '.repeat(10)}A` }, FIXED_START);
    const second = runFolderName({ ...fixturePlan(), modelName: 'm'.repeat(300), scenarioName: `${'Scenario with a very long name '.repeat(10)}B` }, FIXED_START);
    for (const name of [first, second]) {
      expect(name.length).toBeLessThanOrEqual(MAX_FOLDER_NAME_CHARS);
      expect(name).toMatch(/^m{31}-[0-9a-f]{8}-Scenario-with-a-very-long-name-[0-9a-f]{8}-20260401-083000$/);
    }
    expect(first).not.toBe(second);
  });

  it('of analysis commands stay short with many long scenario names', () => {
    const scenarios = Array.from({ length: 20 }, (_, index) => `scenario number ${index} with a long descriptive name`);
    const name = analysisFolderName(['tiny', 'compare', scenarios.join('-vs-')], FIXED_START);
    expect(name.length).toBeLessThanOrEqual(MAX_FOLDER_NAME_CHARS);
    expect(name).toMatch(/^tiny-compare-scenario-number-0-.*-[0-9a-f]{8}-20260401-083000$/);
    expect(analysisFolderName(['tiny', 'compare', 'a-vs-b'], FIXED_START)).toBe('tiny-compare-a-vs-b-20260401-083000');
  });
});

describe('run with a model name and scenario name at the 100-character limit', () => {
  it('writes its run folder instead of failing with ENAMETOOLONG', async () => {
    const modelFolder = scratch();
    cpSync(path.resolve('tests/fixtures/tiny'), modelFolder, { recursive: true });
    // 100 characters is the longest name model.yaml accepts (docs/validation.md); still too long for a folder name part.
    const longModelName = `tiny${'-district'.repeat(10)}${'-x'.repeat(3)}`;
    expect(longModelName.length).toBe(100);
    const modelYaml = path.join(modelFolder, 'model.yaml');
    writeFileSync(modelYaml, readFileSync(modelYaml, 'utf8').replace(/^name: tiny$/m, `name: ${longModelName}`));
    const scenarioFile = path.join(modelFolder, 'long.yaml');
    const longScenarioName = `Budget cut for the ${'very '.repeat(14)}long review`;
    expect(longScenarioName.length).toBeLessThanOrEqual(100);
    writeFileSync(scenarioFile, `name: ${longScenarioName}\nbudget_scale: 0.9\n`);

    const outDir = scratch();
    const result = await runModel({ model: modelFolder, scenarioPath: scenarioFile, outDir, now: () => FIXED_START });
    expect(result.plan.modelName).toBe(longModelName);
    expect(result.plan.scenarioName).toBe(longScenarioName);
    const name = path.basename(result.runFolder!);
    expect(name.length).toBeLessThanOrEqual(MAX_FOLDER_NAME_CHARS);
    expect(name).toMatch(/^tiny-district-.*-[0-9a-f]{8}-Budget-cut-for-the-very-.*-[0-9a-f]{8}-20260401-083000$/);
    expect(readdirSync(outDir)).toEqual([name]);
    expect(readdirSync(result.runFolder!)).toContain('investment-plan.xlsx');
  });
});
