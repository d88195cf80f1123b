import { fluxionAbis, fluxionDeployments } from "@fluxion/deploy";
import type { Abi } from "viem";
import { describe, expect, it } from "vitest";
import {
  callAbi,
  debugContracts,
  filterFunctions,
  findContract,
  functionsOf,
  labelOf,
  slug,
} from "./contracts.ts";

const deployment = fluxionDeployments["31337"];

describe("the chain's contracts", () => {
  const contracts = debugContracts(31337);
  it("lists every core contract, synth, collateral token, LP token and feed, once", () => {
    const expected =
      Object.keys(deployment.contracts).length +
      Object.keys(deployment.synths).length +
      Object.keys(deployment.collateral).length +
      Object.keys(deployment.pools).length +
      Object.keys(deployment.feeds).length +
      // The gateway, the local router and its fee token.
      (deployment.ccip ? (deployment.ccip.local ? 3 : 1) : 0);
    expect(contracts).toHaveLength(expected);
    expect(new Set(contracts.map((c) => c.key.toLowerCase())).size).toBe(expected);
    for (const c of contracts) expect(c.key).toMatch(/^[A-Za-z0-9_-]+$/);
  });
  it("gives each the ABI of its kind and the decimals of its amounts", () => {
    const byKey = (key: string) => contracts.find((c) => c.key === key);
    expect(byKey("SynthVault")).toMatchObject({
      abiName: "SynthVault",
      group: "Core",
      decimals: 18,
    });
    expect(byKey("SynthVault")?.abi).toBe(fluxionAbis.SynthVault);
    expect(byKey("sUSD")).toMatchObject({ abiName: "SyntheticAsset", group: "Synths" });
    expect(byKey("USDC")).toMatchObject({ abiName: "MockERC20", group: "Collateral", decimals: 6 });
    expect(byKey("LP-sUSD-USDC")).toMatchObject({ abiName: "PoolLpToken", label: "LP sUSD/USDC" });
    expect(byKey("Feed-ETH-USD")).toMatchObject({ abiName: "MockPriceFeed", decimals: 8 });
    expect(byKey("CrossChainGateway")).toMatchObject({
      abiName: "CrossChainGateway",
      group: "Cross-chain",
      address: deployment.ccip.gateway.address,
    });
    expect(byKey("LocalCCIPRouter")).toMatchObject({ abiName: "LocalCCIPRouter" });
    expect(byKey("LINK")).toMatchObject({ abiName: "MockERC20", group: "Cross-chain" });
  });
  it("is empty on a chain without a deployment", () => {
    expect(debugContracts(1)).toEqual([]);
  });
  it("finds a contract by key, label or address, in any case, encoded or not", () => {
    const weth = deployment.collateral.WETH.address;
    expect(findContract(contracts, "WETH")?.address).toBe(weth);
    expect(findContract(contracts, "weth")?.address).toBe(weth);
    expect(findContract(contracts, weth.toLowerCase())?.key).toBe("WETH");
    expect(findContract(contracts, "LP%20sUSD%2FUSDC")?.key).toBe("LP-sUSD-USDC");
    expect(findContract(contracts, "synthvault")?.key).toBe("SynthVault");
    expect(findContract(contracts, "Nope")).toBeUndefined();
    expect(findContract(contracts, "%E0%A4%A")).toBeUndefined();
    expect(findContract(contracts, undefined)).toBeUndefined();
    expect(findContract(contracts, "")).toBeUndefined();
    expect(labelOf(contracts, weth.toLowerCase())).toBe("WETH");
    expect(labelOf(contracts, `0x${"1".repeat(40)}`)).toBeUndefined();
  });
  it("makes URL keys out of names", () => {
    expect(slug("WETH/sUSD 80/20")).toBe("WETH-sUSD-80-20");
    expect(slug("  /a//b/ ")).toBe("a-b");
  });
});

describe("functions", () => {
  const fns = functionsOf(fluxionAbis.MockERC20 as Abi);
  it("splits reads (view, pure) from writes, sorted by name", () => {
    const names = fns.map((f) => f.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(fns.find((f) => f.name === "balanceOf")?.read).toBe(true);
    expect(fns.find((f) => f.name === "mint")?.read).toBe(false);
    expect(fns.every((f) => f.id === f.name)).toBe(true);
  });
  it("tells overloads apart by signature and calls each with its own ABI item", () => {
    const abi = [
      { type: "function", name: "f", inputs: [], outputs: [], stateMutability: "nonpayable" },
      {
        type: "function",
        name: "f",
        inputs: [{ name: "x", type: "uint256" }],
        outputs: [],
        stateMutability: "payable",
      },
      { type: "error", name: "Nope", inputs: [] },
      { type: "event", name: "E", inputs: [], anonymous: false },
    ] as const satisfies Abi;
    const list = functionsOf(abi);
    expect(list.map((f) => f.id)).toEqual(["f()", "f(uint256)"]);
    expect(list[1]?.payable).toBe(true);
    const second = list[1];
    if (!second) throw new Error("no overload");
    expect(callAbi(abi, second.item).map((i) => i.type)).toEqual(["function", "error"]);
  });
  it("filters by name, ignoring case and spaces", () => {
    expect(filterFunctions(fns, " BALANCE ").map((f) => f.name)).toEqual(["balanceOf"]);
    expect(filterFunctions(fns, "")).toHaveLength(fns.length);
    expect(filterFunctions(fns, "zzz")).toEqual([]);
  });
});
