// Shared fixtures of the /v1/risk route tests: a service key and valid / invalid feature rows.
import type { RiskFeatures } from "../../../risk/types.ts";

export const serviceKey = "risk-test-service-key-0123456789abcdef";
export const serviceEnv = { API_SERVICE_KEYS: `test=${serviceKey}` };
export const asService = { "x-api-key": serviceKey };

/** A valid, moderately risky row (every feature of ml/features.json). */
export const validRow: RiskFeatures = {
  rootedDevice: 1,
  vpn: 1,
  proxyHops: 3,
  thermalAnomaly: 0,
  biometricFailures: 2,
  locationChangesPerHour: 3.5,
  amountZScore: -2.25,
  actionsPerHour: 40,
  rapidApiCalls: 120,
  unusualHour: 1,
};

/** A row at the benign baselines: low risk, no reasons. */
export const benignRow: RiskFeatures = {
  rootedDevice: 0,
  vpn: 0,
  proxyHops: 0,
  thermalAnomaly: 0,
  biometricFailures: 0,
  locationChangesPerHour: 0.08336,
  amountZScore: 0.03939,
  actionsPerHour: 4.137,
  rapidApiCalls: 4,
  unusualHour: 0,
};

const without = (name: string) => {
  const { [name]: _, ...rest } = validRow;
  return rest;
};

/** Feature objects the request schema must refuse, each with what is wrong with it. */
export const invalidFeatures: [string, unknown][] = [
  ["missing feature", without("vpn")],
  ["empty object", {}],
  ["above max (integer)", { ...validRow, proxyHops: 17 }],
  ["below min (number)", { ...validRow, amountZScore: -100.5 }],
  ["above max (number)", { ...validRow, actionsPerHour: 10000.01 }],
  ["negative count", { ...validRow, rapidApiCalls: -1 }],
  ["non-integer where integer", { ...validRow, biometricFailures: 1.5 }],
  ["boolean as 2", { ...validRow, rootedDevice: 2 }],
  ["boolean as 0.5", { ...validRow, unusualHour: 0.5 }],
  ["boolean as true", { ...validRow, vpn: true }],
  ["extra property", { ...validRow, deviceAge: 3 }],
  ["number as string", { ...validRow, actionsPerHour: "40" }],
  ["null value", { ...validRow, thermalAnomaly: null }],
  ["features as array", Object.values(validRow)],
  ["features as string", "rootedDevice=1"],
  ["features null", null],
];
