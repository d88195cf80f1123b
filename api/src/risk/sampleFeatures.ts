// Realistic, reproducible feature rows for tests and the API benchmark: mostly ordinary traffic
// with a share of risky actors, loosely following the synthetic distributions in ml/MODEL_CARD.md.
// Features this file does not know get their baseline; every value is clamped to its valid range.
import type { RiskFeatures, RiskScorer } from "./types.ts";

type Random = () => number;

/** mulberry32: a tiny seeded PRNG, so a benchmark run sends the same rows every time. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: Random): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

const logNormal = (random: Random, median: number, sigma: number) =>
  median * Math.exp(sigma * normal(random));
const bernoulli = (random: Random, p: number) => (random() < p ? 1 : 0);
/** Small counts: a rounded log-normal is close enough to Poisson / negative binomial here. */
const count = (random: Random, mean: number) =>
  mean <= 0 ? 0 : Math.max(0, Math.round(logNormal(random, mean, 0.9) - 0.5));

type Profile = Record<string, (random: Random) => number>;

const ordinary: Profile = {
  rootedDevice: (r) => bernoulli(r, 0.03),
  vpn: (r) => bernoulli(r, 0.12),
  proxyHops: (r) => (r() < 0.1 ? 1 : 0),
  thermalAnomaly: (r) => bernoulli(r, 0.01),
  biometricFailures: (r) => (r() < 0.18 ? 1 : 0),
  locationChangesPerHour: (r) => logNormal(r, 0.08, 1),
  amountZScore: (r) => normal(r),
  actionsPerHour: (r) => logNormal(r, 4, 0.8),
  rapidApiCalls: (r) => count(r, 5),
  unusualHour: (r) => bernoulli(r, 0.08),
};

const risky: Profile = {
  rootedDevice: (r) => bernoulli(r, 0.35),
  vpn: (r) => bernoulli(r, 0.55),
  proxyHops: (r) => count(r, 2),
  thermalAnomaly: (r) => bernoulli(r, 0.25),
  biometricFailures: (r) => count(r, 2.5),
  locationChangesPerHour: (r) => logNormal(r, 1.5, 1.2),
  amountZScore: (r) => 2.5 + 1.5 * normal(r),
  actionsPerHour: (r) => logNormal(r, 30, 1.2),
  rapidApiCalls: (r) => count(r, 80),
  unusualHour: (r) => bernoulli(r, 0.4),
};

/** `n` rows; `riskyShare` of them drawn from the risky profile. */
export function sampleFeatures(
  features: RiskScorer["features"],
  n: number,
  { seed = 1, riskyShare = 0.1 }: { seed?: number; riskyShare?: number } = {},
): RiskFeatures[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const profile = random() < riskyShare ? risky : ordinary;
    const row: RiskFeatures = {};
    for (const feature of features) {
      const draw = profile[feature.name];
      let value = draw ? draw(random) : feature.baseline;
      value = Math.min(feature.max, Math.max(feature.min, value));
      // Numbers are sent with 4 decimals, as a client would; integers and booleans whole.
      row[feature.name] =
        feature.type === "number" ? Math.round(value * 1e4) / 1e4 : Math.round(value);
    }
    return row;
  });
}
