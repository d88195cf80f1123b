import { describe, expect, it, vi } from "vitest";
import {
  arrayShape,
  type FieldState,
  hashText,
  initialState,
  intBounds,
  limits,
  type Param,
  parseInputs,
  parseInteger,
  parseJsonValue,
  parseLeaf,
  readJson,
  scale1e18,
  stateFromValue,
  toJsonText,
  typeLabel,
  updateAt,
} from "./abiInput.ts";

const value = (r: { ok: boolean; value?: unknown; error?: string }) => {
  if (!r.ok) throw new Error(`expected ok, got error: ${r.error}`);
  return r.value;
};
const error = (r: { ok: boolean; error?: string }) => {
  if (r.ok) throw new Error("expected an error");
  return r.error as string;
};

const feedConfig: Param = {
  name: "config",
  type: "tuple",
  internalType: "struct IPriceOracle.FeedConfig",
  components: [
    { name: "aggregator", type: "address" },
    { name: "heartbeat", type: "uint32" },
    { name: "maxDeviation", type: "uint64" },
    { name: "rearmRounds", type: "uint8" },
  ],
};
const addr = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

describe("array shapes and labels", () => {
  it("reads the outermost dimension from the last bracket", () => {
    expect(arrayShape("uint256")).toBeUndefined();
    expect(arrayShape("uint256[]")).toEqual({ element: "uint256" });
    expect(arrayShape("uint256[3]")).toEqual({ element: "uint256", length: 3 });
    expect(arrayShape("uint256[][3]")).toEqual({ element: "uint256[]", length: 3 });
    expect(arrayShape("tuple[2][]")).toEqual({ element: "tuple[2]" });
  });
  it("names a struct by its Solidity name", () => {
    expect(typeLabel(feedConfig)).toBe("FeedConfig");
    expect(typeLabel({ ...feedConfig, type: "tuple[]" })).toBe("FeedConfig[]");
    expect(typeLabel({ type: "tuple", components: [] })).toBe("tuple");
    expect(typeLabel({ type: "address[]" })).toBe("address[]");
  });
});

describe("integers", () => {
  it("knows every size's bounds and refuses odd sizes", () => {
    expect(intBounds("uint8")).toEqual({ min: 0n, max: 255n, bits: 8 });
    expect(intBounds("int8")).toEqual({ min: -128n, max: 127n, bits: 8 });
    expect(intBounds("uint")).toEqual({ min: 0n, max: 2n ** 256n - 1n, bits: 256 });
    expect(intBounds("uint7")).toBeUndefined();
    expect(intBounds("uint264")).toBeUndefined();
    expect(intBounds("uint0")).toBeUndefined();
    expect(intBounds("address")).toBeUndefined();
  });
  it("parses decimal, hex, grouped and scientific whole numbers exactly", () => {
    expect(value(parseInteger("42"))).toBe(42n);
    expect(value(parseInteger(" 1_000,000 "))).toBe(1_000_000n);
    expect(value(parseInteger("0x2a"))).toBe(42n);
    expect(value(parseInteger("-0x2A"))).toBe(-42n);
    expect(value(parseInteger("1e18"))).toBe(10n ** 18n);
    expect(value(parseInteger("1.5e18"))).toBe(15n * 10n ** 17n);
    expect(value(parseInteger("1.50e1"))).toBe(15n);
    expect(value(parseInteger(".5e1"))).toBe(5n);
    expect(value(parseInteger("-2E3"))).toBe(-2000n);
  });
  it("refuses fractions, garbage and absurd lengths", () => {
    expect(error(parseInteger("1.5"))).toMatch(/whole number.*×1e18/);
    expect(error(parseInteger("1.55e1"))).toMatch(/not a whole number/);
    expect(error(parseInteger(""))).toMatch(/Enter a number/);
    expect(error(parseInteger("abc"))).toMatch(/Not a number/);
    expect(error(parseInteger("0x"))).toMatch(/Not a number/);
    expect(error(parseInteger("0xzz"))).toMatch(/Not a number/);
    expect(error(parseInteger("1e"))).toMatch(/Not a number/);
    expect(error(parseInteger("--1"))).toMatch(/Not a number/);
    expect(error(parseInteger("Infinity"))).toMatch(/Not a number/);
    expect(error(parseInteger("NaN"))).toMatch(/Not a number/);
    expect(error(parseInteger("1e99999"))).toMatch(/Not a number/);
    expect(error(parseInteger("9".repeat(5000)))).toMatch(/too long/);
  });
  it("holds uintN to 0 … 2^N-1", () => {
    expect(value(parseLeaf("uint8", "255"))).toBe(255n);
    expect(error(parseLeaf("uint8", "256"))).toMatch(/Out of range: uint8 holds 0 to 255/);
    expect(value(parseLeaf("uint256", (2n ** 256n - 1n).toString()))).toBe(2n ** 256n - 1n);
    expect(error(parseLeaf("uint256", (2n ** 256n).toString()))).toMatch(/Out of range/);
    expect(error(parseLeaf("uint256", `0x1${"0".repeat(64)}`))).toMatch(/Out of range/);
    expect(error(parseLeaf("uint32", "1e10"))).toMatch(/Out of range/);
    expect(value(parseLeaf("uint64", "0"))).toBe(0n);
  });
  it("refuses a negative uint", () => {
    expect(error(parseLeaf("uint256", "-1"))).toMatch(/cannot be negative/);
    expect(error(parseLeaf("uint8", "-0x01"))).toMatch(/cannot be negative/);
    expect(value(parseLeaf("uint8", "-0"))).toBe(0n);
  });
  it("holds intN to -2^(N-1) … 2^(N-1)-1", () => {
    expect(value(parseLeaf("int8", "-128"))).toBe(-128n);
    expect(value(parseLeaf("int8", "127"))).toBe(127n);
    expect(error(parseLeaf("int8", "-129"))).toMatch(/Out of range: int8 holds -128 to 127/);
    expect(error(parseLeaf("int8", "128"))).toMatch(/Out of range/);
    expect(value(parseLeaf("int256", (-(2n ** 255n)).toString()))).toBe(-(2n ** 255n));
    expect(error(parseLeaf("int256", (2n ** 255n).toString()))).toMatch(/Out of range/);
    expect(error(parseLeaf("int256", (-(2n ** 255n) - 1n).toString()))).toMatch(/Out of range/);
  });
  it("refuses integer types of sizes Solidity does not have", () => {
    expect(error(parseLeaf("uint7", "1"))).toMatch(/Unsupported integer type/);
    expect(error(parseLeaf("int512", "1"))).toMatch(/Unsupported integer type/);
  });
});

describe("the ×1e18 helper", () => {
  it("scales decimals to a whole number exactly", () => {
    expect(value(scale1e18("1.5"))).toBe("1500000000000000000");
    expect(value(scale1e18(""))).toBe("1000000000000000000");
    expect(value(scale1e18("-2"))).toBe("-2000000000000000000");
    expect(value(scale1e18(".000000000000000001"))).toBe("1");
    expect(value(scale1e18("1,000"))).toBe("1000000000000000000000");
  });
  it("refuses what it cannot scale exactly", () => {
    expect(error(scale1e18("0.0000000000000000001"))).toMatch(/More than 18 decimals/);
    expect(error(scale1e18("1e18"))).toMatch(/plain number/);
    expect(error(scale1e18("abc"))).toMatch(/plain number/);
    expect(error(scale1e18("1.2.3"))).toMatch(/plain number/);
    expect(error(scale1e18("."))).toMatch(/plain number/);
  });
});

describe("addresses", () => {
  it("accepts checksummed, lower and upper case, trimmed, and returns the checksummed form", () => {
    expect(value(parseLeaf("address", addr))).toBe(addr);
    expect(value(parseLeaf("address", ` ${addr.toLowerCase()} `))).toBe(addr);
    expect(value(parseLeaf("address", `0x${addr.slice(2).toUpperCase()}`))).toBe(addr);
  });
  it("refuses malformed addresses and a wrong checksum", () => {
    expect(error(parseLeaf("address", ""))).toMatch(/Enter an address/);
    expect(error(parseLeaf("address", addr.slice(0, 41)))).toMatch(/40 hex digits/);
    expect(error(parseLeaf("address", `${addr}00`))).toMatch(/40 hex digits/);
    expect(error(parseLeaf("address", addr.slice(2)))).toMatch(/40 hex digits/);
    expect(error(parseLeaf("address", `0x${"g".repeat(40)}`))).toMatch(/40 hex digits/);
    expect(error(parseLeaf("address", "vitalik.eth"))).toMatch(/40 hex digits/);
    const badChecksum = `0x5fBDB2315678afecb367f032d93F642f64180aa3`;
    expect(error(parseLeaf("address", badChecksum))).toMatch(/checksum/);
  });
});

describe("bool, string, bytes", () => {
  it("bool is true or false", () => {
    expect(value(parseLeaf("bool", "true"))).toBe(true);
    expect(value(parseLeaf("bool", " FALSE "))).toBe(false);
    expect(value(parseLeaf("bool", "1"))).toBe(true);
    expect(error(parseLeaf("bool", "yes"))).toMatch(/true or false/);
  });
  it("string is taken as typed, spaces and all", () => {
    expect(value(parseLeaf("string", "  hi  "))).toBe("  hi  ");
    expect(value(parseLeaf("string", ""))).toBe("");
    expect(value(parseLeaf("string", "ünïcødé 🚀"))).toBe("ünïcødé 🚀");
  });
  it("bytes is 0x and whole bytes", () => {
    expect(value(parseLeaf("bytes", "0x"))).toBe("0x");
    expect(value(parseLeaf("bytes", "0xDEADbeef"))).toBe("0xdeadbeef");
    expect(error(parseLeaf("bytes", ""))).toMatch(/0x for none/);
    expect(error(parseLeaf("bytes", "deadbeef"))).toMatch(/start with 0x/);
    expect(error(parseLeaf("bytes", "0xabc"))).toMatch(/odd number/);
    expect(error(parseLeaf("bytes", "0xzz"))).toMatch(/Only hex digits/);
  });
  it("bytesN needs exactly N bytes", () => {
    const b32 = `0x${"ab".repeat(32)}`;
    expect(value(parseLeaf("bytes32", b32))).toBe(b32);
    expect(error(parseLeaf("bytes32", "0x1234"))).toMatch(
      /exactly 32 bytes \(64 hex digits\); this has 2/,
    );
    expect(error(parseLeaf("bytes32", `${b32}00`))).toMatch(/this has 33/);
    expect(value(parseLeaf("bytes4", "0x01ffc9a7"))).toBe("0x01ffc9a7");
    expect(error(parseLeaf("bytes4", "0x01ffc9"))).toMatch(/exactly 4 bytes/);
    expect(error(parseLeaf("bytes33", "0x00"))).toMatch(/Unsupported/);
    expect(error(parseLeaf("bytes0", "0x"))).toMatch(/Unsupported/);
  });
  it("the keccak256 helper hashes text (role ids)", () => {
    expect(hashText("")).toBe("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    expect(value(parseLeaf("bytes32", hashText("MINTER_ROLE")))).toBe(
      "0x9f2df0fed2c77648de5860a4cc508cd0818c85b8b8a1ab4ceeef8d981c8956a6",
    );
  });
  it("refuses types it does not know", () => {
    expect(error(parseLeaf("fixed128x18", "1"))).toMatch(/Unsupported/);
    expect(error(parseLeaf("", "1"))).toMatch(/Unsupported/);
  });
});

describe("JSON for arrays and tuples", () => {
  it("keeps every digit of big numbers, quoted or not", () => {
    const big = (2n ** 256n - 1n).toString();
    expect(
      value(parseJsonValue({ type: "uint256[]" }, `[${big}, "${big}", "0x01", 1e18]`)),
    ).toEqual([2n ** 256n - 1n, 2n ** 256n - 1n, 1n, 10n ** 18n]);
  });
  it("reads a tuple as an object by name or a positional list", () => {
    const expected = [addr, 3600n, 5n * 10n ** 16n, 3n];
    expect(
      value(
        parseJsonValue(
          feedConfig,
          `{"aggregator":"${addr}","heartbeat":3600,"maxDeviation":"5e16","rearmRounds":3}`,
        ),
      ),
    ).toEqual(expected);
    expect(value(parseJsonValue(feedConfig, `["${addr}", 3600, "50000000000000000", 3]`))).toEqual(
      expected,
    );
  });
  it("says where garbage is, and what was expected", () => {
    const p = (text: string) => error(parseJsonValue(feedConfig, text));
    expect(p("")).toMatch(/Enter a JSON value/);
    expect(p("{")).toMatch(/Not valid JSON/);
    expect(p("[1,2,")).toMatch(/Not valid JSON/);
    expect(p("null")).toMatch(/Expected an object or a list.*got null/);
    expect(p('"x"')).toMatch(/got text/);
    expect(p("42")).toMatch(/got a number/);
    expect(p("[1,2]")).toMatch(/Expected 4 fields; this has 2/);
    expect(p(`{"aggregator":"${addr}"}`)).toMatch(/Missing field heartbeat/);
    expect(
      p(`{"aggregator":"${addr}","heartbeat":1,"maxDeviation":1,"rearmRounds":1,"evil":1}`),
    ).toMatch(/Unknown field "evil"/);
    expect(
      p(`{"aggregator":"${addr}","heartbeat":1,"maxDeviation":1,"rearmRounds":1,"__proto__":{}}`),
    ).toMatch(/Unknown field "__proto__"/);
    expect(p(`{"aggregator":42,"heartbeat":1,"maxDeviation":1,"rearmRounds":1}`)).toMatch(
      /At aggregator: Expected an address \(as a string\), got a number/,
    );
    expect(p(`{"aggregator":"0x12","heartbeat":1,"maxDeviation":1,"rearmRounds":1}`)).toMatch(
      /At aggregator: Not an address/,
    );
    expect(p(`["${addr}", -1, 1, 1]`)).toMatch(/At heartbeat: uint32 cannot be negative/);
    expect(p(`["${addr}", 1, 1, 256]`)).toMatch(
      /At rearmRounds: Out of range: uint8 holds 0 to 255/,
    );
    expect(p(`["${addr}", 1.5, 1, 1]`)).toMatch(/At heartbeat: Not a whole number/);
    expect(p(`["${addr}", true, 1, 1]`)).toMatch(/At heartbeat: Expected a number, got a boolean/);
    expect(p(`["${addr}", [1], 1, 1]`)).toMatch(/got a list/);
    expect(p(`["${addr}", {"a":1}, 1, 1]`)).toMatch(/got an object/);
  });
  it("checks array lengths, element types and nested positions", () => {
    expect(error(parseJsonValue({ type: "uint8[2]" }, "[1,2,3]"))).toMatch(
      /uint8\[2\] needs exactly 2 items; this has 3/,
    );
    expect(error(parseJsonValue({ type: "address[]" }, "{}"))).toMatch(/Expected a list/);
    expect(error(parseJsonValue({ type: "uint8[][]" }, "[[1],[2,300]]"))).toMatch(
      /At \[1\]\[1\]: Out of range/,
    );
    const tuples: Param = { ...feedConfig, type: "tuple[]" };
    expect(
      error(parseJsonValue(tuples, `[["${addr}",1,1,1],{"aggregator":"${addr}","heartbeat":"x"}]`)),
    ).toMatch(/At \[1\]\.heartbeat: Not a number/);
    expect(value(parseJsonValue({ type: "bytes4[]" }, `["0x01ffc9a7"]`))).toEqual(["0x01ffc9a7"]);
    expect(error(parseJsonValue({ type: "bytes4[]" }, `["0x01"]`))).toMatch(
      /At \[0\]: bytes4 needs exactly 4 bytes/,
    );
    expect(value(parseJsonValue({ type: "bool[]" }, `[true, "false", "1"]`))).toEqual([
      true,
      false,
      true,
    ]);
    expect(value(parseJsonValue({ type: "string[]" }, `["a", ""]`))).toEqual(["a", ""]);
    expect(error(parseJsonValue({ type: "string[]" }, `[1]`))).toMatch(/Expected text/);
  });
  it("handles deeply nested arrays, matching or not, without throwing", () => {
    const deep: Param = { type: "uint8[][][][][]" };
    expect(value(parseJsonValue(deep, "[[[[[1]]]]]"))).toEqual([[[[[1n]]]]]);
    expect(error(parseJsonValue(deep, "[[[[1]]]]"))).toMatch(
      /At \[0\]\[0\]\[0\]\[0\]: Expected a list/,
    );
    expect(error(parseJsonValue(deep, "[[[[[[1]]]]]]"))).toMatch(/Expected a number.*got a list/);
    // Far deeper JSON than any type: refused by the type, or by the parser, never a crash.
    const abyss = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    expect(parseJsonValue(deep, abyss).ok).toBe(false);
    const tooDeepType: Param = { type: `uint8${"[]".repeat(40)}` };
    const nested = `${"[".repeat(40)}1${"]".repeat(40)}`;
    expect(error(parseJsonValue(tooDeepType, nested))).toMatch(/Nested too deeply/);
  });
  it("refuses oversized JSON and huge lists", () => {
    expect(error(readJson(" ".repeat(limits.jsonChars + 1)))).toMatch(/too long|Enter/);
    expect(error(readJson(`[${"1,".repeat(limits.jsonChars / 2)}1]`))).toMatch(/too long/);
    const many = `[${Array.from({ length: limits.arrayItems + 1 }, () => "1").join(",")}]`;
    expect(error(parseJsonValue({ type: "uint8[]" }, many))).toMatch(/Too many items/);
  });
  it("refuses a number JSON cannot hold exactly when the parser has no source text", () => {
    // A runtime without JSON.parse source access hands the reviver the (rounded) float only.
    const original = JSON.parse;
    const spy = vi
      .spyOn(JSON, "parse")
      .mockImplementation((text: string, reviver?: (k: string, v: unknown) => unknown) =>
        original(text, reviver ? (k, v) => reviver(k, v) : undefined),
      );
    try {
      expect(value(parseJsonValue({ type: "uint256[]" }, "[1, 9007199254740991]"))).toEqual([
        1n,
        9007199254740991n,
      ]);
      expect(error(parseJsonValue({ type: "uint256[]" }, "[123456789012345678901]"))).toMatch(
        /too big for JSON.*string/,
      );
    } finally {
      spy.mockRestore();
    }
  });
});

describe("forms", () => {
  it("starts each type with the right shape", () => {
    expect(initialState({ type: "address" })).toEqual({ kind: "leaf", text: "" });
    expect(initialState({ type: "bool" })).toEqual({ kind: "leaf", text: "false" });
    expect(initialState({ type: "uint8[2]" })).toEqual({
      kind: "list",
      items: [
        { kind: "leaf", text: "" },
        { kind: "leaf", text: "" },
      ],
      mode: "fields",
      json: "",
    });
    expect(initialState({ type: "uint8[]" })).toMatchObject({ kind: "list", items: [] });
    expect(initialState(feedConfig)).toMatchObject({ kind: "tuple", mode: "fields" });
    // A huge fixed array starts as JSON rather than a thousand fields.
    expect(initialState({ type: "uint8[1000]" })).toMatchObject({ mode: "json", items: [] });
  });
  it("parses every input and reports each error under its field's path", () => {
    const inputs: Param[] = [{ name: "asset", type: "address" }, feedConfig, { type: "uint8[]" }];
    const states: FieldState[] = [
      { kind: "leaf", text: "nope" },
      {
        kind: "tuple",
        mode: "fields",
        json: "",
        fields: [
          { kind: "leaf", text: addr },
          { kind: "leaf", text: "-5" },
          { kind: "leaf", text: "1e16" },
          { kind: "leaf", text: "999" },
        ],
      },
      {
        kind: "list",
        mode: "fields",
        json: "",
        items: [
          { kind: "leaf", text: "1" },
          { kind: "leaf", text: "x" },
        ],
      },
    ];
    const result = parseInputs(inputs, states);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(["0", "1.1", "1.3", "2.1"]);
    expect(result.errors["1.1"]).toMatch(/cannot be negative/);
    expect(result.errors["1.3"]).toMatch(/Out of range/);
  });
  it("returns the arguments when everything is valid, JSON and fields mixed", () => {
    const inputs: Param[] = [feedConfig, { type: "uint256[2]" }];
    const states: FieldState[] = [
      {
        kind: "tuple",
        mode: "json",
        fields: [],
        json: `["${addr}", 60, 0, 1]`,
      },
      {
        kind: "list",
        mode: "fields",
        json: "",
        items: [
          { kind: "leaf", text: "1" },
          { kind: "leaf", text: "0x10" },
        ],
      },
    ];
    expect(parseInputs(inputs, states)).toEqual({
      ok: true,
      args: [
        [addr, 60n, 0n, 1n],
        [1n, 16n],
      ],
    });
  });
  it("reports a JSON field's error at that field, and mismatched or missing state safely", () => {
    const r = parseInputs([feedConfig], [{ kind: "tuple", mode: "json", fields: [], json: "[" }]);
    expect(r.ok ? undefined : r.errors["0"]).toMatch(/Not valid JSON/);
    const mismatch = parseInputs([feedConfig], [{ kind: "leaf", text: "x" }]);
    expect(mismatch.ok).toBe(false);
    const missing = parseInputs([{ type: "address" }], []);
    expect(missing.ok ? undefined : missing.errors["0"]).toMatch(/Missing/);
    const wrongLength = parseInputs(
      [{ type: "uint8[2]" }],
      [{ kind: "list", mode: "fields", json: "", items: [{ kind: "leaf", text: "1" }] }],
    );
    expect(wrongLength.ok ? undefined : wrongLength.errors["0"]).toMatch(/exactly 2 items/);
  });
  it("round-trips a value between JSON and fields", () => {
    const v = [addr, 60n, 0n, 1n];
    const text = toJsonText(v);
    expect(text).toBe(`["${addr}","60","0","1"]`);
    const state = stateFromValue(feedConfig, value(parseJsonValue(feedConfig, text)));
    expect(parseInputs([feedConfig], [state])).toEqual({ ok: true, args: [v] });
  });
  it("updates a nested field by path", () => {
    const state = initialState({ type: "tuple", components: [{ type: "uint8[2]" }] });
    const next = updateAt(state, [0, 1], () => ({ kind: "leaf", text: "7" }));
    expect(next).toMatchObject({ fields: [{ items: [{ text: "" }, { text: "7" }] }] });
    expect(updateAt({ kind: "leaf", text: "a" }, [3], () => ({ kind: "leaf", text: "b" }))).toEqual(
      {
        kind: "leaf",
        text: "a",
      },
    );
  });
});
