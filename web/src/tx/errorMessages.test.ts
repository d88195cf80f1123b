// Every custom error any Fluxion contract can revert with has a sentence, and each sentence renders
// for arguments of the error's own types without "undefined", "NaN" or "[object Object]".
import assert from "node:assert/strict";
import { fluxionAbis } from "@fluxion/deploy";
import { encodeErrorResult, type Hex } from "viem";
import { describe, it } from "vitest";
import { allErrorAbis, decodeError, decodeRevertData, describeRevert } from "./decodeError.ts";
import { errorMessages } from "./errorMessages.ts";

type Param = { type: string; components?: readonly Param[] };

/** A plausible value of an ABI type (what viem would decode). */
function sample(param: Param): unknown {
  const { type } = param;
  if (type.endsWith("[]")) return [sample({ ...param, type: type.slice(0, -2) })];
  if (type === "tuple") return (param.components ?? []).map(sample);
  if (type === "address") return "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
  if (type === "bool") return true;
  if (type === "string") return "a string";
  if (type === "bytes") return "0x1234";
  if (type.startsWith("bytes")) return `0x${"ab".repeat(Number(type.slice(5)))}`;
  const bits = Number(type.replace(/^u?int/, "") || 256);
  const value = 1234567890123456789n % 2n ** BigInt(bits - 1);
  return bits <= 48 ? Number(value % 200n) : value;
}

describe("contract errors in plain words", () => {
  const names = new Set<string>();
  for (const abi of Object.values(fluxionAbis)) {
    for (const item of abi as readonly { type: string; name?: string }[]) {
      if (item.type === "error" && item.name) names.add(item.name);
    }
  }

  it("has a message for every error every contract defines, and none for errors that do not exist", () => {
    const missing = [...names].filter((name) => !(name in errorMessages));
    const unknown = Object.keys(errorMessages).filter((name) => !names.has(name));
    assert.deepEqual(missing, [], "errors without a message");
    assert.deepEqual(unknown, [], "messages for errors no contract defines");
  });

  it("renders every message for sample arguments as a readable sentence", () => {
    for (const error of allErrorAbis) {
      const args = (error.inputs as Param[]).map(sample);
      const { message } = describeRevert(error.name, args);
      assert.ok(message.length > 10, `${error.name}: "${message}"`);
      assert.doesNotMatch(
        message,
        /undefined|NaN|\[object Object\]/,
        `${error.name}: "${message}"`,
      );
      assert.doesNotMatch(message, /0x[0-9a-f]{20,}/i, `${error.name} shows a raw hex blob`);
    }
  });

  it("decodes revert data of any Fluxion error, and leaves unknown data alone", () => {
    const data = encodeErrorResult({
      abi: fluxionAbis.SynthVault,
      errorName: "CollateralRatioTooLow",
      args: [1_400_000_000_000_000_000n, 1_500_000_000_000_000_000n],
    });
    const decoded = decodeRevertData(data);
    assert.equal(decoded?.code, "CollateralRatioTooLow");
    assert.match(decoded!.message, /140%/);
    assert.equal(decodeRevertData("0xdeadbeef" as Hex), undefined);
  });

  it("names a wallet rejection and an unknown failure without hex", () => {
    assert.equal(decodeError({ code: 4001, message: "User rejected" }).code, "wallet.rejected");
    assert.equal(decodeError({ code: -32000, message: "nonce too low" }).message, "nonce too low");
    assert.equal(decodeError(new Error("boom")).message, "boom");
  });
});
