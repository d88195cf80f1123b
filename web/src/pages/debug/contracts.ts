// Every contract deployed on a chain, with its ABI from @fluxion/deploy: the core contracts by name,
// each synth (SyntheticAsset), collateral token (MockERC20), pool LP token (PoolLpToken), price feed
// (MockPriceFeed: Chainlink Local's mock plus a real aggregator's AnswerUpdated/NewRound events) and the
// cross-chain contracts (the CCIP gateway, the local router and its mock fee token). Each has a URL key
// (/debug/<key>), and an address also finds it.
import { type FluxionContractName, fluxionAbis } from "@fluxion/deploy";
import type { Abi, AbiFunction, Address } from "viem";
import { deploymentOf } from "../../lib/deployment.ts";

export type ContractGroup =
  | "Core"
  | "Synths"
  | "Collateral"
  | "LP tokens"
  | "Price feeds"
  | "Cross-chain";

export type DebugContract = {
  /** The URL segment: the contract's name, a token's symbol, "LP-sUSD-USDC", "Feed-ETH-USD". */
  key: string;
  label: string;
  group: ContractGroup;
  /** The ABI's contract name in @fluxion/deploy. */
  abiName: FluxionContractName;
  abi: Abi;
  address: Address;
  /** The decimals its amounts use, for result hints (a token's own; 18 for the protocol's WADs). */
  decimals: number;
};

export const groupOrder: ContractGroup[] = [
  "Core",
  "Synths",
  "Collateral",
  "LP tokens",
  "Price feeds",
  "Cross-chain",
];

/** A URL-safe key from a name: runs of other characters become one "-". */
export function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9_]+/g, "-").replace(/^-+|-+$/g, "");
}

function isAbiName(name: string): name is FluxionContractName {
  return Object.hasOwn(fluxionAbis, name);
}

/** The chain's contracts in picker order; empty for a chain without a deployment. */
export function debugContracts(chainId: number): DebugContract[] {
  const deployment = deploymentOf(chainId);
  if (!deployment) return [];
  const list: DebugContract[] = [];
  const add = (entry: Omit<DebugContract, "abi">) => {
    let key = entry.key;
    for (let n = 2; list.some((c) => c.key.toLowerCase() === key.toLowerCase()); n++) {
      key = `${entry.key}-${n}`;
    }
    list.push({ ...entry, key, abi: fluxionAbis[entry.abiName] as Abi });
  };
  for (const [name, contract] of Object.entries(deployment.contracts)) {
    if (!isAbiName(name)) continue;
    add({
      key: slug(name),
      label: name,
      group: "Core",
      abiName: name,
      address: contract.address,
      decimals: 18,
    });
  }
  for (const synth of Object.values(deployment.synths)) {
    add({
      key: slug(synth.symbol),
      label: synth.symbol,
      group: "Synths",
      abiName: "SyntheticAsset",
      address: synth.address,
      decimals: synth.decimals,
    });
  }
  for (const token of Object.values(deployment.collateral)) {
    add({
      key: slug(token.symbol),
      label: token.symbol,
      group: "Collateral",
      abiName: "MockERC20",
      address: token.address,
      decimals: token.decimals,
    });
  }
  for (const [name, pool] of Object.entries(deployment.pools)) {
    add({
      key: `LP-${slug(name)}`,
      label: `LP ${name}`,
      group: "LP tokens",
      abiName: "PoolLpToken",
      address: pool.lpToken,
      decimals: 18,
    });
  }
  for (const [pair, feed] of Object.entries(deployment.feeds)) {
    add({
      key: `Feed-${slug(pair)}`,
      label: `${pair} feed`,
      group: "Price feeds",
      abiName: "MockPriceFeed",
      address: feed.address,
      decimals: feed.decimals,
    });
  }
  const ccip = deployment.ccip;
  if (ccip) {
    add({
      key: "CrossChainGateway",
      label: "CrossChainGateway",
      group: "Cross-chain",
      abiName: "CrossChainGateway",
      address: ccip.gateway.address,
      decimals: 18,
    });
    // Chainlink's own router and LINK are not ours to debug: only the local stand-ins.
    if (ccip.local) {
      add({
        key: "LocalCCIPRouter",
        label: "LocalCCIPRouter",
        group: "Cross-chain",
        abiName: "LocalCCIPRouter",
        address: ccip.router.address,
        decimals: 18,
      });
      add({
        key: slug(ccip.feeToken.symbol),
        label: ccip.feeToken.symbol,
        group: "Cross-chain",
        abiName: "MockERC20",
        address: ccip.feeToken.address,
        decimals: ccip.feeToken.decimals,
      });
    }
  }
  return list;
}

/** The contract a URL segment names: its key or label (any case), or its address. */
export function findContract(
  contracts: readonly DebugContract[],
  target: string | undefined,
): DebugContract | undefined {
  if (!target) return undefined;
  let decoded = target;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    // Keep it as it came.
  }
  const wanted = decoded.trim().toLowerCase();
  return (
    contracts.find((c) => c.key.toLowerCase() === wanted) ??
    contracts.find((c) => c.address.toLowerCase() === wanted) ??
    contracts.find((c) => c.label.toLowerCase() === wanted)
  );
}

/** The name of the deployed contract at `address`, if any (for results that are addresses). */
export function labelOf(contracts: readonly DebugContract[], address: string): string | undefined {
  const lower = address.toLowerCase();
  return contracts.find((c) => c.address.toLowerCase() === lower)?.label;
}

export type DebugFunction = {
  /** Unique within the ABI: the name, or the signature for an overloaded name. */
  id: string;
  name: string;
  signature: string;
  read: boolean;
  payable: boolean;
  item: AbiFunction;
};

/** Every function of an ABI, by name; reads are view/pure, the rest writes. */
export function functionsOf(abi: Abi): DebugFunction[] {
  const items = abi.filter((item): item is AbiFunction => item.type === "function");
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.name, (counts.get(item.name) ?? 0) + 1);
  return items
    .map((item) => {
      const signature = `${item.name}(${item.inputs.map((i) => i.type).join(",")})`;
      return {
        id: (counts.get(item.name) ?? 0) > 1 ? signature : item.name,
        name: item.name,
        signature,
        read: item.stateMutability === "view" || item.stateMutability === "pure",
        payable: item.stateMutability === "payable",
        item,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.signature.localeCompare(b.signature));
}

/** The ABI to call one function with: that function alone (overloads resolved) and the errors. */
export function callAbi(abi: Abi, fn: AbiFunction): Abi {
  return [fn, ...abi.filter((item) => item.type === "error")];
}

/** Functions whose name contains the search text (any case). */
export function filterFunctions(fns: readonly DebugFunction[], search: string): DebugFunction[] {
  const wanted = search.trim().toLowerCase();
  if (!wanted) return [...fns];
  return fns.filter((f) => f.name.toLowerCase().includes(wanted));
}
