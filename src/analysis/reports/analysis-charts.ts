/**
 * Chart configurations of the analysis commands (chart.js). Rendering, fonts and colours are the
 * report package's (src/report/charts/chart-canvas.ts), so analysis charts look like run charts.
 */
import type { ChartConfiguration } from 'chart.js';
import { chartTitle, illustrativeSubtitle, SERIES_COLOURS } from '../../report/charts/chart-canvas.js';
import { benefitNotComparableWords, type ScenarioComparison } from '../comparison.js';
import type { Frontier } from '../frontier.js';
import type { HouseholdsGrowthFrontier } from '../households-growth-frontier.js';
import { RAND_PER_MILLION } from '../../dataset/money-text.js';
import { hasSolution } from '../../solve/engine.js';

/** Colours of the benefit split, the same red/blue the run report uses for need-led and growth-led. */
const NEED_COLOUR = '#d62728';
const GROWTH_COLOUR = '#1f77b4';

/** Characters of the 15-point subtitle on one line of a 1,200-pixel chart, with margin. */
const SUBTITLE_LINE_CHARACTERS = 110;

/** Most subtitle lines the benefit chart's note takes with each setting's values; longer, it names the settings only. */
const MAX_NOTE_LINES = 4;

/** `text` cut at spaces into lines of at most `width` characters (a longer word keeps its own line). */
function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * The benefit chart's subtitle: the illustrative-inputs line, and under it, when the scenarios
 * weigh benefit differently, the sentence that their points do not compare (a chart pasted into a
 * memo alone must not invite reading the bars against each other).
 */
function benefitSubtitle(comparison: ScenarioComparison, illustrativeNote: string): ReturnType<typeof illustrativeSubtitle> | (Omit<ReturnType<typeof illustrativeSubtitle>, 'text'> & { text: string[] }) {
  const subtitle = illustrativeSubtitle(illustrativeNote);
  const notComparable = benefitNotComparableWords(comparison);
  if (notComparable === null) return subtitle;
  // Many scenarios or settings would push the bars down the page: then the keys alone (the Key figures sheet gives each value).
  const lines = wrapWords(notComparable, SUBTITLE_LINE_CHARACTERS);
  const shown = lines.length <= MAX_NOTE_LINES ? lines : wrapWords(benefitNotComparableWords(comparison, false) ?? notComparable, SUBTITLE_LINE_CHARACTERS);
  return { ...subtitle, display: true, text: [...(subtitle.display ? [subtitle.text] : []), ...shown] };
}

/** Stacked bars: benefit per scenario, need-led and growth-led. */
export function benefitByScenarioChart(comparison: ScenarioComparison, illustrativeNote = ''): ChartConfiguration {
  return {
    type: 'bar',
    data: {
      labels: comparison.scenarios.map((figures) => figures.scenarioName),
      datasets: [
        { label: 'Need-led benefit', data: comparison.scenarios.map((figures) => figures.benefitNeedLed), backgroundColor: NEED_COLOUR },
        { label: 'Growth-led benefit', data: comparison.scenarios.map((figures) => figures.benefitGrowthLed), backgroundColor: GROWTH_COLOUR },
      ],
    },
    options: {
      plugins: { title: chartTitle('Benefit by scenario, need-led and growth-led (benefit points)'), subtitle: benefitSubtitle(comparison, illustrativeNote), legend: { position: 'bottom' } },
      scales: {
        x: { stacked: true },
        y: { stacked: true, beginAtZero: true, title: { display: true, text: 'Benefit points' } },
      },
    },
  };
}

/** Grouped horizontal bars: spending per municipality (rows) in each scenario (colours). */
export function spendingByMunicipalityChart(comparison: ScenarioComparison, illustrativeNote = ''): ChartConfiguration {
  const rows = comparison.municipalities.filter((row) => row.spendingRandByScenario.some((amountRand) => amountRand > 0));
  return {
    type: 'bar',
    data: {
      labels: rows.map((row) => `${row.municipalityCode} ${row.municipalityName}`),
      datasets: comparison.scenarios.map((figures, index) => ({
        label: figures.scenarioName,
        data: rows.map((row) => row.spendingRandByScenario[index] / RAND_PER_MILLION),
        backgroundColor: SERIES_COLOURS[index % SERIES_COLOURS.length],
      })),
    },
    options: {
      indexAxis: 'y',
      plugins: { title: chartTitle('Planned spending by municipality across scenarios (R million)'), subtitle: illustrativeSubtitle(illustrativeNote), legend: { position: 'bottom' } },
      scales: {
        x: { beginAtZero: true, title: { display: true, text: 'R million over the horizon' } },
        y: { ticks: { autoSkip: false } },
      },
    },
  };
}

/**
 * Lines on a linear budget axis: benefit (left axis) and households served (right axis), with the
 * illustrative-inputs line of the run charts when the model's inputs are illustrative.
 */
export function frontierChart(frontier: Frontier, illustrativeNote = ''): ChartConfiguration {
  const solved = frontier.points.filter((point) => hasSolution(point));
  return {
    type: 'line',
    data: {
      datasets: [
        {
          label: 'Benefit (points)',
          data: solved.map((point) => ({ x: point.totalBudgetRand / RAND_PER_MILLION, y: point.benefit })),
          borderColor: SERIES_COLOURS[0],
          backgroundColor: SERIES_COLOURS[0],
          yAxisID: 'benefit',
          borderWidth: 3,
          pointRadius: 5,
        },
        {
          label: 'Households served',
          data: solved.map((point) => ({ x: point.totalBudgetRand / RAND_PER_MILLION, y: point.householdsServed })),
          borderColor: SERIES_COLOURS[1],
          backgroundColor: SERIES_COLOURS[1],
          yAxisID: 'households',
          borderWidth: 3,
          borderDash: [8, 4],
          pointRadius: 5,
        },
      ],
    },
    options: {
      plugins: {
        title: chartTitle('Efficient frontier: benefit and households served against total budget'),
        subtitle: illustrativeSubtitle(illustrativeNote),
        legend: { position: 'bottom' },
      },
      scales: {
        x: { type: 'linear', title: { display: true, text: 'Total budget over the horizon (R million)' } },
        benefit: { type: 'linear', position: 'left', beginAtZero: true, title: { display: true, text: 'Benefit points' } },
        households: { type: 'linear', position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: 'Households served' } },
      },
    },
  };
}

/**
 * The households-growth trade-off at one budget: capacity added for growth (Ml/day) against
 * backlog households served, one point per households level, joined as steps; the plan of the model as
 * given as a separate, larger marker. Points without a plan are left out (the sheet lists them),
 * and the illustrative-inputs line shows as on the run charts.
 */
export function householdsGrowthChart(frontier: HouseholdsGrowthFrontier, illustrativeNote = ''): ChartConfiguration {
  const solved = frontier.points
    .filter((point) => point.householdsServed !== null && point.capacityAddedMlPerDay !== null)
    .sort((left, right) => (left.householdsServed ?? 0) - (right.householdsServed ?? 0));
  const current = frontier.currentPlan;
  return {
    type: 'scatter',
    data: {
      datasets: [
        {
          label: 'Most capacity added at each households level',
          data: solved.map((point) => ({ x: point.householdsServed ?? 0, y: point.capacityAddedMlPerDay ?? 0 })),
          borderColor: GROWTH_COLOUR,
          backgroundColor: GROWTH_COLOUR,
          showLine: true,
          // A staircase, not a slope: past a point's households the capacity known to be
          // attainable is the next point's (chart.js 'after' drops first, then runs across), and
          // no plan lies on a straight line between two points.
          stepped: 'after',
          borderWidth: 3,
          pointRadius: 5,
        },
        {
          label: 'Current plan (benefit points as the objective)',
          data: current.householdsServed === null || current.capacityAddedMlPerDay === null ? [] : [{ x: current.householdsServed, y: current.capacityAddedMlPerDay }],
          borderColor: NEED_COLOUR,
          backgroundColor: NEED_COLOUR,
          pointStyle: 'rectRot',
          pointRadius: 10,
        },
      ],
    },
    options: {
      plugins: {
        title: chartTitle('Households served against capacity added for growth, at the model budget'),
        subtitle: illustrativeSubtitle(illustrativeNote),
        legend: { position: 'bottom' },
      },
      scales: {
        x: { type: 'linear', title: { display: true, text: 'Backlog households served over the horizon' } },
        y: { type: 'linear', beginAtZero: true, title: { display: true, text: 'Capacity added for growth (Ml/day)' } },
      },
    },
  };
}

/** The stress chart lives with the other stress report code. */
export { fundedShareChart } from './stress-charts.js';
