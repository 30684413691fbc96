/**
 * Implementation capacity: at most `max_concurrent_projects_per_municipality` projects under
 * construction at once in each municipality and year. A row is added only where more projects
 * could be under construction than the cap allows.
 */
import { formatFinancialYear, formatYearRange } from '../dataset/financial-year.js';
import { completionYear } from '../dataset/project-windows.js';
import type { RuleRecord } from './rule-types.js';
import { municipalityInWords, settingNow } from './rule-words.js';

/** `max_concurrent_projects_per_municipality`: projects under construction at once per municipality. */
export const CONCURRENCY: RuleRecord = {
  key: 'max_concurrent_projects_per_municipality',
  setting: {
    key: 'max_concurrent_projects_per_municipality',
    field: 'maxConcurrentProjectsPerMunicipality',
    unit: 'projects under construction at once',
    numberKind: 'projectsAtOnce',
    perService: false,
    defaultValue: 3,
    meaning: () => 'Projects under construction at once per municipality (0 = off)',
  },
  offValue: 0,
  words: () => 'the cap on projects under construction at once per municipality',
  activeInstances: (dataset) =>
    dataset.config.policy.maxConcurrentProjectsPerMunicipality > 0 ? [{ keyPath: 'max_concurrent_projects_per_municipality', ruleKey: 'max_concurrent_projects_per_municipality' }] : [],
  portfolio: (context) => {
    const cap = context.dataset.config.policy.maxConcurrentProjectsPerMunicipality;
    if (cap <= 0) return;
    const underConstruction = (startYear: number, project: Parameters<typeof completionYear>[0], year: number): boolean => startYear <= year && year <= completionYear(project, startYear);
    for (const municipality of context.dataset.municipalities) {
      const own = context.fundable.filter((project) => project.municipalityCode === municipality.code);
      for (const year of context.years) {
        const active = own.filter((project) => context.startYears(project).some((startYear) => underConstruction(startYear, project, year)));
        if (active.length <= cap) continue;
        context.addRow({
          label: `concurrency[${municipality.code},${formatFinancialYear(year)}]`,
          group: 'concurrency',
          expression: context.sumOverStarts(active, (project, startYear) => (underConstruction(startYear, project, year) ? 1 : 0)),
          lower: -Infinity,
          upper: cap,
          tag: { ruleKey: 'max_concurrent_projects_per_municipality', municipalityCode: municipality.code, financialYear: year },
        });
      }
    }
  },
  describeConflict: (tag, _row, _formulation, dataset) =>
    `at most ${dataset.config.policy.maxConcurrentProjectsPerMunicipality} projects under construction at once in ${municipalityInWords(dataset, tag.municipalityCode)} in ${tag.financialYear === undefined ? '' : formatFinancialYear(tag.financialYear)}`,
  settingToChange: (_tag, _formulation, dataset) => settingNow('max_concurrent_projects_per_municipality', dataset.config.policy.maxConcurrentProjectsPerMunicipality),
  switchOff: (policy) => ({ ...policy, maxConcurrentProjectsPerMunicipality: 0 }),
  keepsOut: ({ project, candidateYears, funded, policy }) => {
    const cap = policy.maxConcurrentProjectsPerMunicipality;
    if (cap <= 0) return null;
    const busyYear = (startYear: number): number | null => {
      for (let year = startYear; year <= completionYear(project, startYear); year += 1) {
        if ((funded.activeByMunicipalityYear.get(`${project.municipalityCode}|${year}`) ?? 0) >= cap) return year;
      }
      return null;
    };
    const busy = candidateYears.map(busyYear);
    if (!busy.every((year) => year !== null)) return null;
    return `${project.municipalityCode} already has ${cap} projects under construction (the implementation-capacity cap) in ${formatFinancialYear(busy[0] as number)}, and likewise for every start year ${formatYearRange(candidateYears)}.`;
  },
};
