import { describe, expect, it } from "vitest";
import { WAD } from "./math.ts";
import {
  checkAmount,
  checkDeadline,
  checkSlippage,
  DEFAULT_SETTINGS,
  deadlineFrom,
  loadSettings,
  SETTINGS_KEY,
  saveSettings,
} from "./settings.ts";

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => {
      data.set(key, value);
    },
  };
}

describe("checkAmount", () => {
  it("parses amounts within the token's decimals", () => {
    expect(checkAmount("1.5", 18)).toEqual({ ok: true, value: 1_500_000_000_000_000_000n });
    expect(checkAmount(" 1,000.25 ", 6)).toEqual({ ok: true, value: 1_000_250_000n });
    expect(checkAmount("0.00000001", 8)).toEqual({ ok: true, value: 1n });
    expect(checkAmount(".5", 6)).toEqual({ ok: true, value: 500_000n });
    expect(checkAmount("5.", 6)).toEqual({ ok: true, value: 5_000_000n });
  });
  it("says why an amount is refused", () => {
    expect(checkAmount("", 18)).toMatchObject({ ok: false, empty: true });
    expect(checkAmount("   ", 18)).toMatchObject({ ok: false, empty: true });
    for (const garbage of ["abc", "-1", "1e18", "0x10", "1.2.3", ".", "1 000", "Infinity", "NaN"]) {
      expect(checkAmount(garbage, 18)).toMatchObject({
        ok: false,
        error: "Enter a number, like 1.5.",
      });
    }
    expect(checkAmount("0.0000001", 6, { symbol: "USDC" })).toEqual({
      ok: false,
      error: "USDC has 6 decimals: use at most 6 digits after the point.",
    });
    expect(checkAmount("1.5", 0)).toMatchObject({ ok: false });
    expect(checkAmount("0", 18)).toEqual({ ok: false, error: "Enter an amount above zero." });
    expect(checkAmount("0.000", 18)).toMatchObject({ ok: false });
    expect(checkAmount("0", 18, { allowZero: true })).toEqual({ ok: true, value: 0n });
  });
  it("checks a balance when given", () => {
    expect(checkAmount("2", 18, { balance: 10n ** 18n, symbol: "WETH" })).toEqual({
      ok: false,
      error: "More than your WETH balance.",
    });
    expect(checkAmount("1", 18, { balance: 10n ** 18n })).toMatchObject({ ok: true });
  });
  it("keeps huge amounts exact", () => {
    const text = "115792089237316195423570985008687907853269984665640564039457";
    expect(checkAmount(text, 18)).toEqual({ ok: true, value: BigInt(text) * 10n ** 18n });
  });
});

describe("checkSlippage", () => {
  it("turns a percentage into a 1e18 fraction", () => {
    expect(checkSlippage("0.5")).toEqual({ ok: true, value: WAD / 200n });
    expect(checkSlippage("1")).toEqual({ ok: true, value: WAD / 100n });
    expect(checkSlippage("0.5%")).toEqual({ ok: true, value: WAD / 200n });
    expect(checkSlippage("50")).toMatchObject({ ok: true, value: WAD / 2n });
  });
  it("refuses above 50%, garbage, negatives and too many decimals", () => {
    expect(checkSlippage("50.0001")).toMatchObject({ ok: false });
    expect(checkSlippage("51")).toEqual({ ok: false, error: "Slippage above 50% is refused." });
    expect(checkSlippage("100")).toMatchObject({ ok: false });
    expect(checkSlippage("-1")).toMatchObject({ ok: false });
    expect(checkSlippage("abc")).toMatchObject({ ok: false });
    expect(checkSlippage("")).toMatchObject({ ok: false, empty: true });
    expect(checkSlippage("0.00001")).toEqual({ ok: false, error: "Use at most 4 decimals." });
    expect(checkSlippage("1e2")).toMatchObject({ ok: false });
  });
  it("warns below 0.01% and above 5%", () => {
    expect(checkSlippage("0.005")).toMatchObject({
      ok: true,
      warning: expect.stringContaining("0.01%"),
    });
    expect(checkSlippage("0")).toMatchObject({ ok: true, value: 0n, warning: expect.any(String) });
    expect(checkSlippage("0.01")).toEqual({ ok: true, value: WAD / 10_000n });
    expect(checkSlippage("5")).toEqual({ ok: true, value: WAD / 20n });
    expect(checkSlippage("5.5")).toMatchObject({
      ok: true,
      warning: expect.stringContaining("High"),
    });
  });
});

describe("checkDeadline", () => {
  it("takes whole minutes from 1 to 4320", () => {
    expect(checkDeadline("30")).toEqual({ ok: true, value: 1800n });
    expect(checkDeadline("1")).toEqual({ ok: true, value: 60n });
    expect(checkDeadline("4320")).toEqual({ ok: true, value: 259_200n });
  });
  it("refuses everything else", () => {
    for (const bad of ["0", "4321", "1.5", "-5", "", "ten", "1e3", "99999999999999999999999"]) {
      expect(checkDeadline(bad).ok).toBe(false);
    }
  });
  it("counts from chain time", () => {
    expect(deadlineFrom(1_700_000_000n, 1800n)).toBe(1_700_001_800n);
  });
});

describe("saved settings", () => {
  it("defaults to 0.5% and 30 minutes", () => {
    expect(loadSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(loadSettings(memoryStorage())).toEqual({ slippage: "0.5", deadlineMinutes: "30" });
  });
  it("round-trips valid settings", () => {
    const storage = memoryStorage();
    saveSettings(storage, { slippage: "1.2", deadlineMinutes: "10" });
    expect(loadSettings(storage)).toEqual({ slippage: "1.2", deadlineMinutes: "10" });
  });
  it("keeps the saved value of a field that is invalid now", () => {
    const storage = memoryStorage();
    saveSettings(storage, { slippage: "1", deadlineMinutes: "10" });
    saveSettings(storage, { slippage: "99", deadlineMinutes: "abc" });
    expect(loadSettings(storage)).toEqual({ slippage: "1", deadlineMinutes: "10" });
  });
  it("falls back to defaults on corrupted or hostile storage", () => {
    for (const raw of [
      "{",
      "null",
      "42",
      '"x"',
      '{"slippage":75,"deadlineMinutes":[]}',
      '{"slippage":"80"}',
    ]) {
      expect(loadSettings(memoryStorage({ [SETTINGS_KEY]: raw }))).toEqual(DEFAULT_SETTINGS);
    }
    const throwing = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("full");
      },
    };
    expect(loadSettings(throwing)).toEqual(DEFAULT_SETTINGS);
    expect(() =>
      saveSettings({ getItem: () => null, setItem: throwing.setItem }, DEFAULT_SETTINGS),
    ).not.toThrow();
  });
});
