/**
 * Random cost overruns for `stress`. Each project's final cost is its register cost times a factor
 * drawn from a lognormal distribution: ln(factor) ~ Normal(ln(medianFactor), sigma²). A lognormal
 * is right-skewed and never negative, which is the shape the published overrun studies report
 * (most projects overrun a little, a few overrun a lot). See docs/analysis.md for the evidence
 * behind the default median and sigma.
 *
 * Draws come from pure-rand's xoroshiro128+ seeded with the user's seed, drawn draw by draw and
 * project by project in register order, so the same seed always gives the same factors, and the
 * first k draws of a longer run equal a run of k draws.
 *
 * A draw reaches the register as per-project cost factors (`withCostFactors`,
 * src/dataset/cost-factors.ts), applied when the run is planned, after the master plan stage
 * merged its generated rows, so those cost more too.
 */
import { uniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';

/** Parameters of the lognormal overrun factor. */
export interface OverrunDistribution {
  /** Median cost factor (1.10 = the typical project costs 10% more than its register capex); default 1.10. */
  readonly medianFactor: number;
  /** Standard deviation of ln(factor); default 0.20 (10th–90th percentile factors about 0.85–1.42). */
  readonly sigma: number;
}

/** The documented default: median +10%, sigma 0.20 in log space. */
export const DEFAULT_OVERRUN_DISTRIBUTION: OverrunDistribution = { medianFactor: 1.1, sigma: 0.2 };

/** 2^27 and 2^53, to build a double from two integer draws. */
const TWO_TO_27 = 134_217_728;
const TWO_TO_53 = 9_007_199_254_740_992;

/** A uniform number in [0, 1) with 53 random bits, and the advanced generator. */
function nextUniform(generator: RandomGenerator): [number, RandomGenerator] {
  const [high, afterHigh] = uniformIntDistribution(0, (1 << 26) - 1, generator);
  const [low, afterLow] = uniformIntDistribution(0, TWO_TO_27 - 1, afterHigh);
  return [(high * TWO_TO_27 + low) / TWO_TO_53, afterLow];
}

/** A standard normal draw (Box–Muller, one value per pair of uniforms) and the advanced generator. */
function nextStandardNormal(generator: RandomGenerator): [number, RandomGenerator] {
  const [first, afterFirst] = nextUniform(generator);
  const [second, afterSecond] = nextUniform(afterFirst);
  // 1 - first lies in (0, 1], so the logarithm is finite.
  const radius = Math.sqrt(-2 * Math.log(1 - first));
  return [radius * Math.cos(2 * Math.PI * second), afterSecond];
}

/**
 * Overrun factors for `draws` draws of `projectCount` projects: result[draw][project]. The same
 * seed and distribution always give the same factors.
 */
export function drawOverrunFactors(
  projectCount: number,
  draws: number,
  seed: number,
  distribution: OverrunDistribution = DEFAULT_OVERRUN_DISTRIBUTION,
): number[][] {
  let generator = xoroshiro128plus(seed);
  const logMedian = Math.log(distribution.medianFactor);
  const factors: number[][] = [];
  for (let draw = 0; draw < draws; draw += 1) {
    const row: number[] = [];
    for (let project = 0; project < projectCount; project += 1) {
      const [normal, next] = nextStandardNormal(generator);
      generator = next;
      row.push(Math.exp(logMedian + distribution.sigma * normal));
    }
    factors.push(row);
  }
  return factors;
}
