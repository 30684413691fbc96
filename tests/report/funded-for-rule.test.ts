/**
 * The Summary says which funded projects are there only to meet a rule (new-user review u1, 4:
 * seven sanitation works of R761.9 million showed Benefit 0 on Funded projects and the workbook
 * never said why). The tiny model's answer is known by hand: S0 serves nobody and is funded only
 * because the minimum sanitation share of 30% needs R3 million of sanitation beside W1.
 */
import { describe, expect, it } from 'vitest';
import { fundedForRuleGroups, fundedForRuleWords, planInPlainWords } from '../../src/report/summary-figures.js';
import { solveAndInterpret } from '../plan/plan-fixtures.js';
import { MILLION, sanitationFloorDataset } from '../plan/tiny-models.js';

describe('the Summary names the projects funded only to meet a rule', () => {
  it('counts them and their money per rule, in one sentence of "What the plan decides"', async () => {
    const dataset = sanitationFloorDataset(0.3);
    const plan = await solveAndInterpret(dataset);
    const held = plan.projects.find((project) => project.id === 'S0');
    expect(held?.funded).toBe(true);
    expect(held?.fundingRule).toEqual({ rule: 'min_service_share', serviceId: 'sanitation', settingKey: 'min_service_share.sanitation', setting: 0.3 });
    const groups = fundedForRuleGroups(plan, dataset);
    expect(groups).toEqual([{ words: 'the minimum sanitation share of 30%', projectIds: ['S0'], noBenefitCount: 1, capexRand: 3 * MILLION }]);
    const sentence = 'Funded for a rule, not for their benefit: 1 project (R3.0 million, benefit 0) for the minimum sanitation share of 30%.';
    expect(fundedForRuleWords(groups)).toBe(sentence);
    expect(planInPlainWords(plan, dataset)).toContain(sentence);
  });

  it('says nothing when no rule holds a project in', async () => {
    const dataset = sanitationFloorDataset(0);
    const plan = await solveAndInterpret(dataset);
    expect(fundedForRuleGroups(plan, dataset)).toEqual([]);
    expect(planInPlainWords(plan, dataset)).not.toContain('Funded for a rule');
  });

  it('names several rules, most projects first, and how many of each count no benefit', () => {
    const words = fundedForRuleWords([
      { words: 'the minimum sanitation share of 30%', projectIds: ['A', 'B'], noBenefitCount: 1, capexRand: 10 * MILLION },
      { words: 'the Thusong roll-out', projectIds: ['C'], noBenefitCount: 0, capexRand: 31.5 * MILLION },
    ]);
    expect(words).toBe('Funded for a rule, not for their benefit: 2 projects (R10.0 million, 1 with benefit 0) for the minimum sanitation share of 30% and 1 (R31.5 million) for the Thusong roll-out.');
  });
});
