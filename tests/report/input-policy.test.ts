/**
 * The Input policy sheet read back: only settings that mean something for the model are listed,
 * a rule that is off says so, a rule of a facility service is not listed for a service without
 * centres, and a setting the plan's formulation does not read says it is not used.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { addInputSheets } from '../../src/report/sheets/input-sheets.js';
import { SHEET_NAMES, type ReportContext } from '../../src/report/sheets/report-context.js';
import { fixtureDataset, fixturePlan } from './fixtures.js';

async function policyRows(): Promise<Map<string, unknown>> {
  const workbook = new ExcelJS.Workbook();
  addInputSheets(workbook, { plan: fixturePlan(), dataset: fixtureDataset() } as Pick<ReportContext, 'plan' | 'dataset'> as ReportContext);
  const read = new ExcelJS.Workbook();
  await read.xlsx.load((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
  const rows = new Map<string, unknown>();
  read.getWorksheet(SHEET_NAMES.inputPolicy)!.eachRow((row) => rows.set(String(row.getCell(1).value ?? ''), row.getCell(2).value));
  return rows;
}

describe('Input policy', () => {
  it('lists what applies, marks what is off, and leaves out what cannot apply', async () => {
    const rows = await policyRows();
    // On: the value as set.
    expect(rows.get('policy.min_service_share.sanitation')).toBe(0.2);
    expect(rows.get('policy.max_concurrent_projects_per_municipality')).toBe(3);
    // Off: said so, not a bare 0 or an empty cell.
    expect(rows.get('policy.basic_package_min_spend_rand')).toBe('0 (off)');
    expect(rows.get('policy.min_service_share.water')).toBe('off');
    expect(rows.get('policy.district_share_max')).toBe('1 (off)');
    // The fixture has no centres: the anchor rule is on but has nothing to apply to.
    expect(rows.get('policy.facility_anchor_required')).toBe('1 (no centres in the register: does not apply)');
    // Water and sanitation are not facility services: no roll-out or opening-cap rows for them.
    for (const key of [...rows.keys()]) expect(key).not.toMatch(/^policy\.(rollout_target_year|max_facilities_opened_per_year)\./);
    // A portfolio plan does not read the allocation's unit costs.
    expect(rows.get('policy.allocation_cost_per_household_rand.water')).toBe('25000 (allocation only: not used)');
    // Index settings and weights stay.
    expect(rows.get('index.need_threshold')).toBe(0.5);
  });
});
