// The deployed protocol is exactly what deploy/networks/local.json describes.
import assert from "node:assert/strict";
import { getAddress, stringToHex } from "viem";
import { beforeAll, describe, it } from "vitest";
import {
  fiatMinterAbi,
  fluxionGovernanceTokenAbi,
  fluxionGovernorAbi,
  lightningGatewayAbi,
  liquidityPoolManagerAbi,
  priceOracleAbi,
  syntheticAssetFactoryAbi,
  synthVaultAbi,
  treasuryAbi,
} from "../generated/fluxion.ts";
import { AMP_PRECISION } from "../ignition/modules/parts/pools.ts";
import { type Deployed, deployLocal } from "../src/testing/deployed.ts";

describe("deploy with the local config", () => {
  let d: Deployed;
  beforeAll(async () => {
    d = await deployLocal();
  });
  const read = (params: Parameters<Deployed["publicClient"]["readContract"]>[0]) =>
    d.publicClient.readContract(params);
  const tokenAddress = (ref: string) => {
    const name = ref.split(":")[1]!;
    return (d.record.synths[name] ?? d.record.collateral[name])!.address;
  };

  it("creates every synth with its feed, breaker and parameters", async () => {
    const factory = d.record.contracts.SyntheticAssetFactory!.address;
    const oracle = d.record.contracts.PriceOracle!.address;
    for (const s of d.config.synths) {
      const synth = d.record.synths[s.assetId]!;
      const viaFactory = await read({
        address: factory,
        abi: syntheticAssetFactoryAbi,
        functionName: "synthOf",
        args: [stringToHex(s.assetId, { size: 32 })],
      });
      assert.equal(getAddress(viaFactory as string), getAddress(synth.address));
      const params = (await read({
        address: factory,
        abi: syntheticAssetFactoryAbi,
        functionName: "synthConfig",
        args: [synth.address],
      })) as {
        debtCeiling: bigint;
        mintFee: bigint;
        burnFee: bigint;
        active: boolean;
      };
      assert.deepEqual(params, {
        debtCeiling: s.debtCeiling,
        mintFee: s.mintFee,
        burnFee: s.burnFee,
        active: true,
      });
      const feed = (await read({
        address: oracle,
        abi: priceOracleAbi,
        functionName: "feedOf",
        args: [synth.address],
      })) as {
        aggregator: string;
        heartbeat: number;
        maxDeviation: bigint;
        rearmRounds: number;
      };
      assert.equal(
        getAddress(feed.aggregator),
        getAddress(d.record.feeds[s.feed.slice(5)]!.address),
      );
      assert.equal(feed.heartbeat, s.breaker.heartbeat);
      assert.equal(feed.maxDeviation, s.breaker.maxDeviation);
      assert.equal(feed.rearmRounds, s.breaker.rearmRounds);
    }
  });

  it("configures every collateral type", async () => {
    for (const c of d.config.collateral) {
      const params = (await read({
        address: d.record.contracts.SynthVault!.address,
        abi: synthVaultAbi,
        functionName: "collateralParams",
        args: [tokenAddress(c.token)],
      })) as {
        issuanceRatio: bigint;
        liquidationRatio: bigint;
        liquidationBonus: bigint;
        enabled: boolean;
      };
      assert.deepEqual(params, {
        issuanceRatio: c.issuanceRatio,
        liquidationRatio: c.liquidationRatio,
        liquidationBonus: c.liquidationBonus,
        enabled: true,
      });
    }
  });

  it("creates every pool with its tokens, weights or amplification, and fee", async () => {
    const manager = d.record.contracts.LiquidityPoolManager!.address;
    for (const p of d.config.pools.list) {
      const pool = d.record.pools[p.name]!;
      const [tokens, balances, weights, amp, swapFee] = (await read({
        address: manager,
        abi: liquidityPoolManagerAbi,
        functionName: "getPoolState",
        args: [pool.poolId],
      })) as [string[], bigint[], bigint[], bigint, bigint];
      assert.deepEqual(
        tokens.map((t) => getAddress(t)),
        p.tokens.map((t) => getAddress(tokenAddress(t))),
      );
      assert.deepEqual(
        balances,
        p.tokens.map(() => 0n),
      );
      assert.equal(swapFee, p.swapFee);
      if (p.kind === "weighted") {
        assert.deepEqual(weights, p.weights);
        assert.equal(amp, 0n);
      } else {
        assert.equal(amp, BigInt(p.amp) * AMP_PRECISION);
        assert.deepEqual(
          weights,
          p.tokens.map(() => 0n),
        );
      }
    }
    const share = await read({
      address: manager,
      abi: liquidityPoolManagerAbi,
      functionName: "protocolFeeShare",
    });
    assert.equal(share, d.config.pools.protocolFeeShare);
  });

  it("sets governance, treasury and staking parameters", async () => {
    const g = d.config.governance;
    const governor = d.record.contracts.FluxionGovernor!.address;
    const flx = d.record.contracts.FluxionGovernanceToken!.address;
    assert.equal(
      await read({ address: governor, abi: fluxionGovernorAbi, functionName: "votingDelay" }),
      BigInt(g.votingDelay),
    );
    assert.equal(
      await read({ address: governor, abi: fluxionGovernorAbi, functionName: "votingPeriod" }),
      BigInt(g.votingPeriod),
    );
    assert.equal(
      await read({ address: governor, abi: fluxionGovernorAbi, functionName: "proposalThreshold" }),
      g.proposalThreshold,
    );
    assert.equal(
      await read({ address: governor, abi: fluxionGovernorAbi, functionName: "CLOCK_MODE" }),
      "mode=timestamp",
    );
    assert.equal(
      await read({ address: flx, abi: fluxionGovernanceTokenAbi, functionName: "cap" }),
      g.cap,
    );
    assert.equal(
      await read({ address: flx, abi: fluxionGovernanceTokenAbi, functionName: "totalSupply" }),
      g.initialSupply,
    );
    assert.equal(
      await read({ address: flx, abi: fluxionGovernanceTokenAbi, functionName: "unstakeCooldown" }),
      g.unstakeCooldown,
    );
    const rewardTokens = (await read({
      address: flx,
      abi: fluxionGovernanceTokenAbi,
      functionName: "rewardTokens",
    })) as string[];
    assert.deepEqual(
      rewardTokens.map((t) => getAddress(t)),
      d.config.treasury.rewardTokens.map((t) => getAddress(tokenAddress(t))),
    );
    const share = await read({
      address: d.record.contracts.Treasury!.address,
      abi: treasuryAbi,
      functionName: "stakerShare",
    });
    assert.equal(share, d.config.treasury.stakerShare);
  });

  it("configures the Lightning gateway from the lightning section", async () => {
    const l = d.config.lightning;
    const c = d.record.contracts;
    const gateway = c.LightningGateway!.address;
    const readGateway = (functionName: string, args: readonly unknown[] = []) =>
      read({ address: gateway, abi: lightningGatewayAbi, functionName, args } as never);
    assert.deepEqual(await readGateway("settings"), {
      btcAsset: getAddress(tokenAddress(l.btcAsset)),
      maxQuoteAge: l.maxQuoteAge,
      minTimelock: l.timelock.min,
      maxTimelock: l.timelock.max,
      mintFee: l.mintFee,
      burnFee: l.burnFee,
      priceTolerance: l.priceTolerance,
    });
    assert.deepEqual(await readGateway("limits", [0]), l.limits.mint);
    assert.deepEqual(await readGateway("limits", [1]), l.limits.burn);
    assert.equal(
      getAddress((await readGateway("treasury")) as string),
      getAddress(c.Treasury!.address),
    );
    assert.equal(
      getAddress((await readGateway("oracle")) as string),
      getAddress(c.PriceOracle!.address),
    );
    assert.equal(
      getAddress((await readGateway("factory")) as string),
      getAddress(c.SyntheticAssetFactory!.address),
    );
    for (const s of d.config.synths) {
      assert.equal(
        await readGateway("isSynthAllowed", [d.record.synths[s.assetId]!.address]),
        l.synths.includes(`synth:${s.assetId}`),
        `allow list: ${s.assetId}`,
      );
    }
    // sBTC is the BTC price asset: a sat is exactly 1e10 wei of sBTC.
    const [amount] = (await readGateway("quoteMint", [
      d.record.synths.sBTC!.address,
      100_000n,
    ])) as [bigint, bigint];
    assert.equal(amount, 100_000n * 10n ** 10n);
  });

  it("configures the FiatMinter from the fiat section", async () => {
    const minter = d.record.contracts.FiatMinter!.address;
    const limitsOf = (synth: string) =>
      read({ address: minter, abi: fiatMinterAbi, functionName: "limits", args: [synth] });
    for (const s of d.config.synths) {
      const configured = d.config.fiat.synths.find((f) => f.synth === `synth:${s.assetId}`);
      assert.deepEqual(
        await limitsOf(d.record.synths[s.assetId]!.address),
        configured
          ? { perPayment: configured.perPayment, perDay: configured.perDay }
          : { perPayment: 0n, perDay: 0n },
        `limits of ${s.assetId}`,
      );
    }
    assert.equal(
      await read({ address: minter, abi: fiatMinterAbi, functionName: "paused" }),
      false,
    );
  });

  it("records a creation block for every contract", async () => {
    for (const [name, c] of Object.entries(d.record.contracts)) {
      const before = await d.publicClient.getCode({
        address: c.address,
        blockNumber: BigInt(c.blockNumber - 1),
      });
      const at = await d.publicClient.getCode({
        address: c.address,
        blockNumber: BigInt(c.blockNumber),
      });
      assert.ok(!before || before === "0x", `${name} has code before its recorded block`);
      assert.ok(at && at !== "0x", `${name} has no code at its recorded block`);
    }
  });
});
