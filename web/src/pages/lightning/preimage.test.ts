import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  bytesToHex,
  forgetPreimage,
  hexToBytes,
  loadActive,
  loadPreimage,
  newSecret,
  normalizeHash,
  randomPreimage,
  saveActive,
  savePreimage,
  sha256Hex,
} from "./preimage.ts";

function memoryStore() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}

describe("preimage and payment hash", () => {
  it("makes 32 random bytes and their sha256, as Node computes it", async () => {
    const { preimage, paymentHash } = await newSecret();
    expect(preimage).toMatch(/^[0-9a-f]{64}$/);
    expect(paymentHash).toBe(
      createHash("sha256").update(Buffer.from(preimage, "hex")).digest("hex"),
    );
    expect(randomPreimage()).not.toBe(randomPreimage());
  });

  it("hashes known vectors", async () => {
    expect(await sha256Hex("00".repeat(32))).toBe(
      "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925",
    );
    expect(await sha256Hex("")).toBe(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
  });

  it("converts hex and refuses what is not hex", () => {
    expect(bytesToHex(hexToBytes("0x00ff10"))).toBe("00ff10");
    expect(() => hexToBytes("abc")).toThrow();
    expect(() => hexToBytes("zz")).toThrow();
    expect(normalizeHash(`0X${"AB".repeat(32)}`)).toBe("ab".repeat(32));
    for (const bad of [
      "",
      "0x",
      "ab".repeat(31),
      "ab".repeat(33),
      "g".repeat(64),
      null,
      undefined,
    ]) {
      expect(normalizeHash(bad)).toBeUndefined();
    }
  });

  it("keeps the preimage by payment hash and gives it back only if it matches", async () => {
    const store = memoryStore();
    const { preimage, paymentHash } = await newSecret();
    savePreimage(store, `0x${paymentHash.toUpperCase()}`, preimage);
    expect(await loadPreimage(store, paymentHash)).toBe(preimage);
    expect(await loadPreimage(store, `0x${paymentHash}`)).toBe(preimage);
    // Tampered storage: another secret under this hash is not handed over.
    store.map.set(`fluxion.lightning.preimage.${paymentHash}`, "11".repeat(32));
    expect(await loadPreimage(store, paymentHash)).toBeUndefined();
    store.map.set(`fluxion.lightning.preimage.${paymentHash}`, "garbage");
    expect(await loadPreimage(store, paymentHash)).toBeUndefined();
    expect(await loadPreimage(store, "not a hash")).toBeUndefined();
    forgetPreimage(store, paymentHash);
    expect(store.map.size).toBe(0);
    expect(() => savePreimage(store, "nope", preimage)).toThrow();
  });

  it("remembers the swap the page follows, per account and direction", () => {
    const store = memoryStore();
    const account = "0xAbC0000000000000000000000000000000000001";
    const swap = { paymentHash: "cd".repeat(32), synth: "0x01", sats: "20000" };
    saveActive(store, account, "mint", swap);
    expect(loadActive(store, account.toLowerCase(), "mint")).toEqual(swap);
    expect(loadActive(store, account, "burn")).toBeUndefined();
    store.map.set(`fluxion.lightning.active.burn.${account.toLowerCase()}`, "{not json");
    expect(loadActive(store, account, "burn")).toBeUndefined();
    store.map.set(
      `fluxion.lightning.active.burn.${account.toLowerCase()}`,
      JSON.stringify({ ...swap, sats: "-1" }),
    );
    expect(loadActive(store, account, "burn")).toBeUndefined();
    saveActive(store, account, "mint", undefined);
    expect(loadActive(store, account, "mint")).toBeUndefined();
  });
});
