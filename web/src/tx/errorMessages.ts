// Plain-English messages for every custom error the Fluxion contracts define, keyed by error name.
// Each entry takes the error's decoded arguments (viem's `args`, in ABI order) and returns a sentence or
// two a user can act on; decodeError.ts looks them up here. Token and chain names come from the
// deployment records (a rate limit names its synth, a lane its chain).
import { fluxionDeployments } from "@fluxion/deploy";
import { formatUnits } from "viem";

type Address = `0x${string}`;
type Hex = `0x${string}`;

const WAD = 10n ** 18n;

/** "1234567" -> "1,234,567". */
function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** A decimal string with grouped thousands and at most `places` decimals (more below 1, to stay visible). */
function trimDecimals(value: string, places: number): string {
  const [whole = "0", fraction = ""] = value.split(".");
  const firstDigit = fraction.search(/[1-9]/);
  const keep = /^-?0$/.test(whole) && firstDigit >= 0 ? firstDigit + places : places;
  const cut = fraction.slice(0, keep).replace(/0+$/, "");
  return group(whole) + (cut ? `.${cut}` : "");
}

/** 1e18 fixed point as a percentage: 1.525e18 -> "152.5%". */
function pct(x: bigint): string {
  return `${trimDecimals(formatUnits(x, 16), 2)}%`;
}

/** How far `a` is above `b`, as a percentage of `b` (rounded up). */
function over(a: bigint, b: bigint): string {
  if (b <= 0n || a <= b) return "0%";
  return pct(((a - b) * WAD + b - 1n) / b);
}

/** An 18-decimal token amount: 1234.5e18 -> "1,234.5". */
function amount(x: bigint): string {
  return trimDecimals(formatUnits(x, 18), 6);
}

/** 0x1234…abcd, for addresses and 32-byte ids alike. */
function short(value: Address | Hex): string {
  return value.length > 12 ? `${value.slice(0, 6)}…${value.slice(-4)}` : value;
}

/** A whole number with grouped thousands. */
function num(x: bigint | number): string {
  return group(String(x));
}

function sats(x: bigint | number): string {
  return `${num(x)} ${BigInt(x) === 1n ? "sat" : "sats"}`;
}

/** Seconds in words, two largest units: 7500 -> "2 h 5 min". */
function duration(seconds: bigint | number): string {
  const s = BigInt(seconds);
  if (s <= 0n) return "0 s";
  const units: readonly [bigint, string][] = [
    [86_400n, "d"],
    [3_600n, "h"],
    [60n, "min"],
    [1n, "s"],
  ];
  const i = units.findIndex(([size]) => s >= size);
  const [size, name] = units[i] ?? [1n, "s"];
  const next = units[i + 1];
  const first = `${num(s / size)} ${name}`;
  const rest = next ? (s % size) / next[0] : 0n;
  return next && rest > 0n ? `${first} ${rest} ${next[1]}` : first;
}

/** Unix seconds as "2025-01-31 14:05:09 UTC". */
function time(seconds: bigint | number): string {
  const s = BigInt(seconds);
  if (s < 0n || s > 8_640_000_000_000n) return `time ${s}`;
  return new Date(Number(s) * 1000)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");
}

/** A UTC day number (unix seconds / 86400) as "2025-01-31". */
function day(d: bigint): string {
  return time(d * 86_400n).slice(0, 10);
}

/** Long proposal ids (hashes as decimals) shortened: "1234567…8901". */
function proposal(id: bigint): string {
  const s = id.toString();
  return s.length > 12 ? `${s.slice(0, 7)}…${s.slice(-4)}` : s;
}

/** "a", "a or b", "a, b or c". */
function either(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

function label(names: readonly string[], index: number): string {
  return names[index] ?? `#${index}`;
}

/** Names of the states whose bit is set in an OpenZeppelin state bitmap. */
function statesIn(bitmap: Hex, names: readonly string[]): string[] {
  const bits = BigInt(bitmap);
  return names.filter((_, i) => ((bits >> BigInt(i)) & 1n) === 1n);
}

type Record_ = {
  synths: Record<string, { address: string; symbol: string }>;
  collateral: Record<string, { address: string; symbol: string }>;
  ccip?: {
    chainSelector: string;
    feeToken: { address: string; symbol: string };
    peers: readonly { chainSelector: string; name: string }[];
  };
};
const records = Object.values(fluxionDeployments) as readonly Record_[];

/** A token's symbol when a deployment knows its address (synths, collateral, fee tokens), else short. */
function token(address: Address): string {
  const lower = address.toLowerCase();
  for (const r of records) {
    for (const t of [
      ...Object.values(r.synths),
      ...Object.values(r.collateral),
      ...(r.ccip ? [r.ccip.feeToken] : []),
    ]) {
      if (t.address.toLowerCase() === lower) return t.symbol;
    }
  }
  return short(address);
}

/** The chain a CCIP selector names ("Fluxion Local B"), as the deployments' peers call it. */
function chain(selector: bigint): string {
  for (const r of records) {
    const peer = r.ccip?.peers.find((p) => BigInt(p.chainSelector) === selector);
    if (peer) return peer.name;
  }
  return `the chain with CCIP selector ${selector}`;
}

/** ILocalCCIPRouter.ExecutionState, as what a message is. */
const executionState = [
  "not delivered yet",
  "being delivered right now",
  "already delivered",
  "failed on delivery",
] as const;

/** LightningGateway.Direction. */
const swapDirection = ["Lightning-to-synth (mint)", "synth-to-Lightning (burn)"] as const;
/** LightningGateway.Status. */
const swapStatus = ["unused", "locked", "already claimed", "already refunded"] as const;
/** ISupplyChainTracker.Status. */
const itemStatus = ["Registered", "In transit", "Stored", "Delivered", "Recalled"] as const;
/** The statuses each item status may move to (SupplyChainStatus). */
const nextItemStatus: readonly (readonly string[])[] = [
  ["In transit", "Stored", "Recalled"],
  ["Stored", "Delivered", "Recalled"],
  ["In transit", "Delivered", "Recalled"],
  [],
  [],
];
/** IGovernor.ProposalState. */
const proposalState = [
  "Pending",
  "Active",
  "Canceled",
  "Defeated",
  "Succeeded",
  "Queued",
  "Expired",
  "Executed",
] as const;
/** TimelockController.OperationState, as the state an operation must be in. */
const operationState = [
  "not yet scheduled",
  "scheduled and still waiting for its delay",
  "ready to execute",
  "already executed",
] as const;

export const errorMessages = {
  // ---------------------------------------------------------------- roles and pausing

  AccessControlBadConfirmation: () =>
    "You can only give up a role for your own account: the confirmation address must be yours.",
  AccessControlUnauthorizedAccount: ([account, role]: readonly [Address, Hex]) =>
    `Your account ${short(account)} lacks the role this action needs (role ${short(role)}).`,
  EnforcedPause: () =>
    "This part of Fluxion is paused by its guardian for now, so this action is unavailable. Please try again later.",
  ExpectedPause: () => "This action is only possible while the contract is paused, and it is not.",
  ReentrancyGuardReentrantCall: () =>
    "The contract refused a call made while it was still busy with another one; send this action on its own.",

  // ---------------------------------------------------------------- tokens, signatures and math

  ERC20InsufficientBalance: ([_sender, balance, needed]: readonly [Address, bigint, bigint]) =>
    balance === 0n
      ? "You hold none of this token, so this action cannot go through."
      : `Your token balance is too low: this needs ${over(needed, balance)} more than you hold. Use a smaller amount or top up first.`,
  ERC20InsufficientAllowance: ([spender, allowance, needed]: readonly [Address, bigint, bigint]) =>
    allowance === 0n
      ? `You have not approved ${short(spender)} to spend this token yet; approve it first.`
      : `Your approval for ${short(spender)} is too small: this needs ${over(needed, allowance)} more than approved. Approve a larger amount first.`,
  ERC20InvalidApprover: ([approver]: readonly [Address]) =>
    `The approving account ${short(approver)} is not valid (it is the empty address).`,
  ERC20InvalidReceiver: ([receiver]: readonly [Address]) =>
    `Tokens cannot be sent to ${short(receiver)}; check the recipient address.`,
  ERC20InvalidSender: ([sender]: readonly [Address]) =>
    `Tokens cannot be sent from ${short(sender)} (it is the empty address).`,
  ERC20InvalidSpender: ([spender]: readonly [Address]) =>
    `You cannot approve ${short(spender)} to spend tokens; check the spender address.`,
  ERC20ExceededSafeSupply: ([increasedSupply, cap]: readonly [bigint, bigint]) =>
    `This would raise the token supply to ${amount(increasedSupply)}, above the ${amount(cap)} that voting can keep track of.`,
  ERC2612ExpiredSignature: ([deadline]: readonly [bigint]) =>
    `Your signed approval expired at ${time(deadline)}; sign a new one and try again.`,
  ERC2612InvalidSigner: ([signer, owner]: readonly [Address, Address]) =>
    `The approval was signed by ${short(signer)} instead of the token owner ${short(owner)}; sign it with the owner's account.`,
  InvalidAccountNonce: ([account, currentNonce]: readonly [Address, bigint]) =>
    `This signed request for ${short(account)} was already used or is out of date (the next expected number is ${num(currentNonce)}); sign a new one.`,
  ECDSAInvalidSignature: () => "The signature is not valid; sign the request again.",
  ECDSAInvalidSignatureLength: ([length]: readonly [bigint]) =>
    `The signature has the wrong length (${num(length)} bytes instead of 65); sign the request again.`,
  ECDSAInvalidSignatureS: ([_s]: readonly [Hex]) =>
    "The signature is in a form the contracts do not accept; sign the request again with a standard wallet.",
  InvalidShortString: () => "A stored name could not be read back as text.",
  StringTooLong: ([str]: readonly [string]) =>
    `The text "${str}" is too long to store; use at most 31 plain characters.`,
  SafeCastOverflowedUintDowncast: ([bits, _value]: readonly [number, bigint]) =>
    `A number in this request is too large (it must fit in ${bits} bits); use a smaller amount.`,
  SafeERC20FailedOperation: ([token]: readonly [Address]) =>
    `The token ${short(token)} refused the transfer; check your balance and approval for it.`,
  FailedCall: () => "One of the calls this action makes failed without giving a reason.",
  CheckpointUnorderedInsertion: () =>
    "Voting history could not be updated out of order; please try again in a moment.",
  PRBMath_MulDiv18_Overflow: ([_x, _y]: readonly [bigint, bigint]) =>
    "The amounts are too large for the pool's price math; try a smaller amount.",
  PRBMath_UD60x18_Exp2_InputTooBig: ([_x]: readonly [bigint]) =>
    "The amounts are too extreme for the pool's price math; try a smaller amount.",
  PRBMath_UD60x18_Log_InputTooSmall: ([_x]: readonly [bigint]) =>
    "The amounts are too small for the pool's price math; try a larger amount.",

  // ---------------------------------------------------------------- shared by several contracts

  ZeroAddress: () => "A required address was left empty; enter a valid address.",
  ZeroAmount: () => "The amount must be greater than zero.",
  SynthNotActive: ([synth]: readonly [Address]) =>
    `Minting the synth ${short(synth)} is switched off for now; repaying it still works.`,
  // The factory and vault name the token; the cross-chain gateway also the asset id it looked for.
  UnknownSynth: ([synth, assetId]: readonly [Address, Hex?]) =>
    /^0x0{40}$/i.test(synth) && assetId
      ? `No synth on this chain carries the asset ${short(assetId)}, so it cannot be minted here.`
      : `${short(synth)} is not a synth created by Fluxion; pick one from the list of synths.`,
  FeeTooHigh: ([fee, maxFee]: readonly [bigint, bigint]) =>
    `A fee of ${pct(fee)} is above the allowed maximum of ${pct(maxFee)}.`,

  // ---------------------------------------------------------------- price oracle

  FeedNotSet: ([asset]: readonly [Address]) =>
    `There is no price feed for ${short(asset)}, so Fluxion cannot value it.`,
  InvalidPrice: ([asset, answer]: readonly [Address, bigint]) =>
    answer <= 0n
      ? `The price feed for ${short(asset)} reports a zero or negative price, so it cannot be used right now. Please try again later.`
      : `The price feed for ${short(asset)} reports a price too extreme to use right now. Please try again later.`,
  StalePrice: ([asset, updatedAt, heartbeat]: readonly [Address, bigint, bigint]) =>
    `The price of ${short(asset)} ${updatedAt === 0n ? "has never been updated" : `was last updated at ${time(updatedAt)}`}, and prices older than ${duration(heartbeat)} are not used. Please try again once the feed updates.`,
  CircuitBroken: ([asset]: readonly [Address]) =>
    `Minting and trading ${short(asset)} are on hold because its price moved abnormally; they resume by themselves once the price settles. Repaying still works.`,
  InvalidFeedConfig: ([asset]: readonly [Address]) =>
    `The price feed settings for ${short(asset)} are invalid (a missing feed, zero heartbeat or re-arm rounds, or a deviation limit outside 0–100%).`,

  // ---------------------------------------------------------------- synth factory

  InvalidAssetId: () => "A synth needs a non-empty asset id.",
  SynthAlreadyExists: ([_assetId, synth]: readonly [Hex, Address]) =>
    `A synth for this asset already exists at ${short(synth)}; each asset gets only one.`,
  VaultNotSet: () => "Synths cannot be created before the synth factory is connected to its vault.",
  VaultAlreadySet: ([vault]: readonly [Address]) =>
    `The synth factory is already connected to the vault ${short(vault)}, and that cannot change.`,

  // ---------------------------------------------------------------- synth vault

  CollateralNotEnabled: ([token]: readonly [Address]) =>
    `${short(token)} is not accepted as collateral right now; choose another collateral.`,
  DebtCeilingExceeded: ([synth, totalDebtAfter, debtCeiling]: readonly [Address, bigint, bigint]) =>
    `This would bring the total minted of ${short(synth)} to ${amount(totalDebtAfter)}, above its cap of ${amount(debtCeiling)}. Mint less.`,
  CollateralRatioTooLow: ([collateralRatio, issuanceRatio]: readonly [bigint, bigint]) =>
    `This would leave your position at ${pct(collateralRatio)} collateral, below the required ${pct(issuanceRatio)}. Add collateral or mint less.`,
  InsufficientCollateral: ([available, _requested]: readonly [bigint, bigint]) =>
    available === 0n
      ? "This position holds no collateral to withdraw."
      : "You are trying to withdraw more collateral than this position holds; withdraw a smaller amount.",
  BurnExceedsDebt: ([debtReduction, debt]: readonly [bigint, bigint]) =>
    debt === 0n
      ? "This position has no debt to repay."
      : `This would repay ${amount(debtReduction)} of debt, but the position only owes ${amount(debt)}. Burn a smaller amount.`,
  NotLiquidatable: ([collateralRatio, liquidationRatio]: readonly [bigint, bigint]) =>
    collateralRatio >= 2n ** 128n
      ? "This position has no debt, so there is nothing to liquidate."
      : `This position is at ${pct(collateralRatio)} collateral, not below the ${pct(liquidationRatio)} liquidation threshold, so it cannot be liquidated.`,
  LiquidationBonusTooHigh: ([liquidationBonus, maxLiquidationBonus]: readonly [bigint, bigint]) =>
    `A liquidation bonus of ${pct(liquidationBonus)} is above the maximum of ${pct(maxLiquidationBonus)}.`,
  InvalidLiquidationRatio: ([liquidationRatio, liquidationBonus]: readonly [bigint, bigint]) =>
    `The liquidation ratio (${pct(liquidationRatio)}) must be above 100% plus the liquidation bonus, i.e. above ${pct(WAD + liquidationBonus)}.`,
  InvalidIssuanceRatio: ([issuanceRatio, liquidationRatio]: readonly [bigint, bigint]) =>
    `The issuance ratio (${pct(issuanceRatio)}) must be at least the liquidation ratio (${pct(liquidationRatio)}) and within the vault's maximum.`,
  CollateralFeedMissing: ([token]: readonly [Address]) =>
    `${short(token)} has no price feed, so it cannot be enabled as collateral.`,
  CollateralIsSynth: ([token]: readonly [Address]) =>
    `${short(token)} is a Fluxion synth, and synths cannot be used as collateral.`,
  UnsupportedDecimals: ([token, decimals]: readonly [Address, number]) =>
    `${short(token)} uses ${decimals} decimals, more than the vault supports as collateral.`,

  // ---------------------------------------------------------------- liquidity pools

  DeadlineExpired: ([deadline, timestamp]: readonly [bigint, bigint]) =>
    `The deadline for this transaction (${time(deadline)}) had passed when it was processed (${time(timestamp)}). Submit it again.`,
  PoolNotFound: ([poolId]: readonly [Hex]) => `There is no pool with id ${short(poolId)}.`,
  TokenNotInPool: ([poolId, token]: readonly [Hex, Address]) =>
    `The token ${short(token)} is not part of pool ${short(poolId)}; pick one of the pool's tokens.`,
  SameToken: ([_token]: readonly [Address]) =>
    "You cannot swap a token for itself; pick two different tokens.",
  InvalidTokenCount: ([count, min, max]: readonly [bigint, bigint, bigint]) =>
    `A pool needs between ${num(min)} and ${num(max)} tokens, not ${num(count)}.`,
  ZeroAddressToken: ([index]: readonly [bigint]) =>
    `Pool token #${num(index + 1n)} is missing (empty address); enter a valid token address.`,
  DuplicateToken: ([token]: readonly [Address]) =>
    `The token ${short(token)} is listed twice; each pool token must be different.`,
  TokenDecimalsTooHigh: ([token, decimals]: readonly [Address, number]) =>
    `${short(token)} uses ${decimals} decimals; pools only support tokens with at most 18.`,
  LengthMismatch: ([expected, actual]: readonly [bigint, bigint]) =>
    `Expected ${num(expected)} values, one per pool token, but got ${num(actual)}.`,
  WeightTooLow: ([index, weight, minWeight]: readonly [bigint, bigint, bigint]) =>
    `The weight of token #${num(index + 1n)} is ${pct(weight)}, below the minimum of ${pct(minWeight)}.`,
  WeightsSumInvalid: ([sum]: readonly [bigint]) =>
    `The pool weights add up to ${pct(sum)}; they must add up to exactly 100%.`,
  SwapFeeOutOfBounds: ([swapFee, minFee, maxFee]: readonly [bigint, bigint, bigint]) =>
    `A swap fee of ${pct(swapFee)} is not allowed; it must be between ${pct(minFee)} and ${pct(maxFee)}.`,
  AmpOutOfBounds: ([amp, minAmp, maxAmp]: readonly [bigint, bigint, bigint]) =>
    `An amplification of ${trimDecimals(formatUnits(amp, 3), 3)} is not allowed; it must be between ${trimDecimals(formatUnits(minAmp, 3), 3)} and ${trimDecimals(formatUnits(maxAmp, 3), 3)}.`,
  ProtocolFeeShareTooHigh: ([share, maxShare]: readonly [bigint, bigint]) =>
    `A protocol share of ${pct(share)} of swap fees is above the maximum of ${pct(maxShare)}.`,
  PoolAlreadyInitialized: ([poolId]: readonly [Hex]) =>
    `Pool ${short(poolId)} already has liquidity; add liquidity to it the normal way instead.`,
  PoolNotInitialized: ([poolId]: readonly [Hex]) =>
    `Pool ${short(poolId)} has no liquidity yet; it needs its first deposit before it can be used.`,
  InsufficientInitialLiquidity: ([_lpAmount, _minimum]: readonly [bigint, bigint]) =>
    "The first deposit into this pool is too small to start it; deposit more of each token.",
  SlippageExceeded: ([amountOut, minAmountOut]: readonly [bigint, bigint]) =>
    `Prices moved: you would receive ${minAmountOut === 0n ? "less" : `${pct(((minAmountOut - amountOut) * WAD + minAmountOut - 1n) / minAmountOut)} less`} than the minimum you set. Try again or allow more slippage.`,
  ExcessiveAmountIn: ([amountIn, maxAmountIn]: readonly [bigint, bigint]) =>
    `This would take ${over(amountIn, maxAmountIn)} more than the maximum you allowed (or than the pool can give back). Try again, allow more slippage, or use a smaller amount.`,
  MaxInRatioExceeded: ([amountIn, maxAmountIn]: readonly [bigint, bigint]) =>
    maxAmountIn === 0n
      ? "The pool cannot take in any more of this token right now; try another pool or token."
      : `This trade is too large for the pool: it puts in ${over(amountIn, maxAmountIn)} more than the pool accepts at once. Split it into smaller trades.`,
  MaxOutRatioExceeded: ([amountOut, maxAmountOut]: readonly [bigint, bigint]) =>
    maxAmountOut === 0n
      ? "The pool cannot pay out any more of this token right now; try another pool or token."
      : `This trade is too large for the pool: it takes out ${over(amountOut, maxAmountOut)} more than the pool pays at once. Split it into smaller trades.`,
  StableBalanceTooLow: ([token, _balance, _minBalance]: readonly [Address, bigint, bigint]) =>
    `This would leave the pool with too little ${short(token)} compared with its other tokens; use a smaller amount.`,
  StableBalanceTooHigh: ([token, _balance, _maxBalance]: readonly [Address, bigint, bigint]) =>
    `This would push the pool's balance of ${short(token)} above the most a stable pool can hold; use a smaller amount.`,
  MaxInvariantRatioExceeded: ([_invariant, _maxInvariant]: readonly [bigint, bigint]) =>
    "This one-sided deposit is too large for the pool; deposit less, or add all the pool's tokens in proportion.",
  ZeroPoolBalance: ([poolId, token]: readonly [Hex, Address]) =>
    `Pool ${short(poolId)} holds none of ${short(token)}, so it cannot trade it.`,
  BalanceOverflow: ([_balance]: readonly [bigint]) =>
    "The amount is too large for the pool to record; use a smaller amount or split it into several transactions.",
  EmptyRoute: () => "The swap route is empty; choose at least one pool to trade through.",
  NotStablePool: ([poolId]: readonly [Hex]) =>
    `Pool ${short(poolId)} is not a stable pool, and this only applies to stable pools.`,
  AmpRampTooShort: ([duration_, minDuration]: readonly [bigint, bigint]) =>
    `An amplification change over ${duration(duration_)} is too quick; it must last at least ${duration(minDuration)}.`,
  AmpRampTooFast: ([startAmp, endAmp, duration_]: readonly [bigint, bigint, bigint]) =>
    `Changing the amplification from ${trimDecimals(formatUnits(startAmp, 3), 3)} to ${trimDecimals(formatUnits(endAmp, 3), 3)} over ${duration(duration_)} is too fast (at most 2× per day); spread it over a longer time.`,
  AmpRampInProgress: ([poolId, endTime]: readonly [Hex, bigint]) =>
    `Pool ${short(poolId)} is already changing its amplification until ${time(endTime)}; wait for that to finish or stop it first.`,
  AmpNotRamping: ([poolId]: readonly [Hex]) =>
    `Pool ${short(poolId)} is not changing its amplification, so there is nothing to stop.`,
  StableInvariantDidNotConverge: () =>
    "The stable pool's math could not settle on a result for these balances; try a different amount.",
  StableBalanceDidNotConverge: () =>
    "The stable pool's math could not settle on a result for this trade; try a different amount.",
  NotDelegateCall: () => "This pool module cannot be used directly; go through the pool manager.",
  StableZeroBalance: () =>
    "The stable pool has an empty token balance, so it cannot price this; it needs some of every token.",
  OnlyManager: ([caller]: readonly [Address]) =>
    `Only the pool manager can create or destroy pool shares, and ${short(caller)} is not it.`,

  // ---------------------------------------------------------------- Lightning gateway

  PaymentHashUsed: ([paymentHash, status]: readonly [Hex, number]) =>
    `The Lightning invoice ${short(paymentHash)} was already used for a swap (now ${label(swapStatus, status)}); create a new invoice.`,
  SwapNotLocked: ([paymentHash, status]: readonly [Hex, number]) =>
    status === 0
      ? `There is no swap for the Lightning invoice ${short(paymentHash)}.`
      : `The swap for the Lightning invoice ${short(paymentHash)} is ${label(swapStatus, status)}, so there is nothing left to do.`,
  WrongDirection: ([paymentHash, direction]: readonly [Hex, number]) =>
    `The swap for the Lightning invoice ${short(paymentHash)} is a ${label(swapDirection, direction)} swap; claim or refund it as one.`,
  SwapExpired: ([paymentHash, timelock]: readonly [Hex, bigint]) =>
    `The swap for the Lightning invoice ${short(paymentHash)} expired at ${time(timelock)} and can no longer be claimed, only refunded.`,
  SwapNotExpired: ([paymentHash, timelock]: readonly [Hex, bigint]) =>
    `The swap for the Lightning invoice ${short(paymentHash)} cannot be refunded before ${time(timelock)}, when its time lock ends.`,
  InvalidTimelock: ([timelock, earliest, latest]: readonly [bigint, bigint, bigint]) =>
    `The swap's expiry (${time(timelock)}) must be between ${time(earliest)} and ${time(latest)}; request a new quote.`,
  SatsOutOfRange: ([sats_, minSats, maxSats]: readonly [bigint, bigint, bigint]) =>
    `Swaps must be between ${sats(minSats)} and ${sats(maxSats)}; ${sats(sats_)} is outside that range.`,
  DailyLimitExceeded: ([direction, day_, usageAfter, dailySats]: readonly [
    number,
    bigint,
    bigint,
    bigint,
  ]) =>
    `This swap would bring ${label(swapDirection, direction)} volume on ${day(day_)} to ${sats(usageAfter)}, above the daily limit of ${sats(dailySats)}. Try a smaller amount or wait until the next UTC day.`,
  SynthNotAllowed: ([synth]: readonly [Address]) =>
    `The synth ${short(synth)} is not available here (not enabled by governance for this contract).`,
  PaymentAlreadyProcessed: ([paymentId]: readonly [Hex]) =>
    `The payment ${short(paymentId)} has already minted its synths; a payment mints once, ever.`,
  PaymentIdZero: () => "A paid mint needs a payment id; the zero id is never a real payment.",
  PaymentCapExceeded: ([amount_, cap]: readonly [bigint, bigint]) =>
    `One payment may mint at most ${amount(cap)} synths; this one asks for ${amount(amount_)}.`,
  DailyCapExceeded: ([synth, used, amount_, cap]: readonly [Address, bigint, bigint, bigint]) =>
    `Paid mints of ${short(synth)} today would reach ${amount(used + amount_)}, above the daily cap of ${amount(cap)}. Try again after midnight UTC.`,
  QuoteInFuture: ([quotedAt, timestamp]: readonly [bigint, bigint]) =>
    `The price quote is dated ${time(quotedAt)}, after the current time ${time(timestamp)}; request a new quote.`,
  QuoteTooOld: ([_quotedAt, age, maxQuoteAge]: readonly [bigint, bigint, number]) =>
    `The price quote is ${duration(age)} old, older than the ${duration(maxQuoteAge)} allowed; request a fresh quote.`,
  AmountAboveQuote: ([amount_, maxAmount]: readonly [bigint, bigint]) =>
    `The ${amount(amount_)} synths requested are more than the ${amount(maxAmount)} the payment is worth at current prices; request a new quote.`,
  AmountBelowQuote: ([netAmount, minNetAmount]: readonly [bigint, bigint]) =>
    `After fees you would lock ${amount(netAmount)} synths, less than the ${amount(minNetAmount)} needed to pay this invoice at current prices. Lock more or request a new quote.`,
  PriceToleranceTooHigh: ([priceTolerance, maxPriceTolerance]: readonly [bigint, bigint]) =>
    `A price tolerance of ${pct(priceTolerance)} is above the maximum of ${pct(maxPriceTolerance)}.`,
  InvalidMaxQuoteAge: ([maxQuoteAge, upperBound]: readonly [number, number]) =>
    `The maximum quote age must be more than zero and at most ${duration(upperBound)}, not ${duration(maxQuoteAge)}.`,
  InvalidTimelockBounds: ([minTimelock, maxTimelock]: readonly [number, number]) =>
    `Swap time locks from ${duration(minTimelock)} to ${duration(maxTimelock)} are not allowed: the shortest must be above zero and not longer than the longest, which must stay within the gateway's maximum.`,
  InvalidLimits: ([direction, minSats, maxSats, dailySats]: readonly [
    number,
    bigint,
    bigint,
    bigint,
  ]) =>
    `The ${label(swapDirection, direction)} limits must satisfy 0 < minimum ≤ maximum ≤ daily limit; got ${sats(minSats)}, ${sats(maxSats)} and ${sats(dailySats)}.`,
  BtcFeedMissing: ([btcAsset]: readonly [Address]) =>
    `There is no price feed for ${short(btcAsset)}, so it cannot be used as the BTC price.`,
  NotASynth: ([synth]: readonly [Address]) =>
    `${short(synth)} is not a synth created by Fluxion, so it cannot be offered for Lightning swaps.`,

  // ---------------------------------------------------------------- cross-chain: CCIP router

  InsufficientBalance: ([balance, needed]: readonly [bigint, bigint]) =>
    `The contract holds ${amount(balance)} ETH but needs ${amount(needed)} ETH to pay this out.`,
  InsufficientFeeTokenAmount: () =>
    "Less than the CCIP router's fee came with the message; get a fresh quote and send again.",
  InsufficientGasForStaticCall: () =>
    "The transaction ran short of gas while checking the receiver; send it again with more gas.",
  InvalidCommitReport: () => "The relay's commit report was empty.",
  InvalidEVMAddress: ([encodedAddress]: readonly [Hex]) =>
    `The receiver ${short(encodedAddress)} is not an EVM address.`,
  InvalidExecutionState: ([messageId, state]: readonly [Hex, number]) =>
    state === 2
      ? `Message ${short(messageId)} was already delivered: there is nothing to retry.`
      : `Message ${short(messageId)} is ${label(executionState, state)}, so it cannot be executed now.`,
  InvalidExtraArgsTag: () => "The message's extra arguments (its gas limit) are malformed.",
  InvalidManualExecutionGasLimit: ([_messageId, oldLimit, newLimit]: readonly [
    Hex,
    bigint,
    bigint,
  ]) =>
    `A retry needs at least the message's own gas limit of ${num(oldLimit)}; ${num(newLimit)} is less. Enter ${num(oldLimit)} or more, or leave the gas limit empty to keep it.`,
  InvalidMessage: ([messageId]: readonly [Hex]) =>
    `Message ${short(messageId)} does not match what was sent, or this is not its destination chain: retry it on the chain it was sent to.`,
  InvalidMsgValue: () =>
    "A fee paid in a token takes no ETH: send the transfer without ETH, or pay the fee in ETH.",
  ManualExecutionNotYetEnabled: ([messageId]: readonly [Hex]) =>
    `The relay may still deliver message ${short(messageId)}: anyone may execute it only once the waiting time after its commit has passed.`,
  MessageGasLimitTooHigh: ([gasLimit, maxGasLimit]: readonly [bigint, bigint]) =>
    `The message asks for ${num(gasLimit)} gas on its destination, above the lane's maximum of ${num(maxGasLimit)}.`,
  MessageTooLarge: ([maxDataBytes, actualBytes]: readonly [bigint, bigint]) =>
    `The message carries ${num(actualBytes)} bytes, more than the lane's maximum of ${num(maxDataBytes)}.`,
  NotCommitted: ([messageId]: readonly [Hex]) =>
    `Message ${short(messageId)} is not committed on this chain yet: the relay commits it once it is final on its source chain.`,
  SourceChainNotEnabled: ([sourceChainSelector]: readonly [bigint]) =>
    `Messages from ${chain(sourceChainSelector)} are not accepted on this chain.`,
  TokenTransfersNotSupported: () => "This CCIP router carries messages only, not token amounts.",
  UnsupportedDestinationChain: ([destChainSelector]: readonly [bigint]) =>
    `The CCIP router has no lane to ${chain(destChainSelector)}.`,
  UnsupportedFeeToken: ([feeToken]: readonly [Address]) =>
    `${token(feeToken)} is not accepted for CCIP fees here; pay the fee in ETH or LINK.`,
  Rejected: ([messageId]: readonly [Hex]) =>
    `The test receiver rejected message ${short(messageId)} on purpose.`,

  // ---------------------------------------------------------------- cross-chain: gateway and its rate limits

  TokenMaxCapacityExceeded: ([capacity, requested, tokenAddress]: readonly [
    bigint,
    bigint,
    Address,
  ]) =>
    `${amount(requested)} ${token(tokenAddress)} is more than this lane lets through at once: its rate limit holds at most ${amount(capacity)} ${token(tokenAddress)}. Send it in smaller parts.`,
  TokenRateLimitReached: ([minWaitInSeconds, available, tokenAddress]: readonly [
    bigint,
    bigint,
    Address,
  ]) =>
    `The lane's rate limit for ${token(tokenAddress)} is reached: ${amount(available)} ${token(tokenAddress)} can go through now. Wait at least ${duration(minWaitInSeconds)} for it to refill enough, or send ${amount(available)} or less.`,
  BucketOverfilled: () =>
    "The lane's rate limit holds more than its capacity; governance must set the limit again.",
  InvalidRateLimitRate: () =>
    "A rate limit must refill at a rate above zero and below its capacity.",
  DisabledNonZeroRateLimit: () => "A switched-off rate limit must have zero capacity and rate.",
  ChainNotAllowed: ([chainSelector]: readonly [bigint]) =>
    `Fluxion has no open lane to or from ${chain(chainSelector)}; pick another chain.`,
  SenderNotAllowed: ([chainSelector, sender]: readonly [bigint, Hex]) =>
    `The message from ${chain(chainSelector)} was not sent by Fluxion's gateway there (its sender is ${short(sender)}).`,
  InsufficientFee: ([required, sent]: readonly [bigint, bigint]) =>
    `The fee is ${amount(required)} ETH but ${amount(sent)} ETH came with the transfer; get a fresh quote and send again.`,
  InvalidGasLimit: ([chainSelector]: readonly [bigint]) =>
    `An open lane to ${chain(chainSelector)} needs gas limits above zero.`,
  InvalidPayload: () => "The message's payload could not be read as a Fluxion transfer.",
  InvalidRouter: ([caller]: readonly [Address]) =>
    `Only the CCIP router delivers messages, and ${short(caller)} is not it.`,
  LiquidityNotAllowed: ([chainSelector]: readonly [bigint]) =>
    `Pool liquidity from ${chain(chainSelector)} is not accepted on this chain.`,
  MessageNotFailed: ([messageId]: readonly [Hex]) =>
    `Message ${short(messageId)} is not stored as failed (it was retried or recovered already): there is nothing to retry.`,
  OnlySelf: () => "Only the gateway itself processes delivered messages.",
  PoolMismatch: ([poolId]: readonly [Hex]) =>
    `The liquidity's synths do not match the tokens of pool ${short(poolId)}.`,
  PoolNotBridgeable: ([poolId]: readonly [Hex]) =>
    `Pool ${short(poolId)} holds a token that is not a synth, so its liquidity cannot move between chains.`,

  // ---------------------------------------------------------------- FLX: supply, staking and rewards

  InvalidCap: ([cap, initialSupply]: readonly [bigint, bigint]) =>
    `A supply cap of ${amount(cap)} FLX is invalid: it must be above zero, fit the token's limits and cover the initial ${amount(initialSupply)} FLX.`,
  SupplyCapExceeded: ([supplyAfter, cap]: readonly [bigint, bigint]) =>
    `This would bring the FLX supply to ${amount(supplyAfter)}, above its cap of ${amount(cap)}.`,
  ZeroStakeAmount: () => "The amount to stake or unstake must be greater than zero.",
  InsufficientUnlockedBalance: ([_account, unlocked, required]: readonly [
    Address,
    bigint,
    bigint,
  ]) =>
    `Only ${amount(unlocked)} FLX of your balance is free to use (the rest is staked or cooling down), but this needs ${amount(required)}. Use less, or unstake and wait for the cooldown.`,
  InsufficientStake: ([_account, staked, requested]: readonly [Address, bigint, bigint]) =>
    `You have ${amount(staked)} FLX staked, less than the ${amount(requested)} you asked to unstake.`,
  UnstakeCooldownTooLong: ([cooldown, max]: readonly [bigint, bigint]) =>
    `An unstake cooldown of ${duration(cooldown)} is longer than the maximum of ${duration(max)}.`,
  RewardTokenNotRegistered: ([token]: readonly [Address]) =>
    `${short(token)} is not a registered reward token, so it cannot be paid out to stakers.`,
  RewardTokenAlreadyRegistered: ([token]: readonly [Address]) =>
    `${short(token)} is already a reward token.`,
  TooManyRewardTokens: ([max]: readonly [bigint]) =>
    `There are already ${num(max)} reward tokens, the most allowed.`,
  InvalidRewardToken: ([_token]: readonly [Address]) =>
    "The reward token address is empty; enter a valid token address.",
  NothingStaked: () => "Nobody has staked FLX yet, so there is no one to pay rewards to.",
  ZeroRewardAmount: () => "The reward amount must be greater than zero.",
  InvalidRewardRecipient: ([_to]: readonly [Address]) =>
    "Rewards cannot be sent to an empty address; enter where they should go.",

  // ---------------------------------------------------------------- treasury

  StakerShareTooHigh: ([share, max]: readonly [bigint, bigint]) =>
    `A staker share of ${pct(share)} is above the maximum of ${pct(max)}.`,
  InsufficientTreasuryBalance: ([token, available, _requested]: readonly [
    Address,
    bigint,
    bigint,
  ]) =>
    available === 0n
      ? `The treasury holds none of ${short(token)} that it can spend.`
      : `The treasury holds less of ${short(token)} than requested; withdraw a smaller amount.`,
  InvalidRecipient: ([_to]: readonly [Address]) =>
    "Funds cannot be sent to an empty address; enter a valid recipient.",
  InvalidStakingToken: ([_stakingToken]: readonly [Address]) =>
    "The treasury needs the FLX token address; it was left empty.",

  // ---------------------------------------------------------------- governance

  ERC5805FutureLookup: ([timepoint, clock]: readonly [bigint, number]) =>
    `Voting power can only be looked up for past moments, and ${time(timepoint)} is after now (${time(clock)}).`,
  ERC6372InconsistentClock: () =>
    "Governance is set up with a voting clock that does not match the FLX token's.",
  VotesExpiredSignature: ([expiry]: readonly [bigint]) =>
    `Your signed delegation expired at ${time(expiry)}; sign a new one.`,
  GovernorAlreadyCastVote: ([voter]: readonly [Address]) =>
    `${short(voter)} has already voted on this proposal; each account votes once.`,
  GovernorAlreadyQueuedProposal: ([proposalId]: readonly [bigint]) =>
    `Proposal ${proposal(proposalId)} is already queued.`,
  GovernorDisabledDeposit: () =>
    "The governor does not accept deposits; send funds to the treasury or timelock instead.",
  GovernorInsufficientProposerVotes: ([_proposer, votes, threshold]: readonly [
    Address,
    bigint,
    bigint,
  ]) =>
    `You have ${amount(votes)} votes, but creating a proposal needs ${amount(threshold)}. Get more FLX or ask holders to delegate to you.`,
  GovernorInvalidProposalLength: ([targets, calldatas, values]: readonly [
    bigint,
    bigint,
    bigint,
  ]) =>
    `A proposal needs at least one action, with as many targets, call data and values; got ${num(targets)}, ${num(calldatas)} and ${num(values)}.`,
  GovernorInvalidQuorumFraction: ([quorumNumerator, quorumDenominator]: readonly [
    bigint,
    bigint,
  ]) =>
    `A quorum of ${num(quorumNumerator)}/${num(quorumDenominator)} of the supply is more than 100%.`,
  GovernorInvalidSignature: ([voter]: readonly [Address]) =>
    `The signed vote is not a valid signature from ${short(voter)}; sign it again.`,
  GovernorInvalidVoteParams: () =>
    "This governor does not take extra voting options; cast a plain For, Against or Abstain vote.",
  GovernorInvalidVoteType: () => "Votes must be For, Against or Abstain.",
  GovernorInvalidVotingPeriod: ([votingPeriod]: readonly [bigint]) =>
    `A voting period of ${duration(votingPeriod)} is not allowed; it must be longer than zero.`,
  GovernorNonexistentProposal: ([proposalId]: readonly [bigint]) =>
    `There is no proposal ${proposal(proposalId)}.`,
  GovernorOnlyExecutor: ([_account]: readonly [Address]) =>
    "Only governance itself, through an executed proposal, can do this.",
  GovernorPreventLateQuorumVoteExtensionTooLarge: ([newVoteExtension, maxVoteExtension]: readonly [
    bigint,
    bigint,
  ]) =>
    `A late-quorum extension of ${duration(newVoteExtension)} is longer than the maximum of ${duration(maxVoteExtension)}.`,
  GovernorProposalQueueingFailed: ([proposalId]: readonly [bigint]) =>
    `Proposal ${proposal(proposalId)} could not be queued in the timelock.`,
  GovernorProposalQueueingNotRequired: ([proposalId]: readonly [bigint]) =>
    `Proposal ${proposal(proposalId)} does not need queuing; execute it directly.`,
  GovernorRestrictedProposer: ([proposer]: readonly [Address]) =>
    `This proposal's description reserves it for a specific proposer, and ${short(proposer)} is not that account.`,
  GovernorUnableToCancel: ([proposalId, _account]: readonly [bigint, Address]) =>
    `Proposal ${proposal(proposalId)} can only be canceled by its proposer, and only before voting starts.`,
  GovernorUnexpectedProposalState: ([proposalId, current, expectedStates]: readonly [
    bigint,
    number,
    Hex,
  ]) =>
    BigInt(expectedStates) === 0n
      ? `A proposal with exactly these actions and description already exists (it is ${label(proposalState, current)}); change the description to submit it again.`
      : `Proposal ${proposal(proposalId)} is ${label(proposalState, current)}, but this needs it to be ${either(statesIn(expectedStates, proposalState)) || "in another state"}.`,

  // ---------------------------------------------------------------- timelock

  TimelockInsufficientDelay: ([delay, minDelay]: readonly [bigint, bigint]) =>
    `A delay of ${duration(delay)} is shorter than the timelock's minimum of ${duration(minDelay)}.`,
  TimelockInvalidOperationLength: ([targets, payloads, values]: readonly [
    bigint,
    bigint,
    bigint,
  ]) =>
    `The operation needs as many targets, call data and values; got ${num(targets)}, ${num(payloads)} and ${num(values)}.`,
  TimelockUnauthorizedCaller: ([_caller]: readonly [Address]) =>
    "Only the timelock itself, through an executed proposal, can change its delay.",
  TimelockUnexecutedPredecessor: ([predecessorId]: readonly [Hex]) =>
    `The timelock operation ${short(predecessorId)} must be executed before this one.`,
  TimelockUnexpectedOperationState: ([operationId, expectedStates]: readonly [Hex, Hex]) => {
    const expected = statesIn(expectedStates, operationState);
    if (BigInt(expectedStates) === 1n) {
      return `The timelock operation ${short(operationId)} is already scheduled; it cannot be scheduled twice.`;
    }
    return expected.length === 0
      ? `The timelock operation ${short(operationId)} is not in the right state for this.`
      : `The timelock operation ${short(operationId)} must be ${either(expected)} for this.`;
  },

  // ---------------------------------------------------------------- supply chain

  UnknownItem: ([itemId]: readonly [bigint]) => `There is no item #${num(itemId)}.`,
  TooManySensorRanges: ([count, max]: readonly [bigint, bigint]) =>
    `An item can have at most ${num(max)} sensor ranges, not ${num(count)}.`,
  InvalidSensorRange: ([sensor, min, max]: readonly [Hex, bigint, bigint]) =>
    `The range of sensor ${short(sensor)} is invalid: its minimum (${num(min)}) is above its maximum (${num(max)}).`,
  DuplicateSensor: ([sensor]: readonly [Hex]) =>
    `Sensor ${short(sensor)} is listed twice; give each sensor one range.`,
  NotCustodian: ([itemId, caller]: readonly [bigint, Address]) =>
    `Only the current custodian of item #${num(itemId)} can do this, and ${short(caller)} is not.`,
  InvalidCustodian: ([itemId, to]: readonly [bigint, Address]) =>
    `Custody of item #${num(itemId)} cannot be offered to ${short(to)}: it is empty or already the custodian.`,
  NoPendingCustodyOffer: ([itemId]: readonly [bigint]) =>
    `There is no pending custody offer for item #${num(itemId)} to cancel.`,
  NotPendingCustodian: ([itemId, caller]: readonly [bigint, Address]) =>
    `${short(caller)} has not been offered custody of item #${num(itemId)}.`,
  ItemClosed: ([itemId, status]: readonly [bigint, number]) =>
    `Item #${num(itemId)} is ${label(itemStatus, status)}, so its record is closed and cannot change.`,
  InvalidStatusTransition: ([from, to]: readonly [number, number]) => {
    const allowed = nextItemStatus[from] ?? [];
    return allowed.length === 0
      ? `An item that is ${label(itemStatus, from)} cannot change status any more.`
      : `An item cannot go from ${label(itemStatus, from)} to ${label(itemStatus, to)}; from ${label(itemStatus, from)} it can only become ${either(allowed)}.`;
  },
  ItemFlaggedForInspection: ([itemId]: readonly [bigint]) =>
    `Item #${num(itemId)} is flagged for an out-of-range sensor reading and cannot be delivered until an inspector clears it.`,
  ItemNotFlagged: ([itemId]: readonly [bigint]) =>
    `Item #${num(itemId)} is not flagged, so there is nothing to clear.`,
  EmptyReason: () => "Please give a reason for clearing the flag.",
  TooManyReadings: ([count, max]: readonly [bigint, bigint]) =>
    `A checkpoint can carry at most ${num(max)} sensor readings, not ${num(count)}.`,
  InvalidSequence: ([itemId, expected, provided]: readonly [bigint, bigint, bigint]) =>
    `Checkpoint number ${num(provided)} for item #${num(itemId)} is out of order or already recorded; the next one must be number ${num(expected)}.`,
  CheckpointInFuture: ([timestamp, blockTimestamp]: readonly [bigint, bigint]) =>
    `The checkpoint is dated ${time(timestamp)}, after the current time ${time(blockTimestamp)}; check the device's clock.`,
  CheckpointBeforePrevious: ([timestamp, previous]: readonly [bigint, number]) =>
    `The checkpoint is dated ${time(timestamp)}, before the item's previous record at ${time(previous)}.`,
  InvalidSignature: () => "The checkpoint's signature is not valid; have it signed again.",
  UnauthorizedAttestor: ([signer]: readonly [Address]) =>
    `The checkpoint was signed by ${short(signer)}, which is not an approved attestor.`,
  // biome-ignore lint/suspicious/noExplicitAny: each entry types its own argument tuple
} satisfies Record<string, (args: any) => string>;
