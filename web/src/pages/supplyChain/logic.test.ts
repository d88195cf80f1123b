// Supply-chain logic: the EIP-712 checkpoint exactly as SupplyChainCheckpoints.sol hashes it,
// locations, readings, checkpoint validation, relaying signed checkpoints (hostile input included),
// the status lifecycle, item names and the merged history.
import { fluxionDeployments } from "@fluxion/deploy";
import {
  concat,
  encodeAbiParameters,
  type Hex,
  hashTypedData,
  keccak256,
  maxInt256,
  minInt256,
  recoverTypedDataAddress,
  toHex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import {
  buildCheckpoint,
  buildRanges,
  type Checkpoint,
  checkpointTypedData,
  decodeLocation,
  describeReading,
  domainMatches,
  encodeLocation,
  formatReading,
  knownSensors,
  parseReading,
  parseSignedCheckpoint,
  sensorInfo,
  serializeSignedCheckpoint,
} from "./checkpoint.ts";
import {
  isClosed,
  itemName,
  nextStatuses,
  parseStatus,
  statusLabel,
  statusValue,
} from "./status.ts";
import {
  type CustodyEventRow,
  type FlagRow,
  logIndexOf,
  mergeTimeline,
  rangesOf,
  readingsOf,
} from "./timeline.ts";

const chainId = 31337;
const tracker = fluxionDeployments["31337"].contracts.SupplyChainTracker.address;
const temperature = keccak256(toHex("temperature.celsius_x100"));
const humidity = keccak256(toHex("humidity.percent_x100"));
// Hardhat's account #2, the dev chain's attestor.
const attestor = privateKeyToAccount(
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
);

const checkpoint: Checkpoint = {
  itemId: 4n,
  sequence: 2n,
  timestamp: 1_700_000_000n,
  location: encodeLocation("u33dc0") as Hex,
  readings: [
    { sensor: temperature, value: -250n },
    { sensor: humidity, value: 6_100n },
  ],
};

/** The digest as the Solidity computes it: EIP712._hashTypedDataV4(SupplyChainCheckpoints.hash(cp)). */
function solidityDigest(cp: Checkpoint): Hex {
  const readingTypehash = keccak256(toHex("SensorReading(bytes32 sensor,int256 value)"));
  const checkpointTypehash = keccak256(
    toHex(
      "Checkpoint(uint256 itemId,uint64 sequence,uint64 timestamp,bytes32 location,SensorReading[] readings)" +
        "SensorReading(bytes32 sensor,int256 value)",
    ),
  );
  const readingHashes = cp.readings.map((r) =>
    keccak256(
      encodeAbiParameters(
        [{ type: "bytes32" }, { type: "bytes32" }, { type: "int256" }],
        [readingTypehash, r.sensor, r.value],
      ),
    ),
  );
  const structHash = keccak256(
    encodeAbiParameters(
      [
        { type: "bytes32" },
        { type: "uint256" },
        { type: "uint64" },
        { type: "uint64" },
        { type: "bytes32" },
        { type: "bytes32" },
      ],
      [
        checkpointTypehash,
        cp.itemId,
        cp.sequence,
        cp.timestamp,
        cp.location,
        keccak256(readingHashes.length ? concat(readingHashes) : "0x"),
      ],
    ),
  );
  const domainSeparator = keccak256(
    encodeAbiParameters(
      [
        { type: "bytes32" },
        { type: "bytes32" },
        { type: "bytes32" },
        { type: "uint256" },
        { type: "address" },
      ],
      [
        keccak256(
          toHex(
            "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)",
          ),
        ),
        keccak256(toHex("Fluxion SupplyChainTracker")),
        keccak256(toHex("1")),
        BigInt(chainId),
        tracker,
      ],
    ),
  );
  return keccak256(concat(["0x1901", domainSeparator, structHash]));
}

describe("EIP-712 checkpoints", () => {
  it("hash exactly as SupplyChainTracker.checkpointDigest, with and without readings", () => {
    expect(hashTypedData(checkpointTypedData(chainId, tracker, checkpoint))).toBe(
      solidityDigest(checkpoint),
    );
    const bare = { ...checkpoint, readings: [] };
    expect(hashTypedData(checkpointTypedData(chainId, tracker, bare))).toBe(solidityDigest(bare));
    const extreme = {
      ...checkpoint,
      itemId: 2n ** 256n - 1n,
      sequence: 2n ** 64n - 1n,
      readings: [{ sensor: temperature, value: minInt256 }],
    };
    expect(hashTypedData(checkpointTypedData(chainId, tracker, extreme))).toBe(
      solidityDigest(extreme),
    );
  });

  it("checks the tracker's eip712Domain() against what the app signs for", () => {
    const onChain = [
      "0x0f",
      "Fluxion SupplyChainTracker",
      "1",
      31337n,
      tracker,
      `0x${"0".repeat(64)}`,
      [],
    ] as const;
    expect(domainMatches(onChain, chainId, tracker)).toBe(true);
    expect(domainMatches(onChain, chainId, tracker.toLowerCase() as Hex)).toBe(true);
    expect(
      domainMatches({ ...onChain, 2: "2" } as unknown as typeof onChain, chainId, tracker),
    ).toBe(false);
    expect(
      domainMatches([...onChain.slice(0, 3), 1n, ...onChain.slice(4)] as never, chainId, tracker),
    ).toBe(false);
    expect(domainMatches(undefined, chainId, tracker)).toBe(false);
  });

  it("round-trips a signed checkpoint through the relay JSON and recovers the attestor", async () => {
    const typed = checkpointTypedData(chainId, tracker, checkpoint);
    const signature = await attestor.signTypedData(typed);
    const json = serializeSignedCheckpoint(checkpoint, signature);
    const parsed = parseSignedCheckpoint(json);
    if (parsed.error !== undefined) throw new Error(parsed.error);
    expect(parsed.checkpoint).toEqual(checkpoint);
    const signer = await recoverTypedDataAddress({
      ...checkpointTypedData(chainId, tracker, parsed.checkpoint),
      signature: parsed.signature,
    });
    expect(signer).toBe(attestor.address);
  });

  it("refuses malformed relay JSON with a reason", () => {
    const good = JSON.parse(serializeSignedCheckpoint(checkpoint, `0x${"ab".repeat(65)}`));
    const bad = (change: Record<string, unknown>) =>
      parseSignedCheckpoint(JSON.stringify({ ...good, ...change }));
    expect(parseSignedCheckpoint("not json").error).toMatch(/not JSON/);
    expect(parseSignedCheckpoint("[]").error).toMatch(/object/);
    expect(parseSignedCheckpoint("null").error).toMatch(/object/);
    expect(parseSignedCheckpoint("x".repeat(30_000)).error).toMatch(/too long/);
    expect(bad({ itemId: "0" }).error).toMatch(/itemId/);
    expect(bad({ itemId: "-1" }).error).toMatch(/itemId/);
    expect(bad({ itemId: (2n ** 256n).toString() }).error).toMatch(/itemId/);
    expect(bad({ itemId: 1.5 }).error).toMatch(/itemId/);
    expect(bad({ itemId: 4 }).error).toBeUndefined();
    expect(bad({ sequence: (2n ** 64n).toString() }).error).toMatch(/sequence/);
    expect(bad({ timestamp: "soon" }).error).toMatch(/timestamp/);
    expect(bad({ location: "u33dc0" }).error).toMatch(/location/);
    expect(bad({ readings: "none" }).error).toMatch(/list/);
    expect(bad({ readings: Array(17).fill(good.readings[0]) }).error).toMatch(/At most 16/);
    expect(bad({ readings: [null] }).error).toMatch(/Each reading/);
    expect(
      bad({ readings: [{ sensor: temperature, value: (maxInt256 + 1n).toString() }] }).error,
    ).toMatch(/Each reading/);
    expect(bad({ readings: [{ sensor: "0x12", value: "1" }] }).error).toMatch(/Each reading/);
    expect(bad({ signature: "0x1234" }).error).toMatch(/65 bytes/);
    expect(bad({ signature: undefined }).error).toMatch(/65 bytes/);
    expect(parseSignedCheckpoint('{"__proto__": {"itemId": "1"}}').error).toMatch(/itemId/);
  });
});

describe("locations", () => {
  it("stores a geohash left-aligned in bytes32 and reads it back", () => {
    const hex = encodeLocation(" U33DC0 ") as Hex;
    expect(hex).toBe(`0x${Buffer.from("u33dc0").toString("hex").padEnd(64, "0")}`);
    expect(decodeLocation(hex)).toBe("u33dc0");
    expect(encodeLocation("u33dc0u33dc0")).toBeDefined();
    for (const bad of ["", "u33dc0u33dc0u", "Paris", "u33 dc0", "ail", "u33dc0\u0000"]) {
      expect(encodeLocation(bad)).toBeUndefined();
    }
    expect(decodeLocation(`0x${"0".repeat(64)}`)).toBe("—");
    const binary = `0x${"ff".repeat(32)}`;
    expect(decodeLocation(binary)).toBe(binary);
    expect(decodeLocation("0x1234")).toBe("0x1234");
  });
});

describe("readings", () => {
  it("parses signed decimals into the sensor's scaled integer", () => {
    expect(parseReading("4.6", 2)).toBe(460n);
    expect(parseReading("-2.5", 2)).toBe(-250n);
    expect(parseReading("−2.5", 2)).toBe(-250n);
    expect(parseReading("+3", 2)).toBe(300n);
    expect(parseReading(".5", 2)).toBe(50n);
    expect(parseReading("12", 0)).toBe(12n);
    for (const bad of [
      "",
      "-",
      ".",
      "1.234",
      "1e3",
      "abc",
      "1,5",
      "--1",
      "0x10",
      "1.5",
      "9".repeat(100),
    ]) {
      expect(parseReading(bad, bad === "1.5" ? 0 : 2)).toBeUndefined();
    }
    expect(parseReading(maxInt256.toString(), 0)).toBe(maxInt256);
    expect(parseReading((maxInt256 + 1n).toString(), 0)).toBeUndefined();
    expect(parseReading(minInt256.toString(), 0)).toBe(minInt256);
  });

  it("formats scaled integers back in the sensor's unit", () => {
    expect(formatReading(460n, 2)).toBe("4.6");
    expect(formatReading("-250", 2)).toBe("-2.5");
    expect(formatReading("-5", 2)).toBe("-0.05");
    expect(formatReading(7200n, 2)).toBe("72");
    expect(formatReading(12n, 0)).toBe("12");
    expect(formatReading("junk", 2)).toBe("junk");
    expect(describeReading(temperature, "460")).toBe("Temperature 4.6 °C");
    expect(describeReading(humidity, "7200")).toBe("Humidity 72 %");
    expect(describeReading(`0x${"12".repeat(32)}`, "7")).toBe("Sensor 0x121212…1212 7");
  });

  it("knows the seeded sensors by their hashed names", () => {
    expect(sensorInfo(temperature)).toMatchObject({
      label: "Temperature",
      unit: "°C",
      decimals: 2,
    });
    expect(sensorInfo(humidity.toUpperCase().replace("0X", "0x"))).toMatchObject({
      label: "Humidity",
    });
    expect(knownSensors.find((s) => s.name === "light.lux")?.decimals).toBe(0);
    expect(knownSensors.find((s) => s.name === "pressure.hpa_x10")?.decimals).toBe(1);
  });

  it("builds sensor ranges for registration", () => {
    const t = sensorInfo(temperature);
    expect(buildRanges([{ sensor: t, enabled: true, min: "2", max: "8" }])).toEqual({
      ranges: [{ sensor: temperature, min: 200n, max: 800n }],
    });
    expect(buildRanges([{ sensor: t, enabled: false, min: "x", max: "y" }])).toEqual({
      ranges: [],
    });
    expect(buildRanges([{ sensor: t, enabled: true, min: "8", max: "2" }]).error).toMatch(
      /minimum is above/,
    );
    expect(buildRanges([{ sensor: t, enabled: true, min: "2.001", max: "8" }]).error).toMatch(
      /decimals/,
    );
    expect(
      buildRanges([
        { sensor: t, enabled: true, min: "1", max: "2" },
        { sensor: t, enabled: true, min: "1", max: "2" },
      ]).error,
    ).toMatch(/twice/);
  });
});

describe("building a checkpoint", () => {
  const base = {
    itemId: 1n,
    sequence: 0n,
    timestamp: 1_000n,
    location: "u33dc0",
    readings: [
      { sensor: temperature, text: "4.6", decimals: 2 },
      { sensor: humidity, text: "", decimals: 2 },
    ],
    chainNow: 1_000n,
    lastCheckpointAt: 900n,
  };

  it("keeps the readings given and checks what the tracker checks", () => {
    const result = buildCheckpoint(base);
    expect(result.checkpoint).toEqual({
      itemId: 1n,
      sequence: 0n,
      timestamp: 1_000n,
      location: encodeLocation("u33dc0"),
      readings: [{ sensor: temperature, value: 460n }],
    });
    expect(buildCheckpoint({ ...base, timestamp: 1_001n }).error).toMatch(/future/);
    expect(buildCheckpoint({ ...base, timestamp: 899n }).error).toMatch(
      /before the item's previous/,
    );
    expect(buildCheckpoint({ ...base, timestamp: 900n }).checkpoint).toBeDefined();
    expect(buildCheckpoint({ ...base, location: "" }).error).toMatch(/geohash/);
    expect(buildCheckpoint({ ...base, location: "Rotterdam harbour" }).error).toMatch(/geohash/);
    expect(
      buildCheckpoint({ ...base, readings: [{ sensor: temperature, text: "hot", decimals: 2 }] })
        .error,
    ).toMatch(/Temperature: enter a number with at most 2 decimals/);
    expect(
      buildCheckpoint({
        ...base,
        readings: [
          { sensor: temperature, text: "1", decimals: 2 },
          { sensor: temperature, text: "2", decimals: 2 },
        ],
      }).error,
    ).toMatch(/twice/);
    const many = Array.from({ length: 17 }, (_, i) => ({
      sensor: keccak256(toHex(`s${i}`)),
      text: "1",
      decimals: 0,
    }));
    expect(buildCheckpoint({ ...base, readings: many }).error).toMatch(/At most 16/);
    expect(buildCheckpoint({ ...base, readings: [] }).checkpoint?.readings).toEqual([]);
  });
});

describe("status lifecycle", () => {
  it("mirrors SupplyChainStatus's transitions table", () => {
    expect(nextStatuses("registered", false)).toEqual(["in_transit", "stored", "recalled"]);
    expect(nextStatuses("in_transit", false)).toEqual(["stored", "delivered", "recalled"]);
    expect(nextStatuses("in_transit", true)).toEqual(["stored", "recalled"]);
    expect(nextStatuses("stored", false)).toEqual(["in_transit", "delivered", "recalled"]);
    expect(nextStatuses("delivered", false)).toEqual([]);
    expect(nextStatuses("recalled", false)).toEqual([]);
    expect(nextStatuses(undefined, false)).toEqual([]);
    expect(isClosed("delivered")).toBe(true);
    expect(isClosed("stored")).toBe(false);
    expect(statusValue("in_transit")).toBe(1);
    expect(statusValue("recalled")).toBe(4);
    expect(parseStatus("lost")).toBeUndefined();
    expect(statusLabel("in_transit")).toBe("In transit");
    expect(statusLabel("status9")).toBe("status9");
    expect(statusLabel(null)).toBe("Unknown");
  });

  it("names items from their URI, falling back to the number", () => {
    expect(itemName("demo://supply-chain/Coffee%20lot%2077", "2")).toBe("Coffee lot 77");
    expect(itemName("ipfs://bafy/metadata.json?x=1#y", "2")).toBe("metadata.json");
    expect(itemName("", "3")).toBe("Item #3");
    expect(itemName(null, 3n)).toBe("Item #3");
    expect(itemName("demo://", "4")).toBe("Item #4");
    expect(itemName("demo://x/%E0%A4%A", "5")).toBe("%E0%A4%A");
    expect(itemName("demo://x/%00%01", "6")).toBe("Item #6");
    expect(itemName(`demo://x/${"a".repeat(300)}`, "7")).toHaveLength(80);
  });
});

describe("history", () => {
  const tx = `0x${"aa".repeat(32)}`;
  const custody = (id: string, block: string, kind: string): CustodyEventRow => ({
    id,
    kind,
    from: null,
    to: null,
    statusFrom: null,
    statusTo: null,
    blockNumber: block,
    timestamp: "0",
    transactionHash: tx,
  });
  const flag = (id: string, block: string, sequence: string): FlagRow => ({
    id,
    sequence,
    sensor: temperature,
    value: "900",
    min: "200",
    max: "800",
    cleared: false,
    clearedBy: null,
    clearReason: null,
    blockNumber: block,
    timestamp: "0",
  });
  const cp = (sequence: string, block: string) => ({
    sequence,
    attestor: "0x",
    observedAt: "0",
    location: "0x",
    readings: [],
    outOfRange: 0,
    blockNumber: block,
    transactionHash: tx,
  });

  it("orders events by block and log index, each checkpoint just before its flags", () => {
    const merged = mergeTimeline(
      [
        custody(`1:${tx}:3`, "20", "offered"),
        custody(`1:${tx}:0`, "10", "registered"),
        custody(`1:${tx}:1`, "20", "status"),
      ],
      [cp("1", "40"), cp("0", "30")],
      [flag(`1:${tx}:5`, "40", "1"), flag(`1:${tx}:4`, "40", "1")],
    );
    expect(
      merged.map((e) =>
        e.type === "custody"
          ? e.event.kind
          : e.type === "checkpoint"
            ? `cp${e.checkpoint.sequence}`
            : `flag${logIndexOf(e.flag.id)}`,
      ),
    ).toEqual(["registered", "status", "offered", "cp0", "cp1", "flag4", "flag5"]);
    expect(mergeTimeline([], [], [])).toEqual([]);
  });

  it("survives malformed ids and blocks", () => {
    const merged = mergeTimeline(
      [custody("weird", "x", "registered"), custody(`1:${tx}:2`, "1", "status")],
      [],
      [],
    );
    expect(merged.map((e) => e.type === "custody" && e.event.kind)).toEqual([
      "registered",
      "status",
    ]);
    expect(logIndexOf("1:0xabc:17")).toBe(17);
    expect(logIndexOf("nothing")).toBeUndefined();
  });

  it("keeps only well-formed readings and ranges from JSON columns", () => {
    expect(
      readingsOf([
        { sensor: temperature, value: "-5" },
        { sensor: 1, value: "2" },
        null,
        { sensor: "x", value: "1.5" },
      ]),
    ).toEqual([{ sensor: temperature, value: "-5" }]);
    expect(readingsOf("junk")).toEqual([]);
    expect(
      rangesOf([
        { sensor: temperature, min: "200", max: "800" },
        { sensor: temperature, min: "a" },
      ]),
    ).toEqual([{ sensor: temperature, min: "200", max: "800" }]);
    expect(rangesOf({})).toEqual([]);
  });
});
