// The six things a position owner can do, checked against the vault's own rules before anything is
// signed: what the inputs mean, the largest amount each accepts, the position afterwards (collateral,
// debt, ratio, liquidation price, fees) and, when the vault would refuse, the reason in plain words.
// Pure: the page feeds it a snapshot of the chain; unit tests feed it hand-computed ones.
import { formatAmount, formatRatio } from "../../ui/format.ts";
import {
  amountForNet,
  collateralValue,
  debtValue,
  fee,
  liquidationPrice,
  MAX_UINT128,
  maxBurnFor,
  maxMintable,
  maxWithdrawable,
  minOf,
  type ParsedAmount,
  parseAmountInput,
  quoteBurn,
  ratio,
} from "./math.ts";

export type Action = "deposit" | "mint" | "depositAndMint" | "burn" | "repay" | "withdraw";

export const actionList: { id: Action; label: string }[] = [
  { id: "deposit", label: "Deposit" },
  { id: "mint", label: "Mint" },
  { id: "depositAndMint", label: "Deposit & mint" },
  { id: "burn", label: "Burn" },
  { id: "repay", label: "Repay" },
  { id: "withdraw", label: "Withdraw" },
];

export type Asset = { symbol: string; decimals: number };

/** What the vault, the oracle and the wallet say right now about one (collateral, synth) position. */
export type PositionContext = {
  collateral: Asset;
  synth: Asset;
  /** oracle.price (18 decimals); undefined when the feed cannot be read (stale, invalid, missing). */
  collateralPrice?: bigint;
  synthPrice?: bigint;
  issuanceRatio: bigint;
  liquidationRatio: bigint;
  collateralEnabled: boolean;
  mintFee: bigint;
  burnFee: bigint;
  debtCeiling: bigint;
  synthActive: boolean;
  totalDebt: bigint;
  paused: boolean;
  /** Why the oracle would refuse a checked price for this pair (tripped breaker, stale feed), if so. */
  oracleRefusal?: string;
  position: { collateral: bigint; debt: bigint };
  balances: { collateral: bigint; synth: bigint };
};

export type Inputs = { primary: string; secondary?: string };

export type PositionView = {
  collateral: bigint;
  debt: bigint;
  /** 1e18 = 100%; undefined when unpriced; MAX_UINT256 without debt. */
  ratio?: bigint;
  /** Collateral price below which the position is liquidatable; undefined without debt or unpriced. */
  liquidationPrice?: bigint;
  collateralValueUsd?: bigint;
  debtValueUsd?: bigint;
};

export type Evaluation = {
  /** Every check passed: the submit button is enabled. */
  ready: boolean;
  /** Why the action cannot be sent (shown next to the disabled button). */
  reason?: string;
  /** Which input the reason is about (marked aria-invalid). */
  field?: "primary" | "secondary";
  /** The amounts the contract call takes. */
  call?: { deposit?: bigint; mint?: bigint; burn?: bigint; withdraw?: bigint };
  /** Fee charged (synth units) and the debt reduction of a burn. */
  fee?: bigint;
  debtReduction?: bigint;
  before: PositionView;
  after?: PositionView;
  /** The largest amount each input accepts now (undefined when unknown). */
  max: { primary?: bigint; secondary?: bigint };
};

/** The position valued at these prices, the vault's way. */
export function view(ctx: PositionContext, collateral: bigint, debt: bigint): PositionView {
  const priced = ctx.collateralPrice !== undefined && ctx.synthPrice !== undefined;
  if (!priced) {
    // Zero amounts need no price (as in the vault's views).
    return {
      collateral,
      debt,
      collateralValueUsd:
        collateral === 0n
          ? 0n
          : ctx.collateralPrice !== undefined
            ? collateralValue(collateral, ctx.collateralPrice, ctx.collateral.decimals)
            : undefined,
      debtValueUsd:
        debt === 0n
          ? 0n
          : ctx.synthPrice !== undefined
            ? debtValue(debt, ctx.synthPrice)
            : undefined,
      ratio: debt === 0n ? ratio(0n, 0n) : undefined,
    };
  }
  const cv = collateralValue(collateral, ctx.collateralPrice!, ctx.collateral.decimals);
  const dv = debtValue(debt, ctx.synthPrice!);
  return {
    collateral,
    debt,
    collateralValueUsd: cv,
    debtValueUsd: dv,
    ratio: ratio(cv, dv),
    liquidationPrice: liquidationPrice(
      collateral,
      ctx.collateral.decimals,
      dv,
      ctx.liquidationRatio,
    ),
  };
}

/** Health as the indexer names it: no_debt, healthy, below_issuance, liquidatable or unpriced. */
export function healthOf(
  v: PositionView,
  ctx: Pick<PositionContext, "issuanceRatio" | "liquidationRatio">,
): "no_debt" | "healthy" | "below_issuance" | "liquidatable" | "unpriced" {
  if (v.debt === 0n) return "no_debt";
  if (v.ratio === undefined) return "unpriced";
  if (v.ratio < ctx.liquidationRatio) return "liquidatable";
  if (v.ratio < ctx.issuanceRatio) return "below_issuance";
  return "healthy";
}

const amount = (value: bigint, asset: Asset) =>
  `${formatAmount(value, asset.decimals, 6)} ${asset.symbol}`;

/** Why minting is refused whatever the amount, if it is. */
function mintBlock(ctx: PositionContext): string | undefined {
  if (ctx.paused) return "The vault is paused by its guardian: minting is unavailable for now.";
  if (!ctx.collateralEnabled) {
    return `${ctx.collateral.symbol} is not accepted as collateral for new debt right now.`;
  }
  if (!ctx.synthActive) return `Minting ${ctx.synth.symbol} is switched off for now.`;
  if (ctx.oracleRefusal) return `Minting is paused: ${ctx.oracleRefusal}`;
  if (ctx.collateralPrice === undefined || ctx.synthPrice === undefined) {
    return "Prices are unavailable, so the vault cannot value this position.";
  }
  return undefined;
}

/** Why withdrawing is refused whatever the amount, if it is (a position with debt needs prices). */
function withdrawBlock(ctx: PositionContext): string | undefined {
  if (ctx.paused) return "The vault is paused by its guardian: withdrawing is unavailable for now.";
  if (ctx.position.debt === 0n) return undefined;
  if (ctx.oracleRefusal) return `Withdrawing is paused while you owe debt: ${ctx.oracleRefusal}`;
  if (ctx.collateralPrice === undefined || ctx.synthPrice === undefined) {
    return "Prices are unavailable, so the vault cannot check this withdrawal.";
  }
  return undefined;
}

function ratioTooLow(after: PositionView, ctx: PositionContext): string {
  return `This would leave the position at ${formatRatio(after.ratio)} collateral, below the ${formatRatio(ctx.issuanceRatio)} issuance ratio.`;
}

/** Largest mint with `collateral` in the position (0 while minting is refused). */
function mintMax(ctx: PositionContext, collateral: bigint): bigint | undefined {
  if (mintBlock(ctx)) return 0n;
  return maxMintable({
    collateral,
    debt: ctx.position.debt,
    collateralPrice: ctx.collateralPrice!,
    synthPrice: ctx.synthPrice!,
    decimals: ctx.collateral.decimals,
    issuanceRatio: ctx.issuanceRatio,
    mintFee: ctx.mintFee,
    debtCeiling: ctx.debtCeiling,
    totalDebt: ctx.totalDebt,
  });
}

type Draft = Omit<Evaluation, "ready" | "before" | "max">;

/** Checks one action with what the user typed; never throws. */
export function evaluate(action: Action, inputs: Inputs, ctx: PositionContext): Evaluation {
  const before = view(ctx, ctx.position.collateral, ctx.position.debt);
  const { collateral: C, debt: D } = ctx.position;
  const max: Evaluation["max"] = {};
  const done = (draft: Draft): Evaluation => ({
    ...draft,
    ready: draft.reason === undefined,
    before,
    max,
  });
  const fail = (reason: string, field?: "primary" | "secondary", extra: Partial<Draft> = {}) =>
    done({ ...extra, reason, field });
  const parse = (text: string | undefined, asset: Asset): ParsedAmount =>
    parseAmountInput(text ?? "", asset.decimals, asset.symbol);
  const input = (
    parsed: ParsedAmount,
    field: "primary" | "secondary",
    what: string,
  ): { value?: bigint; error?: Evaluation } => {
    if (parsed.kind === "ok") return { value: parsed.value };
    if (parsed.kind === "empty") return { error: fail(`Enter the amount to ${what}.`) };
    return { error: fail(parsed.message, field) };
  };

  switch (action) {
    case "deposit": {
      max.primary = ctx.balances.collateral;
      if (!ctx.collateralEnabled) {
        return fail(`${ctx.collateral.symbol} is not accepted as collateral right now.`);
      }
      const a = input(parse(inputs.primary, ctx.collateral), "primary", "deposit");
      if (a.error) return a.error;
      const value = a.value!;
      const after = view(ctx, C + value, D);
      const extra = { call: { deposit: value }, after };
      if (value > ctx.balances.collateral) {
        return fail(
          `You hold ${amount(ctx.balances.collateral, ctx.collateral)}: deposit at most that.`,
          "primary",
          extra,
        );
      }
      if (C + value > MAX_UINT128) return fail("That is more than a position can hold.", "primary");
      return done(extra);
    }

    case "mint": {
      max.primary = mintMax(ctx, C);
      const blocked = mintBlock(ctx);
      if (blocked) return fail(blocked);
      if (C === 0n)
        return fail(`Deposit ${ctx.collateral.symbol} first: this position holds none.`);
      const a = input(parse(inputs.primary, ctx.synth), "primary", "mint");
      if (a.error) return a.error;
      return checkMint(ctx, C, a.value!, { mint: a.value! }, "primary", done, fail);
    }

    case "depositAndMint": {
      max.primary = ctx.balances.collateral;
      const blocked = mintBlock(ctx);
      if (blocked) {
        max.secondary = 0n;
        return fail(blocked);
      }
      const d = parse(inputs.primary, ctx.collateral);
      const depositValue = d.kind === "ok" ? d.value : 0n;
      max.secondary = mintMax(ctx, C + depositValue);
      const dep = input(d, "primary", "deposit");
      if (dep.error) return dep.error;
      if (depositValue > ctx.balances.collateral) {
        return fail(
          `You hold ${amount(ctx.balances.collateral, ctx.collateral)}: deposit at most that.`,
          "primary",
        );
      }
      if (C + depositValue > MAX_UINT128) {
        return fail("That is more than a position can hold.", "primary");
      }
      const m = input(parse(inputs.secondary, ctx.synth), "secondary", "mint");
      if (m.error) return m.error;
      return checkMint(
        ctx,
        C + depositValue,
        m.value!,
        { deposit: depositValue, mint: m.value! },
        "secondary",
        done,
        fail,
      );
    }

    case "burn": {
      const mostByDebt = maxBurnFor(D, ctx.burnFee);
      max.primary = minOf(mostByDebt, ctx.balances.synth);
      if (D === 0n) return fail("This position has no debt to repay.");
      const a = input(parse(inputs.primary, ctx.synth), "primary", "burn");
      if (a.error) return a.error;
      const value = a.value!;
      const { fee: f, debtReduction } = quoteBurn(value, ctx.burnFee);
      const extra = { call: { burn: value }, fee: f, debtReduction };
      if (debtReduction > D) {
        return fail(
          `Burning ${amount(value, ctx.synth)} would repay ${amount(debtReduction, ctx.synth)} of debt, but the position owes ${amount(D, ctx.synth)}. Burn at most ${amount(mostByDebt, ctx.synth)}.`,
          "primary",
          extra,
        );
      }
      const after = view(ctx, C, D - debtReduction);
      if (value > ctx.balances.synth) {
        return fail(
          `You hold ${amount(ctx.balances.synth, ctx.synth)}: burn at most that.`,
          "primary",
          { ...extra, after },
        );
      }
      return done({ ...extra, after });
    }

    case "repay": {
      const net = quoteBurn(ctx.balances.synth, ctx.burnFee).debtReduction;
      max.primary = minOf(D, net);
      if (D === 0n) return fail("This position has no debt to repay.");
      const a = input(parse(inputs.primary, ctx.synth), "primary", "repay");
      if (a.error) return a.error;
      const reduction = a.value!;
      if (reduction > D) {
        return fail(`The position owes ${amount(D, ctx.synth)}: repay at most that.`, "primary");
      }
      const burn = amountForNet(reduction, ctx.burnFee);
      const f = fee(burn, ctx.burnFee);
      const after = view(ctx, C, D - reduction);
      const extra = { call: { burn }, fee: f, debtReduction: reduction, after };
      if (burn > ctx.balances.synth) {
        return fail(
          `Repaying ${amount(reduction, ctx.synth)} of debt burns ${amount(burn, ctx.synth)} (fee included), and you hold ${amount(ctx.balances.synth, ctx.synth)}. Repay at most ${amount(max.primary, ctx.synth)}, or get more ${ctx.synth.symbol} first.`,
          "primary",
          extra,
        );
      }
      return done(extra);
    }

    case "withdraw": {
      const blocked = withdrawBlock(ctx);
      max.primary = blocked
        ? 0n
        : maxWithdrawable({
            collateral: C,
            debt: D,
            collateralPrice: ctx.collateralPrice ?? 0n,
            synthPrice: ctx.synthPrice ?? 0n,
            decimals: ctx.collateral.decimals,
            issuanceRatio: ctx.issuanceRatio,
          });
      if (blocked) return fail(blocked);
      if (C === 0n) return fail("This position holds no collateral to withdraw.");
      const a = input(parse(inputs.primary, ctx.collateral), "primary", "withdraw");
      if (a.error) return a.error;
      const value = a.value!;
      if (value > C) {
        return fail(
          `The position holds ${amount(C, ctx.collateral)}: withdraw at most that.`,
          "primary",
        );
      }
      const after = view(ctx, C - value, D);
      const extra = { call: { withdraw: value }, after };
      if (D !== 0n && after.ratio !== undefined && after.ratio < ctx.issuanceRatio) {
        return fail(
          `${ratioTooLow(after, ctx)} Withdraw at most ${amount(max.primary, ctx.collateral)}, or repay some debt first.`,
          "primary",
          extra,
        );
      }
      return done(extra);
    }
  }
}

function checkMint(
  ctx: PositionContext,
  collateral: bigint,
  value: bigint,
  call: Evaluation["call"],
  field: "primary" | "secondary",
  done: (draft: Draft) => Evaluation,
  fail: (reason: string, field?: "primary" | "secondary", extra?: Partial<Draft>) => Evaluation,
): Evaluation {
  const f = fee(value, ctx.mintFee);
  const debtAfter = ctx.position.debt + value + f;
  const after = view(ctx, collateral, debtAfter);
  const extra = { call, fee: f, after };
  const most = mintMax(ctx, collateral) ?? 0n;
  const totalAfter = ctx.totalDebt + value + f;
  if (totalAfter > ctx.debtCeiling) {
    return fail(
      `This would bring all ${ctx.synth.symbol} debt to ${amount(totalAfter, ctx.synth)}, above its cap of ${amount(ctx.debtCeiling, ctx.synth)}. Mint at most ${amount(most, ctx.synth)}.`,
      field,
      extra,
    );
  }
  if (after.ratio !== undefined && after.ratio < ctx.issuanceRatio) {
    return fail(
      `${ratioTooLow(after, ctx)} Mint at most ${amount(most, ctx.synth)}, or deposit more ${ctx.collateral.symbol}.`,
      field,
      extra,
    );
  }
  return done(extra);
}
