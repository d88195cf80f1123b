// Checkpoints as SupplyChainTracker defines them: the EIP-712 typed data an attestor signs (domain
// "Fluxion SupplyChainTracker" version "1", types Checkpoint and SensorReading exactly as
// SupplyChainCheckpoints.sol hashes them), geohash locations in a left-aligned bytes32, sensor
// readings as scaled signed integers, and the signed checkpoint as JSON for whoever relays it.
import {
  type Address,
  type Hex,
  hexToString,
  keccak256,
  maxInt256,
  minInt256,
  stringToHex,
} from "viem";

export const trackerDomainName = "Fluxion SupplyChainTracker";
export const trackerDomainVersion = "1";
/** Most readings one checkpoint may carry (`MAX_READINGS`). */
export const maxReadings = 16;

export const checkpointTypes = {
  Checkpoint: [
    { name: "itemId", type: "uint256" },
    { name: "sequence", type: "uint64" },
    { name: "timestamp", type: "uint64" },
    { name: "location", type: "bytes32" },
    { name: "readings", type: "SensorReading[]" },
  ],
  SensorReading: [
    { name: "sensor", type: "bytes32" },
    { name: "value", type: "int256" },
  ],
} as const;

export type SensorReading = { sensor: Hex; value: bigint };
export type Checkpoint = {
  itemId: bigint;
  sequence: bigint;
  timestamp: bigint;
  location: Hex;
  readings: SensorReading[];
};

export function checkpointDomain(chainId: number, tracker: Address) {
  return {
    name: trackerDomainName,
    version: trackerDomainVersion,
    chainId,
    verifyingContract: tracker,
  } as const;
}

/** The typed data for `signTypedData` (wagmi/viem) and `hashTypedData`. */
export function checkpointTypedData(chainId: number, tracker: Address, checkpoint: Checkpoint) {
  return {
    domain: checkpointDomain(chainId, tracker),
    types: checkpointTypes,
    primaryType: "Checkpoint" as const,
    message: checkpoint,
  };
}

/**
 * Whether the tracker's `eip712Domain()` is the one this app signs for; a mismatch means a different
 * contract version, and a signature would not verify.
 */
export function domainMatches(
  onChain: readonly [Hex, string, string, bigint, Address, Hex, readonly bigint[]] | undefined,
  chainId: number,
  tracker: Address,
): boolean {
  if (!Array.isArray(onChain) || onChain.length < 5) return false;
  const [, name, version, id, verifyingContract] = onChain;
  return (
    name === trackerDomainName &&
    version === trackerDomainVersion &&
    id === BigInt(chainId) &&
    typeof verifyingContract === "string" &&
    verifyingContract.toLowerCase() === tracker.toLowerCase()
  );
}

// ---------------------------------------------------------------- locations

const geohashAlphabet = /^[0123456789bcdefghjkmnpqrstuvwxyz]+$/;

/** A geohash (1 to 12 characters) as the tracker stores it: ASCII, left-aligned, zero-padded. */
export function encodeLocation(text: string): Hex | undefined {
  const geohash = text.trim().toLowerCase();
  if (geohash.length < 1 || geohash.length > 12 || !geohashAlphabet.test(geohash)) return undefined;
  return stringToHex(geohash, { size: 32 });
}

/** A stored location back to text: the geohash, or the hex when it is not printable ASCII. */
export function decodeLocation(location: string): string {
  if (!/^0x[0-9a-fA-F]{64}$/.test(location)) return location;
  const trimmed = location.replace(/(00)+$/, "");
  if (trimmed === "0x") return "—";
  const bytes = trimmed.slice(2).match(/../g) ?? [];
  if (!bytes.every((b) => Number.parseInt(b, 16) >= 0x20 && Number.parseInt(b, 16) < 0x7f)) {
    return location;
  }
  return hexToString(trimmed as Hex);
}

// ---------------------------------------------------------------- sensors and readings

export type SensorInfo = { id: Hex; name: string; label: string; unit: string; decimals: number };

/** Sensor ids are keccak256 of a name carrying the unit and scale ("temperature.celsius_x100"). */
const sensorNames: [string, string, string][] = [
  ["temperature.celsius_x100", "Temperature", "°C"],
  ["temperature.c_x100", "Temperature", "°C"],
  ["humidity.percent_x100", "Humidity", "%"],
  ["pressure.hpa_x10", "Pressure", "hPa"],
  ["shock.g_x100", "Shock", "g"],
  ["light.lux", "Light", "lux"],
];

function scaleDecimals(name: string): number {
  const match = /_x(10+)$/.exec(name);
  return match ? (match[1] as string).length - 1 : 0;
}

export const knownSensors: SensorInfo[] = sensorNames.map(([name, label, unit]) => ({
  id: keccak256(stringToHex(name)),
  name,
  label,
  unit,
  decimals: scaleDecimals(name),
}));

export function sensorInfo(id: string): SensorInfo {
  const known = knownSensors.find((s) => s.id.toLowerCase() === id.toLowerCase());
  if (known) return known;
  const short = id.length > 12 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id;
  return { id: id as Hex, name: id, label: `Sensor ${short}`, unit: "", decimals: 0 };
}

/**
 * A reading typed in the sensor's unit ("-2.5" °C) as the scaled integer the tracker stores (-250 for
 * a ×100 sensor); undefined for anything else (garbage, too many decimals, beyond int256).
 */
export function parseReading(text: string, decimals: number): bigint | undefined {
  const trimmed = text.trim().replace(/^\+/, "").replace(/−/g, "-");
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(trimmed) || trimmed.length > 90) return undefined;
  const negative = trimmed.startsWith("-");
  const [whole = "", fraction = ""] = (negative ? trimmed.slice(1) : trimmed).split(".");
  if (fraction.length > decimals) return undefined;
  const magnitude =
    BigInt(whole || "0") * 10n ** BigInt(decimals) +
    BigInt((fraction + "0".repeat(decimals)).slice(0, decimals) || "0");
  const value = negative ? -magnitude : magnitude;
  return value < minInt256 || value > maxInt256 ? undefined : value;
}

/** A stored reading in the sensor's unit: -250 (×100) → "-2.5". */
export function formatReading(value: bigint | string, decimals: number): string {
  let v: bigint;
  try {
    v = BigInt(value);
  } catch {
    return String(value);
  }
  const negative = v < 0n;
  const abs = negative ? -v : v;
  if (decimals <= 0) return `${negative ? "-" : ""}${abs}`;
  const scale = 10n ** BigInt(decimals);
  const fraction = (abs % scale).toString().padStart(decimals, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${abs / scale}${fraction ? `.${fraction}` : ""}`;
}

export function describeReading(sensor: string, value: bigint | string): string {
  const info = sensorInfo(sensor);
  return `${info.label} ${formatReading(value, info.decimals)}${info.unit ? ` ${info.unit}` : ""}`;
}

/** Sensor ranges for `registerItem` from a form: inclusive bounds in the sensor's unit. */
export function buildRanges(
  inputs: { sensor: SensorInfo; enabled: boolean; min: string; max: string }[],
): { ranges: { sensor: Hex; min: bigint; max: bigint }[]; error?: undefined } | { error: string } {
  const ranges: { sensor: Hex; min: bigint; max: bigint }[] = [];
  for (const input of inputs) {
    if (!input.enabled) continue;
    const { label, decimals, id } = input.sensor;
    const min = parseReading(input.min, decimals);
    const max = parseReading(input.max, decimals);
    if (min === undefined || max === undefined) {
      return { error: `${label}: enter numbers with at most ${decimals} decimals.` };
    }
    if (min > max) return { error: `${label}: the minimum is above the maximum.` };
    if (ranges.some((r) => r.sensor.toLowerCase() === id.toLowerCase())) {
      return { error: `${label} is monitored twice.` };
    }
    ranges.push({ sensor: id, min, max });
  }
  if (ranges.length > 8) return { error: "At most 8 sensors per item." };
  return { ranges };
}

// ---------------------------------------------------------------- building a checkpoint

export type ReadingInput = { sensor: Hex; text: string; decimals: number };

export type CheckpointResult =
  | { checkpoint: Checkpoint; error?: undefined }
  | { checkpoint?: undefined; error: string };

/** The checkpoint a form describes, checked as the tracker will check it (except the signer). */
export function buildCheckpoint(input: {
  itemId: bigint;
  sequence: bigint;
  timestamp: bigint;
  location: string;
  readings: ReadingInput[];
  /** The chain's current time and the item's previous checkpoint time (or registration). */
  chainNow: bigint;
  lastCheckpointAt: bigint;
}): CheckpointResult {
  const location = encodeLocation(input.location);
  if (!location)
    return { error: "Enter the location as a geohash of 1 to 12 characters (like u33dc0)." };
  if (input.timestamp > input.chainNow) return { error: "The observation time is in the future." };
  if (input.timestamp < input.lastCheckpointAt) {
    return { error: "The observation time is before the item's previous checkpoint." };
  }
  const readings: SensorReading[] = [];
  const seen = new Set<string>();
  for (const r of input.readings) {
    if (r.text.trim() === "") continue;
    const value = parseReading(r.text, r.decimals);
    const info = sensorInfo(r.sensor);
    if (value === undefined) {
      return {
        error: `${info.label}: enter a number${r.decimals > 0 ? ` with at most ${r.decimals} decimals` : ""}.`,
      };
    }
    if (seen.has(r.sensor.toLowerCase())) return { error: `${info.label} is given twice.` };
    seen.add(r.sensor.toLowerCase());
    readings.push({ sensor: r.sensor, value });
  }
  if (readings.length > maxReadings)
    return { error: `At most ${maxReadings} readings per checkpoint.` };
  return {
    checkpoint: {
      itemId: input.itemId,
      sequence: input.sequence,
      timestamp: input.timestamp,
      location,
      readings,
    },
  };
}

// ---------------------------------------------------------------- relaying a signed checkpoint

export function serializeSignedCheckpoint(checkpoint: Checkpoint, signature: Hex): string {
  return JSON.stringify(
    {
      itemId: checkpoint.itemId.toString(),
      sequence: checkpoint.sequence.toString(),
      timestamp: checkpoint.timestamp.toString(),
      location: checkpoint.location,
      readings: checkpoint.readings.map((r) => ({ sensor: r.sensor, value: r.value.toString() })),
      signature,
    },
    null,
    2,
  );
}

const maxUint64 = 2n ** 64n - 1n;
const maxUint256 = 2n ** 256n - 1n;

function unsigned(value: unknown, max: bigint): bigint | undefined {
  const text = typeof value === "number" && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== "string" || !/^\d{1,78}$/.test(text)) return undefined;
  const n = BigInt(text);
  return n <= max ? n : undefined;
}

function signed(value: unknown): bigint | undefined {
  const text = typeof value === "number" && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== "string" || !/^-?\d{1,78}$/.test(text)) return undefined;
  const n = BigInt(text);
  return n < minInt256 || n > maxInt256 ? undefined : n;
}

const bytes32 = (v: unknown): v is Hex => typeof v === "string" && /^0x[0-9a-fA-F]{64}$/.test(v);

export type SignedCheckpoint = { checkpoint: Checkpoint; signature: Hex };

/** Parses a signed checkpoint pasted by a relayer; a reason in words for anything malformed. */
export function parseSignedCheckpoint(
  text: string,
): (SignedCheckpoint & { error?: undefined }) | { error: string } {
  if (text.length > 20_000) return { error: "That is far too long to be a signed checkpoint." };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return {
      error: "That is not JSON: paste the signed checkpoint exactly as the attestor shared it.",
    };
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    return { error: "A signed checkpoint is a JSON object." };
  }
  const o = raw as Record<string, unknown>;
  const itemId = unsigned(o.itemId, maxUint256);
  if (itemId === undefined || itemId === 0n)
    return { error: "itemId must be a positive whole number." };
  const sequence = unsigned(o.sequence, maxUint64);
  if (sequence === undefined) return { error: "sequence must be a whole number (uint64)." };
  const timestamp = unsigned(o.timestamp, maxUint64);
  if (timestamp === undefined) return { error: "timestamp must be unix seconds (uint64)." };
  if (!bytes32(o.location)) return { error: "location must be 32 bytes of hex." };
  if (!Array.isArray(o.readings)) return { error: "readings must be a list." };
  if (o.readings.length > maxReadings) return { error: `At most ${maxReadings} readings.` };
  const readings: SensorReading[] = [];
  for (const r of o.readings as unknown[]) {
    const entry = (r ?? {}) as Record<string, unknown>;
    const value = signed(entry.value);
    if (!bytes32(entry.sensor) || value === undefined) {
      return { error: "Each reading needs a 32-byte sensor id and a whole-number value." };
    }
    readings.push({ sensor: entry.sensor, value });
  }
  const signature = o.signature;
  if (typeof signature !== "string" || !/^0x[0-9a-fA-F]{130}$/.test(signature)) {
    return { error: "signature must be 65 bytes of hex." };
  }
  return {
    checkpoint: { itemId, sequence, timestamp, location: o.location, readings },
    signature: signature as Hex,
  };
}
