// Governance logic: clock modes and countdowns, proposal states and the buttons they allow, tallies
// and quorum, and proposal actions encoded and decoded against the generated ABIs.
import {
  fluxionDeployments,
  fluxionGovernanceTokenAbi,
  liquidityPoolManagerAbi,
  priceOracleAbi,
  syntheticAssetFactoryAbi,
} from "@fluxion/deploy";
import {
  decodeFunctionData,
  encodeAbiParameters,
  encodeFunctionData,
  keccak256,
  maxUint256,
  toHex,
  zeroHash,
} from "viem";
import { describe, expect, it } from "vitest";
import {
  buildDescription,
  buildParameterChange,
  decodeAction,
  formatWadPercent,
  hashProposal,
  parseSeconds,
  percentToWad,
  proposalBody,
  proposalTitle,
} from "./actions.ts";
import { parseAddressInput, sameAddress } from "./address.ts";
import { countdown, extrapolateNow, formatDuration, formatUtc, parseClockMode } from "./clock.ts";
import {
  availableActions,
  nextMilestone,
  stateFromChain,
  stateFromIndexer,
  stateLabel,
  supportLabel,
} from "./proposalState.ts";
import { formatPercent, passing, percentOf, quorumProgress, toVotes, voteShares } from "./tally.ts";

const chainId = 31337;
const local = fluxionDeployments["31337"];
const manager = local.contracts.LiquidityPoolManager.address;
const xauPool = local.pools["sXAU/sUSD"].poolId;
const e18 = 10n ** 18n;

describe("clock", () => {
  it("parses ERC-6372 clock modes and nothing else", () => {
    expect(parseClockMode("mode=timestamp")).toBe("timestamp");
    expect(parseClockMode("mode=blocknumber&from=default")).toBe("blocknumber");
    expect(parseClockMode("mode=blocknumber")).toBe("blocknumber");
    for (const bad of [
      "",
      "timestamp",
      "mode=",
      "mode=seconds",
      "mode=blocknumber&from=1234",
      "mode=timestamp=1",
      "&&",
      "x".repeat(500),
      undefined,
      null,
    ]) {
      expect(parseClockMode(bad as string)).toBeUndefined();
    }
  });

  it("words durations, countdowns in seconds and in blocks", () => {
    expect(formatDuration(0)).toBe("0 s");
    expect(formatDuration(59n)).toBe("59 s");
    expect(formatDuration(60n)).toBe("1 min");
    expect(formatDuration(61n)).toBe("1 min 1 s");
    expect(formatDuration(3600n)).toBe("1 h");
    expect(formatDuration(3660n)).toBe("1 h 1 min");
    expect(formatDuration(86_400n)).toBe("1 d");
    expect(formatDuration(90_000n)).toBe("1 d 1 h");
    expect(formatDuration(-90n)).toBe("1 min 30 s");
    expect(formatDuration(Number.NaN)).toBe("0 s");
    expect(formatDuration(10n ** 30n)).toMatch(/^\d+ d 1 h$/);
    expect(countdown(1_000n, 1_000n, "timestamp")).toBe("now");
    expect(countdown(4_600n, 1_000n, "timestamp")).toBe("in 1 h");
    expect(countdown(1_000n, 1_300n, "timestamp")).toBe("5 min ago");
    expect(countdown(12n, 11n, "blocknumber")).toBe("in 1 block");
    expect(countdown(10n, 30n, "blocknumber")).toBe("20 blocks ago");
  });

  it("extrapolates the chain's time between clock readings, never backwards", () => {
    expect(extrapolateNow(100n, 1_000, 4_500, "timestamp")).toBe(103n);
    expect(extrapolateNow(100n, 5_000, 1_000, "timestamp")).toBe(100n);
    expect(extrapolateNow(100n, 1_000, 9_999_000, "blocknumber")).toBe(100n);
    expect(extrapolateNow(100n, 0, Number.NaN, "timestamp")).toBe(100n);
  });

  it("formats unix times as UTC and refuses absurd ones", () => {
    expect(formatUtc(0)).toBe("1970-01-01 00:00 UTC");
    expect(formatUtc(1_700_000_000n)).toBe("2023-11-14 22:13 UTC");
    expect(formatUtc(-1)).toBe("—");
    expect(formatUtc(10n ** 20n)).toBe("—");
  });
});

describe("proposal states", () => {
  it("maps the Governor's enum and the indexer's words", () => {
    expect(stateFromChain(0)).toBe("pending");
    expect(stateFromChain(1n)).toBe("active");
    expect(stateFromChain(7)).toBe("executed");
    expect(stateFromChain(8)).toBeUndefined();
    expect(stateFromChain(-1)).toBeUndefined();
    expect(stateFromChain(1.5)).toBeUndefined();
    expect(stateFromChain(undefined)).toBeUndefined();
    expect(stateFromIndexer("queued")).toBe("queued");
    expect(stateFromIndexer("Queued")).toBeUndefined();
    expect(stateFromIndexer("__proto__")).toBeUndefined();
    expect(stateLabel(undefined)).toBe("Unknown");
    expect(stateLabel("succeeded")).toBe("Succeeded");
    expect(supportLabel(0)).toBe("Against");
    expect(supportLabel(2)).toBe("Abstain");
    expect(supportLabel(9)).toBe("Support 9");
  });

  it("offers vote only while active and not yet voted", () => {
    const base = { needsQueuing: true, etaSeconds: null, nowSeconds: 100n, hasVoted: false };
    expect(availableActions("active", base)).toEqual({ vote: true, queue: false, execute: false });
    expect(availableActions("active", { ...base, hasVoted: true }).vote).toBe(false);
    for (const state of [
      "pending",
      "defeated",
      "canceled",
      "executed",
      "expired",
      undefined,
    ] as const) {
      expect(availableActions(state, base)).toEqual({ vote: false, queue: false, execute: false });
    }
  });

  it("offers queue once succeeded, execute only once the Timelock's eta has passed", () => {
    const base = { needsQueuing: true, etaSeconds: null, nowSeconds: 1_000n, hasVoted: true };
    expect(availableActions("succeeded", base).queue).toBe(true);
    expect(availableActions("succeeded", base).execute).toBe(false);
    expect(availableActions("succeeded", { ...base, needsQueuing: false }).execute).toBe(true);
    const queued = { ...base, etaSeconds: 1_300n };
    expect(availableActions("queued", queued)).toEqual({
      vote: false,
      queue: false,
      execute: false,
      executeAt: 1_300n,
    });
    expect(availableActions("queued", { ...queued, nowSeconds: 1_300n }).execute).toBe(true);
    expect(availableActions("queued", { ...queued, nowSeconds: undefined }).execute).toBe(false);
    expect(
      availableActions("queued", { ...base, etaSeconds: 0n, nowSeconds: 10n ** 12n }).execute,
    ).toBe(false);
  });

  it("says what comes next and when", () => {
    const times = { voteStart: 1_000n, voteEnd: 87_400n, eta: null };
    expect(nextMilestone("pending", times, 990n, "timestamp")).toBe("Voting starts in 11 s");
    expect(nextMilestone("active", times, 1_001n, "timestamp")).toBe("Voting ends in 23 h 59 min");
    expect(nextMilestone("succeeded", times, 87_460n, "timestamp")).toMatch(/ready to queue$/);
    expect(nextMilestone("queued", { ...times, eta: 90_000n }, 89_700n, "timestamp")).toBe(
      "Executable in 5 min",
    );
    expect(nextMilestone("queued", { ...times, eta: 90_000n }, 90_000n, "timestamp")).toBe(
      "Ready to execute",
    );
    expect(nextMilestone("queued", times, 90_000n, "timestamp")).toBe("Queued in the Timelock");
    expect(
      nextMilestone("active", { voteStart: 10n, voteEnd: 20n, eta: null }, 15n, "blocknumber"),
    ).toBe("Voting ends in 5 blocks");
    expect(nextMilestone("defeated", times, 87_401n, "timestamp")).toBe("Voting ended 1 s ago");
    expect(nextMilestone(undefined, times, 0n, "timestamp")).toBeUndefined();
  });
});

describe("tally and quorum", () => {
  it("reads the indexer's decimal strings and rejects junk as zero", () => {
    expect(toVotes("123")).toBe(123n);
    expect(toVotes(5n)).toBe(5n);
    expect(toVotes(-5n)).toBe(0n);
    expect(toVotes("-1")).toBe(0n);
    expect(toVotes("1e18")).toBe(0n);
    expect(toVotes("0x10")).toBe(0n);
    expect(toVotes("1".repeat(79))).toBe(0n);
    expect(toVotes(1.5)).toBe(0n);
    expect(toVotes(null)).toBe(0n);
  });

  it("computes shares and percentages on integers", () => {
    expect(percentOf(1n, 3n)).toBe(33.33);
    expect(percentOf(0n, 0n)).toBe(0);
    expect(percentOf(5n, 0n)).toBe(0);
    expect(percentOf(maxUint256, maxUint256)).toBe(100);
    const shares = voteShares({ forVotes: 3n * e18, againstVotes: e18, abstainVotes: 0n });
    expect(shares).toEqual({ for: 75, against: 25, abstain: 0, total: 4n * e18 });
    expect(voteShares({ forVotes: 0n, againstVotes: 0n, abstainVotes: 0n }).for).toBe(0);
    expect(formatPercent(12.345)).toBe("12.35%");
    expect(formatPercent(undefined)).toBe("—");
    expect(formatPercent(Number.POSITIVE_INFINITY)).toBe("—");
  });

  it("counts For and Abstain towards quorum, capped at 100% for the bar", () => {
    const tally = { forVotes: 2n * e18, againstVotes: 10n * e18, abstainVotes: e18 };
    expect(quorumProgress(tally, 4n * e18)).toEqual({
      counted: 3n * e18,
      quorum: 4n * e18,
      percent: 75,
      reached: false,
    });
    expect(quorumProgress(tally, 3n * e18).reached).toBe(true);
    expect(quorumProgress(tally, e18).percent).toBe(100);
    expect(quorumProgress(tally, 0n)).toMatchObject({ percent: 100, reached: true });
    expect(quorumProgress(tally, null)).toMatchObject({ quorum: undefined, percent: undefined });
    expect(passing(tally, 3n * e18)).toBe(false);
    expect(passing({ ...tally, againstVotes: e18 }, 3n * e18)).toBe(true);
    expect(passing({ forVotes: e18, againstVotes: e18, abstainVotes: 0n }, 0n)).toBe(false);
  });
});

describe("addresses", () => {
  it("accepts addresses in any case with a valid checksum and refuses the rest", () => {
    const address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    expect(parseAddressInput(`  ${address} `).address).toBe(address);
    expect(parseAddressInput(address.toLowerCase()).address).toBe(address);
    expect(parseAddressInput(`0x${address.slice(2).toUpperCase()}`).address).toBe(address);
    expect(parseAddressInput("0x70997970c51812dc3A010C7d01b50e0d17dc79C8").error).toMatch(
      /checksum/,
    );
    expect(parseAddressInput("").error).toBe("Enter an address.");
    expect(parseAddressInput("0x123").error).toMatch(/40 hexadecimal/);
    expect(parseAddressInput(`${address}00`).error).toMatch(/40 hexadecimal/);
    expect(parseAddressInput("vitalik.eth").error).toMatch(/40 hexadecimal/);
    expect(parseAddressInput(`0x${"0".repeat(40)}`).error).toMatch(/zero address/);
    expect(parseAddressInput("0x<script>alert(1)</script>000000000000000").error).toBeDefined();
    expect(sameAddress(address, address.toLowerCase())).toBe(true);
    expect(sameAddress(undefined, address)).toBe(false);
  });
});

describe("proposal actions", () => {
  it("decodes a known target's call with named, readable arguments", () => {
    const data = encodeFunctionData({
      abi: liquidityPoolManagerAbi,
      functionName: "setSwapFee",
      args: [xauPool, 25n * 10n ** 14n],
    });
    const decoded = decodeAction(chainId, manager.toLowerCase(), "0", data);
    expect(decoded.known).toBe(true);
    expect(decoded.targetLabel).toBe("LiquidityPoolManager");
    expect(decoded.functionName).toBe("setSwapFee");
    expect(decoded.signature).toBe("setSwapFee(bytes32,uint256)");
    expect(decoded.args).toEqual([
      { name: "poolId", type: "bytes32", display: `sXAU/sUSD pool (${xauPool})` },
      { name: "swapFee", type: "uint256", display: "0.25% (2500000000000000)" },
    ]);
    expect(decoded.problem).toBeUndefined();
  });

  it("decodes tuples, durations and token addresses", () => {
    const sUSD = local.synths.sUSD.address;
    const feed = local.feeds["USD/USD"].address;
    const data = encodeFunctionData({
      abi: priceOracleAbi,
      functionName: "setFeed",
      args: [
        sUSD,
        { aggregator: feed, heartbeat: 3600, maxDeviation: 5n * 10n ** 16n, rearmRounds: 3 },
      ],
    });
    const decoded = decodeAction(chainId, local.contracts.PriceOracle.address, 0n, data);
    expect(decoded.args[0]?.display).toBe(`sUSD (synth) (${sUSD})`);
    expect(decoded.args[1]?.display).toBe(
      `{ aggregator: USD/USD feed (${feed}), heartbeat: 3600 s (1 h), maxDeviation: 5% (50000000000000000), rearmRounds: 3 }`,
    );
  });

  it("reports unknown targets, foreign selectors and malformed calldata instead of throwing", () => {
    const data = encodeFunctionData({
      abi: liquidityPoolManagerAbi,
      functionName: "setSwapFee",
      args: [xauPool, 1n],
    });
    const stranger = decodeAction(chainId, "0x000000000000000000000000000000000000dEaD", "0", data);
    expect(stranger).toMatchObject({
      known: false,
      problem: expect.stringMatching(/Not a Fluxion/),
    });
    expect(decodeAction(chainId, "not an address", "0", data).known).toBe(false);
    const wrongAbi = decodeAction(chainId, local.contracts.Treasury.address, "0", data);
    expect(wrongAbi.problem).toMatch(/does not match any function of Treasury/);
    expect(decodeAction(chainId, manager, "0", "0xzz").problem).toMatch(/not hex/);
    expect(decodeAction(chainId, manager, "0", "0x1234").problem).toMatch(/does not match/);
    expect(decodeAction(chainId, manager, "0", `${data}ff`.slice(0, 20)).problem).toBeDefined();
    expect(decodeAction(chainId, manager, "7", "0x")).toMatchObject({
      functionName: "(plain transfer)",
      value: 7n,
    });
    expect(decodeAction(chainId, manager, "-5", "0x").value).toBe(0n);
    expect(decodeAction(1, manager, "0", data).known).toBe(false);
  });

  it("builds each parameter change from the generated ABIs, aimed at the contract that owns it", () => {
    const swap = buildParameterChange(chainId, {
      kind: "swapFee",
      poolId: xauPool,
      swapFee: 2n * 10n ** 15n,
    });
    expect(swap.targets).toEqual([manager]);
    expect(swap.values).toEqual([0n]);
    expect(swap.role).toEqual({ name: "DEFAULT_ADMIN_ROLE", id: zeroHash });
    expect(decodeFunctionData({ abi: liquidityPoolManagerAbi, data: swap.calldatas[0]! })).toEqual({
      functionName: "setSwapFee",
      args: [xauPool, 2n * 10n ** 15n],
    });

    const synth = local.synths.sBTC.address;
    const current = {
      debtCeiling: 200n * e18,
      mintFee: 3n * 10n ** 15n,
      burnFee: 10n ** 15n,
      active: true,
    };
    const fees = buildParameterChange(chainId, {
      kind: "synthFees",
      synth,
      current,
      mintFee: 4n * 10n ** 15n,
      burnFee: current.burnFee,
    });
    expect(fees.targets).toEqual([local.contracts.SyntheticAssetFactory.address]);
    expect(
      decodeFunctionData({ abi: syntheticAssetFactoryAbi, data: fees.calldatas[0]! }).args,
    ).toEqual([synth, { ...current, mintFee: 4n * 10n ** 15n }]);

    const asset = local.collateral.WETH.address;
    const feedConfig = {
      aggregator: local.feeds["ETH/USD"].address,
      heartbeat: 86_400,
      maxDeviation: 10n ** 17n,
      rearmRounds: 3,
    };
    const heartbeat = buildParameterChange(chainId, {
      kind: "heartbeat",
      asset,
      current: feedConfig,
      heartbeat: 3_600,
    });
    expect(heartbeat.role.name).toBe("FEED_MANAGER_ROLE");
    expect(heartbeat.role.id).toBe(keccak256(toHex("FEED_MANAGER_ROLE")));
    expect(decodeFunctionData({ abi: priceOracleAbi, data: heartbeat.calldatas[0]! }).args).toEqual(
      [asset, { ...feedConfig, heartbeat: 3_600 }],
    );

    const cooldown = buildParameterChange(chainId, { kind: "unstakeCooldown", cooldown: 7_200 });
    expect(cooldown.targets).toEqual([local.contracts.FluxionGovernanceToken.address]);
    expect(
      decodeFunctionData({ abi: fluxionGovernanceTokenAbi, data: cooldown.calldatas[0]! }).args,
    ).toEqual([7_200]);
    expect(
      buildParameterChange(chainId, { kind: "stakerShare", share: 4n * 10n ** 17n }).functionName,
    ).toBe("setStakerShare");
    // The encoded call decodes back for review.
    expect(
      decodeAction(chainId, heartbeat.targets[0]!, 0n, heartbeat.calldatas[0]!).functionName,
    ).toBe("setFeed");
  });

  it("derives the proposal id exactly as Governor.hashProposal does", () => {
    const calls = buildParameterChange(chainId, {
      kind: "swapFee",
      poolId: xauPool,
      swapFee: 25n * 10n ** 14n,
    });
    const description = "Lower the sXAU/sUSD swap fee from 0.30% to 0.25%";
    const expected = BigInt(
      keccak256(
        encodeAbiParameters(
          [{ type: "address[]" }, { type: "uint256[]" }, { type: "bytes[]" }, { type: "bytes32" }],
          [calls.targets, calls.values, calls.calldatas, keccak256(toHex(description))],
        ),
      ),
    );
    expect(hashProposal(calls, description)).toBe(expected);
    expect(hashProposal(calls, `${description} `)).not.toBe(expected);
    expect(hashProposal(calls, "ünïcødé 🚀")).toBeTypeOf("bigint");
  });

  it("parses percentages and seconds typed by people, refusing junk", () => {
    expect(percentToWad("0.25")).toBe(25n * 10n ** 14n);
    expect(percentToWad(" 0.25 % ")).toBe(25n * 10n ** 14n);
    expect(percentToWad("100")).toBe(e18);
    expect(percentToWad(".5")).toBe(5n * 10n ** 15n);
    expect(percentToWad("0.0000000000000001")).toBe(1n);
    expect(percentToWad("0.00000000000000001")).toBeUndefined();
    for (const bad of ["", "-1", "1e-3", "abc", "1,5", "1000", "0x10", "NaN", "Infinity", "١"]) {
      expect(percentToWad(bad)).toBeUndefined();
    }
    expect(parseSeconds("3600", 1n, 86_400n)).toBe(3_600n);
    expect(parseSeconds(" 0 ", 0n, 10n)).toBe(0n);
    expect(parseSeconds("0", 1n, 10n)).toBeUndefined();
    expect(parseSeconds("11", 1n, 10n)).toBeUndefined();
    expect(parseSeconds("1.5", 1n, 10n)).toBeUndefined();
    expect(parseSeconds("-1", 0n, 10n)).toBeUndefined();
    expect(parseSeconds("9".repeat(40), 0n, 2n ** 32n)).toBeUndefined();
  });

  it("formats fractions exactly", () => {
    expect(formatWadPercent(25n * 10n ** 14n)).toBe("0.25%");
    expect(formatWadPercent(1n)).toBe("0.0000000000000001%");
    expect(formatWadPercent(0n)).toBe("0%");
  });

  it("writes and reads descriptions with a title line", () => {
    const description = buildDescription("  Lower\nthe fee ", "\nBecause volume.\n");
    expect(description).toBe("# Lower the fee\n\nBecause volume.");
    expect(proposalTitle(description)).toBe("Lower the fee");
    expect(proposalBody(description)).toBe("Because volume.");
    expect(buildDescription("Only a title", "  ")).toBe("# Only a title");
    expect(proposalTitle("Plain first line\nmore")).toBe("Plain first line");
    expect(proposalTitle("\n\n  ### Deep heading  \nbody")).toBe("Deep heading");
    expect(proposalTitle("")).toBe("Untitled proposal");
    expect(proposalTitle(null)).toBe("Untitled proposal");
    expect(proposalTitle("#\n#\n")).toBe("Untitled proposal");
    expect(proposalTitle("x".repeat(500))).toHaveLength(120);
    expect(proposalBody("")).toBe("");
    expect(proposalTitle("<img src=x onerror=alert(1)>")).toBe("<img src=x onerror=alert(1)>");
  });
});
