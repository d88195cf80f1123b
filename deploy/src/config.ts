// Per-network deploy configuration: deploy/networks/<network>.json. Human units in the file
// ("1.5", "0.003", "1000000"), exact integers after loading (18-decimal fixed point for ratios
// and fees, token base units for amounts). Loading fails loudly, naming the bad field.
import { readFileSync } from "node:fs";
import { type Address, isAddress, parseUnits } from "viem";

/** "account:N" (the node's N-th unlocked account) or an address. */
export type AccountRef = string;
/** "mock:SYMBOL", "synth:ASSET_ID" or an address. */
export type TokenRef = string;
/** "mock:PAIR" or an address. */
export type FeedRef = string;

export type BreakerConfig = { heartbeat: number; maxDeviation: bigint; rearmRounds: number };

/** ILightningGateway.Limits: sats per swap and per UTC day, for one direction. */
export type LightningLimits = { minSats: bigint; maxSats: bigint; dailySats: bigint };

/** The contract's own bounds (LightningGateway MAX_* constants), checked here so a bad file fails before deploying. */
export const lightningBounds = {
  maxFee: 5n * 10n ** 16n,
  maxPriceTolerance: 10n ** 17n,
  maxQuoteAge: 86_400,
  maxTimelock: 7 * 86_400,
} as const;

export type LightningConfig = {
  /** Oracle asset whose price is USD per BTC (sBTC on local chains: the BTC/USD feed prices it). */
  btcAsset: TokenRef;
  /** The gateway's allow list (it gets MINTER_ROLE on every synth; only these can be swapped). */
  synths: TokenRef[];
  /** Accounts granted KEEPER_ROLE (they lock mints and claim burns). */
  keepers: AccountRef[];
  /** 18-decimal fixed point, like every fee: "0.002" = 0.2%. */
  mintFee: bigint;
  burnFee: bigint;
  priceTolerance: bigint;
  /** Seconds. */
  maxQuoteAge: number;
  timelock: { min: number; max: number };
  limits: { mint: LightningLimits; burn: LightningLimits };
};

/** One synth the FiatMinter mints for payments in `currency`, with its IFiatMinter.Limits (base units). */
export type FiatSynthConfig = {
  synth: TokenRef;
  /** ISO 4217 code of the payments it is minted for ("USD"); one synth per currency. */
  currency: string;
  /** Largest single payment, in the synth's base units (18 decimals). */
  perPayment: bigint;
  /** Largest total per UTC day, in the synth's base units. */
  perDay: bigint;
};

export type FiatConfig = {
  /** Accounts granted the FiatMinter's MINTER_ROLE (the API's reactor key). */
  minters: AccountRef[];
  /** Synths it mints (it gets MINTER_ROLE on each, and these limits; any other synth is not allowed). */
  synths: FiatSynthConfig[];
};

/** Chainlink's `RateLimiter.Config`: a token bucket of `capacity` refilled at `rate` per second (base units). */
export type RateLimitConfig = { isEnabled: boolean; capacity: bigint; rate: bigint };

/** One chain Fluxion runs on, with its CCIP chain selector. */
export type CcipChain = { chainId: number; selector: bigint; name: string };

/** ILocalCCIPRouter.Lane: the local router's fee and size parameters for every destination. */
export type LocalLaneConfig = {
  /** Wei per message. */
  baseFee: bigint;
  /** Destination gas price in source wei, charged for the whole gas limit. */
  gasPrice: bigint;
  /** Wei per byte of data. */
  feePerByte: number;
  maxGasLimit: number;
  maxDataBytes: number;
};

export type CcipConfig = {
  /**
   * "local": deploy a LocalCCIPRouter and a mock LINK fee token (development chains, with our relay keeper as
   * the oracle network); otherwise the address of Chainlink's router on this chain, and `feeToken` its LINK.
   */
  router: "local" | Address;
  /** Every chain Fluxion runs on: the deploying chain finds itself by chain id, the others are its peers. */
  chains: CcipChain[];
  /** The fee token: "mock:<symbol>" deploys a faucet mock (local router only), else LINK's address. */
  feeToken: string;
  /** Local router only: its relayers (RELAYER_ROLE), lane fees, fee token price and permissionless threshold. */
  local?: {
    relayers: AccountRef[];
    lane: LocalLaneConfig;
    /** Wei per whole fee token. */
    feeTokenPrice: bigint;
    /** Seconds after its commit from which anyone may execute a message the relay left untouched. */
    permissionlessThreshold: number;
  };
  /** CrossChainGateway lanes: the same for every peer (each chain's Timelock may change them later). */
  gateway: {
    transferGasLimit: number;
    liquidityGasLimit: number;
    liquidityAllowed: boolean;
    rateLimits: { synth: TokenRef; outbound: RateLimitConfig; inbound: RateLimitConfig }[];
  };
};

export type NetworkConfig = {
  network: string;
  /** Local chains get mock feeds and faucet collateral tokens; real networks reference addresses. */
  mocks: {
    feeds: { pair: string; decimals: number; answer: bigint }[];
    tokens: { symbol: string; name: string; decimals: number }[];
  };
  roles: { guardian: AccountRef; attestors: AccountRef[]; inspectors: AccountRef[] };
  governance: {
    tokenName: string;
    tokenSymbol: string;
    cap: bigint;
    initialSupply: bigint;
    initialHolder: AccountRef;
    votingDelay: number;
    votingPeriod: number;
    proposalThreshold: bigint;
    quorumPercent: number;
    lateQuorumExtension: number;
    timelockDelay: number;
    unstakeCooldown: number;
  };
  /** Fee tokens stakers earn (FLX accepts at most 8). */
  treasury: { stakerShare: bigint; rewardTokens: TokenRef[] };
  collateral: {
    token: TokenRef;
    feed: FeedRef;
    breaker: BreakerConfig;
    issuanceRatio: bigint;
    liquidationRatio: bigint;
    liquidationBonus: bigint;
  }[];
  synths: {
    assetId: string;
    name: string;
    symbol: string;
    feed: FeedRef;
    breaker: BreakerConfig;
    debtCeiling: bigint;
    mintFee: bigint;
    burnFee: bigint;
  }[];
  lightning: LightningConfig;
  fiat: FiatConfig;
  /** Cross-chain (Chainlink CCIP); absent: this network deploys no gateway. */
  ccip?: CcipConfig;
  pools: {
    protocolFeeShare: bigint;
    list: (
      | { name: string; kind: "weighted"; tokens: TokenRef[]; weights: bigint[]; swapFee: bigint }
      | { name: string; kind: "stable"; tokens: TokenRef[]; amp: number; swapFee: bigint }
    )[];
  };
};

export class DeployConfigError extends Error {
  override name = "DeployConfigError";
  readonly code = "deploy.invalid_config";
}

type Json = Record<string, unknown>;

class Reader {
  readonly file: string;
  readonly path: string;
  readonly value: unknown;

  constructor(file: string, path: string, value: unknown) {
    this.file = file;
    this.path = path;
    this.value = value;
  }

  fail(message: string): never {
    throw new DeployConfigError(`${this.file}: ${this.path || "(root)"} ${message}`);
  }

  at(key: string | number): Reader {
    const obj = this.value as Json | unknown[];
    const child = Array.isArray(obj) ? obj[key as number] : (obj as Json | undefined)?.[key];
    const path =
      typeof key === "number" ? `${this.path}[${key}]` : this.path ? `${this.path}.${key}` : key;
    return new Reader(this.file, path, child);
  }

  object(): Reader {
    if (!this.value || typeof this.value !== "object" || Array.isArray(this.value))
      this.fail("must be an object");
    return this;
  }

  list(): Reader[] {
    if (!Array.isArray(this.value)) this.fail("must be an array");
    return (this.value as unknown[]).map((_, i) => this.at(i));
  }

  string(): string {
    if (typeof this.value !== "string" || this.value.length === 0)
      this.fail("must be a non-empty string");
    return this.value as string;
  }

  int(min = 0, max = Number.MAX_SAFE_INTEGER): number {
    const v = this.value;
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
      this.fail(`must be an integer in [${min}, ${max}]`);
    }
    return v as number;
  }

  /** A decimal string in human units, scaled by `decimals`. */
  units(decimals: number): bigint {
    const v = this.value;
    if (typeof v !== "string" || !/^\d+(\.\d+)?$/.test(v))
      this.fail('must be a decimal string like "1.5"');
    const fraction = (v as string).split(".")[1] ?? "";
    if (fraction.length > decimals) this.fail(`has more than ${decimals} decimals`);
    return parseUnits(v as string, decimals);
  }

  /** A fraction in 18-decimal fixed point ("0.003" -> 3e15). */
  fixed(): bigint {
    return this.units(18);
  }

  ref(prefixes: string[]): string {
    const v = this.string();
    if (isAddress(v)) return v;
    const prefix = v.split(":")[0] ?? "";
    if (!prefixes.includes(prefix) || v.length <= prefix.length + 1) {
      this.fail(`must be an address or one of ${prefixes.map((p) => `"${p}:..."`).join(", ")}`);
    }
    return v;
  }
}

/** `0 < minSats <= maxSats <= dailySats`, whole sats. */
const lightningLimits = (r: Reader): LightningLimits => {
  const limits = {
    minSats: BigInt(r.at("minSats").int(1)),
    maxSats: BigInt(r.at("maxSats").int(1)),
    dailySats: BigInt(r.at("dailySats").int(1)),
  };
  if (limits.minSats > limits.maxSats) r.at("maxSats").fail("must be at least minSats");
  if (limits.maxSats > limits.dailySats) r.at("dailySats").fail("must be at least maxSats");
  return limits;
};

const atMost = (r: Reader, value: bigint, max: bigint, what: string): bigint => {
  if (value > max) r.fail(`must be at most ${what}`);
  return value;
};

function lightning(r: Reader): LightningConfig {
  const timelock = r.at("timelock").object();
  const min = timelock.at("min").int(1, lightningBounds.maxTimelock);
  const max = timelock.at("max").int(1, lightningBounds.maxTimelock);
  if (min > max) timelock.at("max").fail("must be at least timelock.min");
  const limits = r.at("limits").object();
  return {
    btcAsset: r.at("btcAsset").ref(["synth", "mock"]),
    synths: r
      .at("synths")
      .list()
      .map((s) => s.ref(["synth"])),
    keepers: r
      .at("keepers")
      .list()
      .map((k) => k.ref(["account"])),
    mintFee: atMost(r.at("mintFee"), r.at("mintFee").fixed(), lightningBounds.maxFee, '"0.05"'),
    burnFee: atMost(r.at("burnFee"), r.at("burnFee").fixed(), lightningBounds.maxFee, '"0.05"'),
    priceTolerance: atMost(
      r.at("priceTolerance"),
      r.at("priceTolerance").fixed(),
      lightningBounds.maxPriceTolerance,
      '"0.1"',
    ),
    maxQuoteAge: r.at("maxQuoteAge").int(1, lightningBounds.maxQuoteAge),
    timelock: { min, max },
    limits: {
      mint: lightningLimits(limits.at("mint").object()),
      burn: lightningLimits(limits.at("burn").object()),
    },
  };
}

/** Synths are 18-decimal tokens: limits are whole-synth decimal strings, scaled like every other amount. */
const SYNTH_DECIMALS = 18;

function fiat(r: Reader): FiatConfig {
  const currencies = new Set<string>();
  const synths = new Set<string>();
  return {
    minters: r
      .at("minters")
      .list()
      .map((m) => m.ref(["account"])),
    synths: r
      .at("synths")
      .list()
      .map((entry) => {
        const s = entry.object();
        const synth = s.at("synth").ref(["synth"]);
        // The deployer grants the minter MINTER_ROLE, which it can only do on synths this deployment creates.
        if (isAddress(synth)) s.at("synth").fail('must be a "synth:..." this deployment creates');
        const currency = s.at("currency").string();
        if (!/^[A-Z]{3}$/.test(currency))
          s.at("currency").fail('must be a three-letter ISO 4217 code like "USD"');
        if (currencies.has(currency)) s.at("currency").fail(`repeats "${currency}"`);
        if (synths.has(synth.toLowerCase())) s.at("synth").fail(`repeats "${synth}"`);
        currencies.add(currency);
        synths.add(synth.toLowerCase());
        const perPayment = s.at("perPayment").units(SYNTH_DECIMALS);
        const perDay = s.at("perDay").units(SYNTH_DECIMALS);
        // A zero limit would leave the synth disallowed on chain: a configured synth must be mintable.
        if (perPayment === 0n) s.at("perPayment").fail("must be greater than zero");
        if (perDay < perPayment) s.at("perDay").fail("must be at least perPayment");
        return { synth, currency, perPayment, perDay };
      }),
  };
}

const rateLimit = (r: Reader): RateLimitConfig => {
  const capacity = r.at("capacity").units(SYNTH_DECIMALS);
  const rate = r.at("rate").units(SYNTH_DECIMALS);
  // RateLimiter's own rule: an enabled bucket refills slower than it holds, a disabled one is all zero.
  if (capacity === 0n && rate === 0n) return { isEnabled: false, capacity, rate };
  if (rate === 0n || rate >= capacity) r.at("rate").fail("must be above zero and below capacity");
  return { isEnabled: true, capacity, rate };
};

function ccip(r: Reader): CcipConfig {
  const routerRef = r.at("router").string();
  if (routerRef !== "local" && !isAddress(routerRef))
    r.at("router").fail('must be "local" or the address of Chainlink\'s router');
  const chainIds = new Set<number>();
  const selectors = new Set<bigint>();
  const chains = r
    .at("chains")
    .list()
    .map((c) => {
      const chainId = c.at("chainId").int(1);
      const raw = c.at("selector").string();
      if (!/^\d+$/.test(raw) || BigInt(raw) === 0n || BigInt(raw) >= 2n ** 64n)
        c.at("selector").fail("must be a decimal uint64 above zero");
      const selector = BigInt(raw);
      if (chainIds.has(chainId)) c.at("chainId").fail(`repeats ${chainId}`);
      if (selectors.has(selector)) c.at("selector").fail(`repeats ${raw}`);
      chainIds.add(chainId);
      selectors.add(selector);
      return { chainId, selector, name: c.at("name").string() };
    });
  const feeToken = r.at("feeToken").ref(["mock"]);
  const local = r.at("local");
  if (routerRef === "local" && local.value === undefined)
    local.fail('is required when router is "local"');
  if (routerRef !== "local" && feeToken.startsWith("mock:"))
    r.at("feeToken").fail("must be LINK's address with Chainlink's router");
  const lane = local.value === undefined ? undefined : local.at("lane").object();
  const gateway = r.at("gateway").object();
  const limited = new Set<string>();
  return {
    router: routerRef === "local" ? "local" : (routerRef as Address),
    chains,
    feeToken,
    local:
      lane === undefined
        ? undefined
        : {
            relayers: local
              .at("relayers")
              .list()
              .map((a) => a.ref(["account"])),
            lane: {
              baseFee: lane.at("baseFee").units(18),
              gasPrice: lane.at("gasPrice").units(18),
              feePerByte: lane.at("feePerByte").int(0, 2 ** 32 - 1),
              maxGasLimit: lane.at("maxGasLimit").int(21_000, 30_000_000),
              maxDataBytes: lane.at("maxDataBytes").int(1, 2 ** 32 - 1),
            },
            feeTokenPrice: local.at("feeTokenPrice").units(18),
            permissionlessThreshold: local.at("permissionlessThreshold").int(0, 2 ** 32 - 1),
          },
    gateway: {
      transferGasLimit: gateway.at("transferGasLimit").int(21_000, 30_000_000),
      liquidityGasLimit: gateway.at("liquidityGasLimit").int(21_000, 30_000_000),
      liquidityAllowed: gateway.at("liquidityAllowed").value === true,
      rateLimits: gateway
        .at("rateLimits")
        .list()
        .map((l) => {
          const synth = l.at("synth").ref(["synth"]);
          if (limited.has(synth)) l.at("synth").fail(`repeats "${synth}"`);
          limited.add(synth);
          return {
            synth,
            outbound: rateLimit(l.at("outbound").object()),
            inbound: rateLimit(l.at("inbound").object()),
          };
        }),
    },
  };
}

const breaker = (r: Reader): BreakerConfig => ({
  heartbeat: r.at("heartbeat").int(1),
  maxDeviation: r.at("maxDeviation").fixed(),
  rearmRounds: r.at("rearmRounds").int(1, 255),
});

export function parseNetworkConfig(raw: unknown, file: string, network: string): NetworkConfig {
  const root = new Reader(file, "", raw).object();
  const mocks = root.at("mocks");
  const gov = root.at("governance").object();
  const roles = root.at("roles").object();
  const pools = root.at("pools").object();
  const config: NetworkConfig = {
    network,
    mocks:
      mocks.value === undefined
        ? { feeds: [], tokens: [] }
        : {
            feeds: mocks
              .at("feeds")
              .list()
              .map((f) => {
                const decimals = f.at("decimals").int(0, 36);
                return {
                  pair: f.at("pair").string(),
                  decimals,
                  answer: f.at("answer").units(decimals),
                };
              }),
            tokens: mocks
              .at("tokens")
              .list()
              .map((t) => ({
                symbol: t.at("symbol").string(),
                name: t.at("name").string(),
                decimals: t.at("decimals").int(0, 18),
              })),
          },
    roles: {
      guardian: roles.at("guardian").ref(["account"]),
      attestors: roles
        .at("attestors")
        .list()
        .map((a) => a.ref(["account"])),
      inspectors: roles
        .at("inspectors")
        .list()
        .map((a) => a.ref(["account"])),
    },
    governance: {
      tokenName: gov.at("tokenName").string(),
      tokenSymbol: gov.at("tokenSymbol").string(),
      cap: gov.at("cap").units(18),
      initialSupply: gov.at("initialSupply").units(18),
      initialHolder: gov.at("initialHolder").ref(["account"]),
      votingDelay: gov.at("votingDelay").int(0),
      votingPeriod: gov.at("votingPeriod").int(1),
      proposalThreshold: gov.at("proposalThreshold").units(18),
      quorumPercent: gov.at("quorumPercent").int(1, 100),
      lateQuorumExtension: gov.at("lateQuorumExtension").int(0),
      timelockDelay: gov.at("timelockDelay").int(0),
      unstakeCooldown: gov.at("unstakeCooldown").int(0),
    },
    treasury: {
      stakerShare: root.at("treasury").at("stakerShare").fixed(),
      rewardTokens: root
        .at("treasury")
        .at("rewardTokens")
        .list()
        .map((t) => t.ref(["mock", "synth"])),
    },
    collateral: root
      .at("collateral")
      .list()
      .map((c) => ({
        token: c.at("token").ref(["mock"]),
        feed: c.at("feed").ref(["mock"]),
        breaker: breaker(c.at("breaker").object()),
        issuanceRatio: c.at("issuanceRatio").fixed(),
        liquidationRatio: c.at("liquidationRatio").fixed(),
        liquidationBonus: c.at("liquidationBonus").fixed(),
      })),
    synths: root
      .at("synths")
      .list()
      .map((s) => ({
        assetId: s.at("assetId").string(),
        name: s.at("name").string(),
        symbol: s.at("symbol").string(),
        feed: s.at("feed").ref(["mock"]),
        breaker: breaker(s.at("breaker").object()),
        debtCeiling: s.at("debtCeiling").units(18),
        mintFee: s.at("mintFee").fixed(),
        burnFee: s.at("burnFee").fixed(),
      })),
    lightning: lightning(root.at("lightning").object()),
    fiat: fiat(root.at("fiat").object()),
    ccip: root.at("ccip").value === undefined ? undefined : ccip(root.at("ccip").object()),
    pools: {
      protocolFeeShare: pools.at("protocolFeeShare").fixed(),
      list: pools
        .at("list")
        .list()
        .map((p) => {
          const kind = p.at("kind").string();
          const base = {
            name: p.at("name").string(),
            tokens: p
              .at("tokens")
              .list()
              .map((t) => t.ref(["mock", "synth"])),
            swapFee: p.at("swapFee").fixed(),
          };
          if (kind === "weighted") {
            return {
              ...base,
              kind,
              weights: p
                .at("weights")
                .list()
                .map((w) => w.fixed()),
            };
          }
          if (kind === "stable") return { ...base, kind, amp: p.at("amp").int(1, 5000) };
          return p.at("kind").fail('must be "weighted" or "stable"');
        }),
    },
  };
  checkReferences(config, file);
  return config;
}

/** Every mock:/synth: reference must name something the same file defines. */
function checkReferences(config: NetworkConfig, file: string): void {
  const mockTokens = new Set(config.mocks.tokens.map((t) => t.symbol));
  const mockFeeds = new Set(config.mocks.feeds.map((f) => f.pair));
  const synths = new Set(config.synths.map((s) => s.assetId));
  const check = (ref: string, where: string, kind: "token" | "feed") => {
    const [prefix, name = ""] = ref.split(":");
    const known =
      prefix === "mock"
        ? kind === "token"
          ? mockTokens
          : mockFeeds
        : prefix === "synth"
          ? synths
          : undefined;
    if (known && !known.has(name)) {
      throw new DeployConfigError(
        `${file}: ${where} references unknown ${prefix} ${kind} "${name}"`,
      );
    }
  };
  for (const [i, c] of config.collateral.entries()) {
    check(c.token, `collateral[${i}].token`, "token");
    check(c.feed, `collateral[${i}].feed`, "feed");
  }
  for (const [i, s] of config.synths.entries()) check(s.feed, `synths[${i}].feed`, "feed");
  for (const [i, t] of config.treasury.rewardTokens.entries())
    check(t, `treasury.rewardTokens[${i}]`, "token");
  check(config.lightning.btcAsset, "lightning.btcAsset", "token");
  for (const [i, s] of config.lightning.synths.entries())
    check(s, `lightning.synths[${i}]`, "token");
  for (const [i, s] of config.fiat.synths.entries())
    check(s.synth, `fiat.synths[${i}].synth`, "token");
  for (const [i, p] of config.pools.list.entries()) {
    for (const [j, t] of p.tokens.entries()) check(t, `pools.list[${i}].tokens[${j}]`, "token");
  }
  for (const [i, l] of (config.ccip?.gateway.rateLimits ?? []).entries())
    check(l.synth, `ccip.gateway.rateLimits[${i}].synth`, "token");
}

export const networksDir = new URL("../networks/", import.meta.url).pathname;

/** Config file for a Hardhat network name: the in-process and localhost chains share local.json. */
export function configFileFor(network: string): string {
  const name = ["default", "hardhat", "localhost", "node2", "localhost2"].includes(network)
    ? "local"
    : network;
  return `${networksDir}${name}.json`;
}

export function loadNetworkConfig(network: string): NetworkConfig {
  const file = configFileFor(network);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new DeployConfigError(
      `cannot read deploy config for network "${network}" (${file}): ${error}`,
    );
  }
  return parseNetworkConfig(raw, file, network);
}

export function resolveAccount(ref: AccountRef, accounts: readonly Address[]): Address {
  if (isAddress(ref)) return ref;
  const index = Number(ref.slice("account:".length));
  const account = accounts[index];
  if (!Number.isInteger(index) || !account)
    throw new DeployConfigError(`no unlocked account for "${ref}"`);
  return account;
}
