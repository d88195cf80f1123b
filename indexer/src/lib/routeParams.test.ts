import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { ApiError } from "./apiError.ts";
import {
  MAX_CCIP_MESSAGES,
  parseAddress,
  parseCandleQuery,
  parseCcipMessagesQuery,
  parseChainId,
  parseMessageId,
} from "./routeParams.ts";

const poolId = `0x${"Ab".repeat(32)}`;

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 400);
    return error.code;
  }
  return "no error";
}

describe("routeParams", () => {
  it("accepts addresses in any case and lowercases them", () => {
    assert.equal(parseAddress(`0x${"aB".repeat(20)}`), `0x${"ab".repeat(20)}`);
    for (const bad of [undefined, "", "0x12", `0x${"g".repeat(40)}`, `${"a".repeat(42)}`]) {
      assert.equal(
        code(() => parseAddress(bad)),
        "request.invalid_address",
      );
    }
  });

  it("accepts positive integer chain ids", () => {
    assert.equal(parseChainId(undefined), undefined);
    assert.equal(parseChainId("31337"), 31337);
    for (const bad of ["0", "-1", "1.5", "abc", "1e3", "9".repeat(20)]) {
      assert.equal(
        code(() => parseChainId(bad)),
        "request.invalid_chain_id",
      );
    }
  });

  it("parses a candle query", () => {
    assert.deepEqual(parseCandleQuery(poolId, { interval: "1h", from: "10", to: "10" }), {
      poolId: poolId.toLowerCase(),
      chainId: undefined,
      interval: "1h",
      from: 10n,
      to: 10n,
      base: undefined,
      quote: undefined,
      limit: 1000,
    });
  });

  it("names what is wrong with a bad candle query", () => {
    const q = (query: Record<string, string>, id = poolId) =>
      code(() => parseCandleQuery(id, query));
    assert.equal(q({ interval: "1m" }, "0x12"), "candles.invalid_pool_id");
    assert.equal(q({}), "candles.invalid_interval");
    assert.equal(q({ interval: "1d" }), "candles.invalid_interval");
    assert.equal(q({ interval: "1m", from: "x" }), "candles.invalid_time");
    assert.equal(q({ interval: "1m", to: "-1" }), "candles.invalid_time");
    assert.equal(q({ interval: "1m", from: "5", to: "4" }), "candles.invalid_range");
    assert.equal(q({ interval: "1m", limit: "0" }), "candles.invalid_limit");
    assert.equal(q({ interval: "1m", limit: "10001" }), "candles.invalid_limit");
    assert.equal(q({ interval: "1m", base: "0x1" }), "candles.invalid_token");
    assert.equal(q({ interval: "1m", chainId: "x" }), "request.invalid_chain_id");
  });

  it("repeats at most 200 characters of bad input in its messages", () => {
    const long = "z".repeat(5_000);
    const message = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        assert.ok(error instanceof ApiError);
        return error.message;
      }
      return "no error";
    };
    const messages = [
      message(() => parseAddress(long)),
      message(() => parseChainId(long)),
      message(() => parseCandleQuery(long, { interval: "1m" })),
      message(() => parseCandleQuery(poolId, { interval: long })),
      message(() => parseCandleQuery(poolId, { interval: "1m", from: long })),
      message(() => parseCandleQuery(poolId, { interval: "1m", limit: long })),
      message(() => parseCandleQuery(poolId, { interval: "1m", base: long })),
    ];
    for (const m of messages) {
      assert.ok(m.length < 320, `${m.length} characters: ${m.slice(0, 80)}...`);
      assert.match(m, /\(5000 characters\)/, "says how long the input was");
    }
  });

  it("reads the CCIP message list's filters, each optional", () => {
    assert.deepEqual(parseCcipMessagesQuery({}), {
      account: undefined,
      state: undefined,
      limit: 50,
    });
    assert.deepEqual(
      parseCcipMessagesQuery({ account: `0x${"aB".repeat(20)}`, state: "failed", limit: "7" }),
      { account: `0x${"ab".repeat(20)}`, state: "failed", limit: 7 },
    );
    const cases: [Record<string, string>, string][] = [
      [{ account: "0x12" }, "request.invalid_address"],
      [{ state: "pending" }, "ccip.invalid_state"],
      [{ state: "FAILED" }, "ccip.invalid_state"],
      [{ limit: "0" }, "ccip.invalid_limit"],
      [{ limit: String(MAX_CCIP_MESSAGES + 1) }, "ccip.invalid_limit"],
      [{ limit: "1e2" }, "ccip.invalid_limit"],
    ];
    for (const [query, expected] of cases) {
      assert.equal(
        code(() => parseCcipMessagesQuery(query)),
        expected,
        JSON.stringify(query),
      );
    }
  });

  it("accepts 32-byte message ids in any case and lowercases them", () => {
    assert.equal(parseMessageId(`0x${"Cd".repeat(32)}`), `0x${"cd".repeat(32)}`);
    for (const bad of [undefined, "", "0x12", `0x${"z".repeat(64)}`, `0x${"a".repeat(66)}`]) {
      assert.equal(
        code(() => parseMessageId(bad)),
        "ccip.invalid_message_id",
      );
    }
  });
});
