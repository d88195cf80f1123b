// A proposal's actions, both ways: decoding (targets + calldata) against the ABIs of the contracts the
// deployment knows, with arguments in words (pool names, fee percentages, durations); and building
// parameter-change proposals with `encodeFunctionData`, plus the proposal id the Governor derives.
import {
  fluxionAbis,
  fluxionGovernanceTokenAbi,
  liquidityPoolManagerAbi,
  priceOracleAbi,
  syntheticAssetFactoryAbi,
  treasuryAbi,
} from "@fluxion/deploy";
import {
  type Abi,
  type AbiFunction,
  type AbiParameter,
  type Address,
  decodeFunctionData,
  encodeAbiParameters,
  encodeFunctionData,
  formatUnits,
  type Hex,
  isAddress,
  keccak256,
  stringToHex,
  toFunctionSignature,
  zeroHash,
} from "viem";
import { type ContractName, contractAddress, deploymentOf } from "../../lib/deployment.ts";
import { formatDuration } from "./clock.ts";

// ---------------------------------------------------------------- known targets

export type KnownTarget = { label: string; contract: keyof typeof fluxionAbis; abi: Abi };

/** Every address of the deployment on `chainId` with the ABI it answers to. */
export function knownTargets(chainId: number): Map<string, KnownTarget> {
  const map = new Map<string, KnownTarget>();
  const deployment = deploymentOf(chainId);
  if (!deployment) return map;
  const add = (address: string, label: string, contract: keyof typeof fluxionAbis) => {
    map.set(address.toLowerCase(), { label, contract, abi: fluxionAbis[contract] as Abi });
  };
  for (const [name, contract] of Object.entries(deployment.contracts)) {
    if (name in fluxionAbis) add(contract.address, name, name as keyof typeof fluxionAbis);
  }
  for (const synth of Object.values(deployment.synths)) {
    add(synth.address, `${synth.symbol} (synth)`, "SyntheticAsset");
  }
  for (const token of Object.values(deployment.collateral)) {
    add(token.address, `${token.symbol} (collateral)`, "MockERC20");
  }
  for (const [name, pool] of Object.entries(deployment.pools)) {
    add(pool.lpToken, `LP ${name}`, "PoolLpToken");
  }
  for (const [pair, feed] of Object.entries(deployment.feeds ?? {})) {
    add(feed.address, `${pair} feed`, "MockPriceFeed");
  }
  return map;
}

/** A short name for an address: the contract or token it is, else the address shortened. */
export function addressLabel(chainId: number, address: string): string {
  const known = knownTargets(chainId).get(address.toLowerCase());
  return known ? known.label : address;
}

function poolName(chainId: number, poolId: string): string | undefined {
  const deployment = deploymentOf(chainId);
  const entry = Object.entries(deployment?.pools ?? {}).find(
    ([, pool]) => pool.poolId.toLowerCase() === poolId.toLowerCase(),
  );
  return entry?.[0];
}

// ---------------------------------------------------------------- formatting arguments

/** A 1e18-scaled fraction as an exact percentage: 2.5e15 → "0.25%". */
export function formatWadPercent(value: bigint): string {
  return `${formatUnits(value, 16)}%`;
}

const percentName = /(fee|share|deviation|tolerance)$/i;
const durationName = /(heartbeat|cooldown|delay|period|extension|age|duration)$/i;

export type DecodedArg = { name: string; type: string; display: string };

export function formatArg(chainId: number, param: AbiParameter, value: unknown): string {
  const type = param.type;
  const name = param.name ?? "";
  if (type === "tuple" && "components" in param && value && typeof value === "object") {
    const record = value as Record<string, unknown> & readonly unknown[];
    const parts = param.components.map((component, i) => {
      const v = component.name && component.name in record ? record[component.name] : record[i];
      return `${component.name || i}: ${formatArg(chainId, component, v)}`;
    });
    return `{ ${parts.join(", ")} }`;
  }
  if (type.endsWith("]") && Array.isArray(value)) {
    const inner = { ...param, type: type.slice(0, type.lastIndexOf("[")) } as AbiParameter;
    return `[${value.map((v) => formatArg(chainId, inner, v)).join(", ")}]`;
  }
  if (type === "address" && typeof value === "string") {
    const label = addressLabel(chainId, value);
    return label === value ? value : `${label} (${value})`;
  }
  if (type === "bytes32" && typeof value === "string" && /poolid/i.test(name)) {
    const pool = poolName(chainId, value);
    return pool ? `${pool} pool (${value})` : value;
  }
  if (type === "bool") return value ? "true" : "false";
  const integer =
    typeof value === "bigint"
      ? value
      : Number.isSafeInteger(value)
        ? BigInt(value as number)
        : undefined;
  if (/^u?int\d*$/.test(type) && integer !== undefined) {
    if (percentName.test(name)) return `${formatWadPercent(integer)} (${integer})`;
    if (durationName.test(name) && integer >= 0n)
      return `${integer} s (${formatDuration(integer)})`;
    return integer.toString();
  }
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v));
  } catch {
    return String(value);
  }
}

// ---------------------------------------------------------------- decoding

export type DecodedAction = {
  target: string;
  targetLabel: string;
  known: boolean;
  value: bigint;
  calldata: string;
  functionName?: string;
  signature?: string;
  args: DecodedArg[];
  /** Why the calldata could not be decoded (unknown target, unknown selector, malformed data). */
  problem?: string;
};

export function decodeAction(
  chainId: number,
  target: string,
  value: bigint | string,
  calldata: string,
): DecodedAction {
  const amount = typeof value === "bigint" ? value : /^\d{1,78}$/.test(value) ? BigInt(value) : 0n;
  const base = {
    target,
    value: amount,
    calldata,
    args: [] as DecodedArg[],
  };
  const known = isAddress(target, { strict: false })
    ? knownTargets(chainId).get(target.toLowerCase())
    : undefined;
  if (!known) {
    return {
      ...base,
      targetLabel: target,
      known: false,
      problem: "Not a Fluxion contract: the call cannot be decoded.",
    };
  }
  if (!/^0x([0-9a-fA-F]{2})*$/.test(calldata)) {
    return { ...base, targetLabel: known.label, known: true, problem: "The calldata is not hex." };
  }
  if (calldata === "0x") {
    return { ...base, targetLabel: known.label, known: true, functionName: "(plain transfer)" };
  }
  try {
    const decoded = decodeFunctionData({ abi: known.abi, data: calldata as Hex });
    const fn = known.abi.find(
      (item): item is AbiFunction =>
        item.type === "function" &&
        item.name === decoded.functionName &&
        item.inputs.length === (decoded.args?.length ?? 0),
    );
    const inputs = fn?.inputs ?? [];
    return {
      ...base,
      targetLabel: known.label,
      known: true,
      functionName: decoded.functionName,
      signature: fn ? toFunctionSignature(fn) : decoded.functionName,
      args: inputs.map((input, i) => ({
        name: input.name || `arg${i}`,
        type: input.type,
        display: formatArg(chainId, input, decoded.args?.[i]),
      })),
    };
  } catch {
    return {
      ...base,
      targetLabel: known.label,
      known: true,
      problem: `The calldata does not match any function of ${known.contract}.`,
    };
  }
}

// ---------------------------------------------------------------- proposal ids and descriptions

export type ProposalCalls = { targets: Address[]; values: bigint[]; calldatas: Hex[] };

export function descriptionHash(description: string): Hex {
  return keccak256(stringToHex(description));
}

/** Governor.hashProposal: keccak256(abi.encode(targets, values, calldatas, descriptionHash)). */
export function hashProposal(calls: ProposalCalls, description: string): bigint {
  return BigInt(
    keccak256(
      encodeAbiParameters(
        [{ type: "address[]" }, { type: "uint256[]" }, { type: "bytes[]" }, { type: "bytes32" }],
        [calls.targets, calls.values, calls.calldatas, descriptionHash(description)],
      ),
    ),
  );
}

/** A Markdown description whose first line is the title (as Tally reads it). */
export function buildDescription(title: string, body: string): string {
  const cleanTitle = title.replace(/[\r\n]+/g, " ").trim();
  const cleanBody = body.trim();
  return cleanBody ? `# ${cleanTitle}\n\n${cleanBody}` : `# ${cleanTitle}`;
}

/** The title of a proposal: its first non-empty line without Markdown heading marks. */
export function proposalTitle(description: string | null | undefined, max = 120): string {
  const line = (description ?? "")
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*#+\s*/, "").trim())
    .find((l) => l.length > 0);
  if (!line) return "Untitled proposal";
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The description without its title line. */
export function proposalBody(description: string | null | undefined): string {
  const lines = (description ?? "").split(/\r?\n/);
  const first = lines.findIndex((l) => l.trim().length > 0);
  return first === -1
    ? ""
    : lines
        .slice(first + 1)
        .join("\n")
        .trim();
}

// ---------------------------------------------------------------- parameter changes

/** A percentage typed by a person ("0.25" = 0.25%) as a 1e18-scaled fraction; undefined if not one. */
export function percentToWad(text: string): bigint | undefined {
  const trimmed = text.trim().replace(/%$/, "").trim();
  if (!/^\d{1,3}(\.\d{0,16})?$|^\.\d{1,16}$/.test(trimmed)) return undefined;
  const [whole = "", fraction = ""] = trimmed.split(".");
  return BigInt(whole || "0") * 10n ** 16n + BigInt((fraction + "0".repeat(16)).slice(0, 16));
}

/** Whole seconds typed by a person; undefined unless an integer in [min, max]. */
export function parseSeconds(text: string, min: bigint, max: bigint): bigint | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,12}$/.test(trimmed)) return undefined;
  const value = BigInt(trimmed);
  return value >= min && value <= max ? value : undefined;
}

export type SynthParams = {
  debtCeiling: bigint;
  mintFee: bigint;
  burnFee: bigint;
  active: boolean;
};
export type FeedConfig = {
  aggregator: Address;
  heartbeat: number;
  maxDeviation: bigint;
  rearmRounds: number;
};

export type ParameterChange =
  | { kind: "swapFee"; poolId: Hex; swapFee: bigint }
  | { kind: "synthFees"; synth: Address; current: SynthParams; mintFee: bigint; burnFee: bigint }
  | { kind: "heartbeat"; asset: Address; current: FeedConfig; heartbeat: number }
  | { kind: "unstakeCooldown"; cooldown: number }
  | { kind: "stakerShare"; share: bigint };

export type BuiltChange = ProposalCalls & {
  /** The contract the Timelock calls, and the role the Timelock needs there. */
  contract: ContractName;
  role: { name: string; id: Hex };
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
};

const defaultAdmin = { name: "DEFAULT_ADMIN_ROLE", id: zeroHash };
const feedManager = {
  name: "FEED_MANAGER_ROLE",
  id: keccak256(stringToHex("FEED_MANAGER_ROLE")),
};

/** The single call a parameter change makes, encoded from the generated ABIs. */
export function buildParameterChange(chainId: number, change: ParameterChange): BuiltChange {
  const call = (() => {
    switch (change.kind) {
      case "swapFee":
        return {
          contract: "LiquidityPoolManager" as const,
          role: defaultAdmin,
          abi: liquidityPoolManagerAbi as Abi,
          functionName: "setSwapFee",
          args: [change.poolId, change.swapFee] as const,
        };
      case "synthFees":
        return {
          contract: "SyntheticAssetFactory" as const,
          role: defaultAdmin,
          abi: syntheticAssetFactoryAbi as Abi,
          functionName: "setSynthParams",
          args: [
            change.synth,
            {
              debtCeiling: change.current.debtCeiling,
              mintFee: change.mintFee,
              burnFee: change.burnFee,
              active: change.current.active,
            },
          ] as const,
        };
      case "heartbeat":
        return {
          contract: "PriceOracle" as const,
          role: feedManager,
          abi: priceOracleAbi as Abi,
          functionName: "setFeed",
          args: [change.asset, { ...change.current, heartbeat: change.heartbeat }] as const,
        };
      case "unstakeCooldown":
        return {
          contract: "FluxionGovernanceToken" as const,
          role: defaultAdmin,
          abi: fluxionGovernanceTokenAbi as Abi,
          functionName: "setUnstakeCooldown",
          args: [change.cooldown] as const,
        };
      case "stakerShare":
        return {
          contract: "Treasury" as const,
          role: defaultAdmin,
          abi: treasuryAbi as Abi,
          functionName: "setStakerShare",
          args: [change.share] as const,
        };
    }
  })();
  const target = contractAddress(chainId, call.contract);
  const calldata = encodeFunctionData({
    abi: call.abi,
    functionName: call.functionName,
    args: call.args,
  } as never);
  return { ...call, targets: [target], values: [0n], calldatas: [calldata] };
}
