/**
 * compare says its benefit points do not compare only when the scenarios weigh benefit
 * differently: on the benefit chart (under its title), on the Key figures sheet and on the
 * console. Two tiny scenarios that differ in benefit_per_household get the note; two that differ
 * only in an excluded project do not.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { benefitByScenarioChart } from '../../src/analysis/reports/analysis-charts.js';
import { COMPARISON_SHEETS } from '../../src/analysis/reports/comparison-workbook.js';
import { COMPARISON_WORKBOOK, runCompare, type CompareResult } from '../../src/analysis/run-compare.js';
import { formatComparison } from '../../src/cli/compare.js';
import { temporaryFolder, TINY_MODEL, writeScenarios } from './helpers.js';

const NOT_COMPARABLE = 'Benefit points are not comparable across these scenarios';

/** Every distinct text of a sheet (a merged note reads the same in each of its cells). */
function sheetTexts(sheet: ExcelJS.Worksheet): string[] {
  const texts = new Set<string>();
  sheet.eachRow((row) => row.eachCell((cell) => {
    if (typeof cell.value === 'string') texts.add(cell.value);
  }));
  return [...texts];
}

/** The subtitle lines of the benefit chart. */
function subtitleLines(result: CompareResult): string[] {
  const subtitle = benefitByScenarioChart(result.comparison, '').options?.plugins?.subtitle;
  if (subtitle?.display !== true) return [];
  return Array.isArray(subtitle.text) ? subtitle.text.map((line) => String(line)) : [String(subtitle.text ?? '')];
}

describe('compare notes benefit points that do not compare', () => {
  let weighted: CompareResult;
  let alike: CompareResult;

  beforeAll(async () => {
    const scenarios = await writeScenarios({
      plain: 'name: plain\n',
      households: 'name: households-double\npolicy:\n  benefit_per_household: 2\n',
      dropped: 'name: dropped\nexcluded: [WC022-S-01]\n',
    });
    const out = await temporaryFolder();
    weighted = await runCompare({ modelPath: TINY_MODEL, scenarioPaths: [scenarios.plain, scenarios.households] }, { workers: 1, outDir: out });
    alike = await runCompare({ modelPath: TINY_MODEL, scenarioPaths: [scenarios.plain, scenarios.dropped] }, { workers: 1, outDir: out });
  });

  it('names the setting that differs, with its value in each scenario', () => {
    expect(weighted.comparison.benefitSettingDifferences).toEqual([{ key: 'policy.benefit_per_household', valueByScenario: [1, 2] }]);
    expect(alike.comparison.benefitSettingDifferences).toEqual([]);
  });

  it('writes the note on the Key figures sheet only when the weights differ', async () => {
    const read = async (result: CompareResult): Promise<string[]> => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(path.join(result.folder!, COMPARISON_WORKBOOK));
      return sheetTexts(workbook.getWorksheet(COMPARISON_SHEETS.keyFigures)!);
    };
    const weightedNote = (await read(weighted)).filter((text) => text.startsWith(NOT_COMPARABLE));
    expect(weightedNote).toHaveLength(1);
    expect(weightedNote[0]).toContain('policy.benefit_per_household 1 in plain, 2 in households-double');
    expect((await read(alike)).some((text) => text.includes('not comparable') || text.includes('Benefit points weigh'))).toBe(false);
  });

  it('puts it under the benefit chart title and on the console, only when the weights differ', () => {
    expect(subtitleLines(weighted).join(' ')).toContain(NOT_COMPARABLE);
    expect(subtitleLines(weighted).join(' ')).toContain('policy.benefit_per_household');
    // Wrapped to fit the 1,200-pixel chart.
    for (const line of subtitleLines(weighted)) expect(line.length).toBeLessThanOrEqual(110);
    expect(subtitleLines(alike)).toEqual([]);
    const weightedConsole = formatComparison(weighted).split('\n').filter((line) => line.startsWith(`note: ${NOT_COMPARABLE}`));
    expect(weightedConsole).toHaveLength(1);
    expect(formatComparison(alike)).not.toContain('not comparable');
  });

  it('names the settings alone on the chart when their values would take more than four lines', () => {
    const many = ['need_weight', 'growth_weight', 'benefit_per_ml_per_day', 'discount_rate_percent', 'benefit_per_person_within_reach'].map((key) => ({ key: `policy.${key}`, valueByScenario: [0.25, 0.75] }));
    const crowded = { ...weighted, comparison: { ...weighted.comparison, benefitSettingDifferences: [...weighted.comparison.benefitSettingDifferences, ...many] } };
    const lines = subtitleLines(crowded);
    expect(lines.length).toBeLessThanOrEqual(4);
    expect(lines.join(' ')).toContain('policy.discount_rate_percent');
    expect(lines.join(' ')).not.toContain('0.25 in plain');
    // The sheet and console keep every value.
    expect(formatComparison(crowded)).toContain('policy.discount_rate_percent 0.25 in plain, 0.75 in households-double');
  });
});
