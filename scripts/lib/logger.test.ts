import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { isWarningOrError } from "./logger.ts";

describe("isWarningOrError", () => {
  it("passes pino warnings and errors to the console, not its info and request lines", () => {
    assert.equal(isWarningOrError('{"level":30,"reqId":"req-1","msg":"incoming request"}'), false);
    assert.equal(isWarningOrError('{"level":20,"msg":"debug"}'), false);
    assert.equal(isWarningOrError('{"level":40,"msg":"event delivery failed"}'), true);
    assert.equal(isWarningOrError('{"level":50,"msg":"bridge poll failed"}'), true);
    assert.equal(isWarningOrError('{"level":"warn","msg":"string levels too"}'), true);
  });

  it("judges other lines by their words", () => {
    assert.equal(isWarningOrError("eth_call"), false);
    assert.equal(isWarningOrError("Listening on 127.0.0.1:42001"), false);
    assert.equal(isWarningOrError("WARN  something odd"), true);
    assert.equal(isWarningOrError("Error: connection refused"), true);
    assert.equal(isWarningOrError("{not json, with an error}"), true);
  });
});
