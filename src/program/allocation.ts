/**
 * The allocation LP for treasury when no project list is used: split each year's envelopes across
 * municipalities and services to minimise weighted unmet need, subject to a cap at each need,
 * carry-over and the policy rules that constrain the allocation (src/rules/: the basic-package
 * floor, district and service shares). See
 * docs/formulations.md. It never imports an engine.
 *
 * Need is priced with the policy's unit costs (`allocation_cost_per_*` in model.yaml or a
 * scenario). Their defaults are planning assumptions of the order of published South African
 * bulk-service costs, not measurements; a model that knows better states its own.
 */
import { serviceNeedsRand, type ServiceNeedRand } from '../dataset/need-rand.js';
import type { Dataset, Service } from '../dataset/types.js';
import { formatFinancialYear } from '../dataset/financial-year.js';
import type { MunicipalIndex } from '../indicators/types.js';
import { indexByMunicipality, municipalWeight } from '../indicators/benefit.js';
import type { LinearProgram, LinearTerm } from './linear-program.js';
import { toProgramMoney } from './money-unit.js';
import { ProgramBuilder } from './program-builder.js';
import { POLICY_RULES } from '../rules/registry.js';
import type { AllocationRuleContext } from '../rules/rule-types.js';
import { horizonOf } from '../dataset/horizon.js';
import type { SourceYearEntry } from './portfolio.js';

/** One allocation variable: R million to a municipality and service from a source in a year. */
export interface AllocationVariable {
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** Service. */
  readonly service: Service;
  /** Source id. */
  readonly sourceId: string;
  /** Financial year. */
  readonly financialYear: number;
  /** Variable index. */
  readonly variable: number;
}

/** Where each decision of the allocation lives in the program. */
export interface AllocationLayout {
  /** Allocation variables (R million). */
  readonly allocationVariables: readonly AllocationVariable[];
  /** Carry-over variables (R million) per source and year. */
  readonly carryVariables: readonly SourceYearEntry[];
  /** Budget rows per source and year. */
  readonly budgetRows: readonly SourceYearEntry[];
  /** Need per municipality and service, rand. */
  readonly needs: readonly ServiceNeedRand[];
}

/** The allocation program with its layout. */
export interface AllocationProgram {
  /** The LP. */
  readonly program: LinearProgram;
  /** Variable and row map. */
  readonly layout: AllocationLayout;
}

/** Build the allocation LP. The objective is weighted unmet need in weighted R million. */
export function buildAllocationProgram(dataset: Dataset, indices: readonly MunicipalIndex[]): AllocationProgram {
  const builder = new ProgramBuilder(`allocation-${dataset.config.name}`);
  const policy = dataset.config.policy;
  const indexOf = indexByMunicipality(dataset, indices);
  const { firstYear, lastYear, years } = horizonOf(dataset.config);
  const label = (year: number): string => formatFinancialYear(year);
  const needs = serviceNeedsRand(dataset).filter((need) => need.totalRand > 0);

  const allocationVariables: AllocationVariable[] = [];
  const objective: LinearTerm[] = [];
  let objectiveConstant = 0;
  const termsByNeed = new Map<ServiceNeedRand, LinearTerm[]>();
  // Need is met with capital money; operating envelopes pay running costs only.
  const capitalSources = dataset.fundingSources.filter((source) => source.purpose !== 'operating');
  for (const need of needs) {
    const index = indexOf.get(need.municipalityCode);
    if (!index) throw new Error(`no index for municipality ${need.municipalityCode}`);
    const weight = municipalWeight(index, policy);
    objectiveConstant += weight * toProgramMoney(need.totalRand);
    const terms: LinearTerm[] = [];
    for (const source of capitalSources) {
      // Money ring-fenced for a project may meet only that project's need (src/dataset/ring-fences.ts).
      if (source.ringFencedFor !== undefined && !ringFenceMeets(dataset, source.ringFencedFor.projectId, need)) continue;
      for (const year of years) {
        const variable = builder.addVariable(`allocate[${need.municipalityCode},${need.service},${source.id},${label(year)}]`, 'continuous', 0, Infinity);
        allocationVariables.push({ municipalityCode: need.municipalityCode, service: need.service, sourceId: source.id, financialYear: year, variable });
        terms.push({ variable, coefficient: 1 });
        objective.push({ variable, coefficient: -weight });
      }
    }
    termsByNeed.set(need, terms);
    // Cap: nobody receives more than its need.
    builder.addConstraint(`need_cap[${need.municipalityCode},${need.service}]`, 'need_cap', terms, -Infinity, toProgramMoney(need.totalRand));
  }

  // Envelopes with carry-over, as in the portfolio.
  const carryVariables: SourceYearEntry[] = [];
  const budgetRows: SourceYearEntry[] = [];
  for (const source of capitalSources) {
    if (needs.length === 0) break;
    let previousCarry: number | null = null;
    for (const year of years) {
      const spending = allocationVariables
        .filter((entry) => entry.sourceId === source.id && entry.financialYear === year)
        .map((entry) => ({ variable: entry.variable, coefficient: 1 }));
      const envelope = toProgramMoney(source.envelopeRandByYear[year] ?? 0);
      const rowLabel = `budget[${source.id},${label(year)}]`;
      if (source.carryOver) {
        const carry = builder.addVariable(`carry[${source.id},${label(year)}]`, 'continuous', 0, Infinity);
        carryVariables.push({ sourceId: source.id, financialYear: year, index: carry });
        const terms: LinearTerm[] = [...spending, { variable: carry, coefficient: 1 }];
        if (previousCarry !== null) terms.push({ variable: previousCarry, coefficient: -1 });
        budgetRows.push({ sourceId: source.id, financialYear: year, index: builder.addConstraint(rowLabel, 'budget', terms, envelope, envelope) });
        previousCarry = carry;
      } else {
        budgetRows.push({ sourceId: source.id, financialYear: year, index: builder.addConstraint(rowLabel, 'budget', spending, -Infinity, envelope) });
      }
    }
  }

  // The policy rules add their rows (basic-package floor, district and service shares), in registry order.
  const context: AllocationRuleContext<LinearTerm[]> = {
    dataset,
    needs,
    sumOverAllocations: (coefficient) =>
      allocationVariables.map((entry) => ({ variable: entry.variable, coefficient: coefficient(entry) })).filter((term) => term.coefficient !== 0),
    programMoney: toProgramMoney,
    addRow: (row) => builder.addConstraint(row.label, row.group, row.expression, row.lower, row.upper, row.tag),
  };
  for (const rule of POLICY_RULES) rule.allocation?.(context);

  builder.setObjective('minimize', objective, objectiveConstant);
  return { program: builder.build(), layout: { allocationVariables, carryVariables, budgetRows, needs } };
}

/** True when money ring-fenced for `projectId` may meet `need`: the project's own municipality and service. */
function ringFenceMeets(dataset: Dataset, projectId: string, need: { readonly municipalityCode: string; readonly service: string }): boolean {
  const project = dataset.projects.find((candidate) => candidate.id === projectId);
  return project !== undefined && project.municipalityCode === need.municipalityCode && project.service === need.service;
}
