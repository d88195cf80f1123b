// Shared plumbing for the Fluxion Ignition module: how config references ("account:1",
// "mock:WETH", "synth:sUSD") become Ignition futures, and the list of role grants that the final
// handover step turns over to the Timelock.
import type {
  AccountRuntimeValue,
  ArgumentType,
  CallableContractFuture,
  Future,
  IgnitionModuleBuilder,
} from "@nomicfoundation/ignition-core";
import { isAddress, keccak256, toHex } from "viem";
import type {
  AccountRef,
  BreakerConfig,
  FeedRef,
  NetworkConfig,
  TokenRef,
} from "../../../src/config.ts";

export type M = IgnitionModuleBuilder;
export type AnyContract = CallableContractFuture<string>;
export type AccountArg = AccountRuntimeValue | string;

export const DEFAULT_ADMIN_ROLE = `0x${"00".repeat(32)}` as const;
export const role = (name: string) => keccak256(toHex(name));

/** A role the deployer holds temporarily and must hand to the Timelock (or give up) at the end. */
export type HeldRole = {
  contract: AnyContract;
  label: string;
  role: `0x${string}`;
  giveTo: "timelock" | "none";
};

export type Context = {
  m: M;
  config: NetworkConfig;
  deployer: AccountRuntimeValue;
  account(ref: AccountRef): AccountArg;
  mockTokens: Map<string, AnyContract>;
  mockFeeds: Map<string, AnyContract>;
  synths: Map<string, AnyContract>;
  /** Every setup call; the handover runs after all of them. */
  setup: Future[];
  held: HeldRole[];
};

export function createContext(m: M, config: NetworkConfig): Context {
  return {
    m,
    config,
    deployer: m.getAccount(0),
    account: (ref) => (isAddress(ref) ? ref : m.getAccount(Number(ref.slice("account:".length)))),
    mockTokens: new Map(),
    mockFeeds: new Map(),
    synths: new Map(),
    setup: [],
    held: [],
  };
}

export function token(ctx: Context, ref: TokenRef): AnyContract | string {
  if (isAddress(ref)) return ref;
  const [kind, name = ""] = ref.split(":");
  const found = kind === "mock" ? ctx.mockTokens.get(name) : ctx.synths.get(name);
  if (!found) throw new Error(`deploy module: ${ref} is not deployed before it is used`);
  return found;
}

export function feed(ctx: Context, ref: FeedRef): AnyContract | string {
  if (isAddress(ref)) return ref;
  const found = ctx.mockFeeds.get(ref.slice("mock:".length));
  if (!found) throw new Error(`deploy module: ${ref} is not deployed before it is used`);
  return found;
}

/** IPriceOracle.FeedConfig as a call argument. */
export function feedConfig(ctx: Context, ref: FeedRef, breaker: BreakerConfig): ArgumentType {
  return {
    aggregator: feed(ctx, ref),
    heartbeat: breaker.heartbeat,
    maxDeviation: breaker.maxDeviation,
    rearmRounds: breaker.rearmRounds,
  };
}

/** Ignition future ids allow only [A-Za-z0-9_]. */
export const futureId = (...parts: string[]) => parts.join("_").replace(/[^A-Za-z0-9_]/g, "_");
