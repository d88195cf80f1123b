// The seeded demo is what `npm run dev` promises: liquid pools, open positions, stakers earning
// fees, a live proposal, and supply-chain items in transit (one flagged).
import assert from "node:assert/strict";
import { getAddress, parseUnits } from "viem";
import { beforeAll, describe, it } from "vitest";
import {
  fluxionGovernanceTokenAbi,
  fluxionGovernorAbi,
  liquidityPoolManagerAbi,
  mockERC20Abi,
  supplyChainTrackerAbi,
  synthVaultAbi,
} from "../generated/fluxion.ts";
import { positionPlan } from "../src/seed/positions.ts";
import { type SeedResult, seedDemo } from "../src/seed/seedDemo.ts";
import { type Deployed, deployLocal } from "../src/testing/deployed.ts";

describe("demo seed", () => {
  let d: Deployed;
  let seeded: SeedResult;
  const who = (i: number) => d.wallets[i]!.account.address;
  beforeAll(async () => {
    d = await deployLocal();
    seeded = await seedDemo(d.publicClient, d.wallets, d.record);
  });

  it("gives every demo account 1,000 LINK to pay cross-chain fees with", async () => {
    for (let i = 0; i < 8; i++) {
      const balance = await d.publicClient.readContract({
        address: d.record.ccip!.feeToken.address,
        abi: mockERC20Abi,
        functionName: "balanceOf",
        args: [who(i)],
      });
      assert.equal(balance, parseUnits("1000", 18), `account ${i}`);
    }
  });

  it("opens every planned position with its exact debt (amount plus mint fee)", async () => {
    const names = ["deployer", "guardian", "attestor", "alice", "bob", "carol", "dave"];
    for (const p of positionPlan) {
      const synthConfig = d.config.synths.find((s) => s.assetId === p.synth)!;
      const minted = parseUnits(p.mint, 18);
      const fee = (minted * synthConfig.mintFee + 10n ** 18n - 1n) / 10n ** 18n;
      const [collateralAmount, debt, , , ratio, liquidatable] = await d.publicClient.readContract({
        address: d.record.contracts.SynthVault!.address,
        abi: synthVaultAbi,
        functionName: "positionOf",
        args: [
          who(names.indexOf(p.who)),
          d.record.collateral[p.collateral]!.address,
          d.record.synths[p.synth]!.address,
        ],
      });
      assert.equal(debt, minted + fee, `${p.who} ${p.synth} debt`);
      assert.equal(
        collateralAmount,
        parseUnits(p.deposit, d.record.collateral[p.collateral]!.decimals),
      );
      assert.equal(liquidatable, false);
      assert.ok(
        ratio >= parseUnits("1.5", 18),
        `${p.who} ${p.synth} opened at or above the issuance ratio`,
      );
    }
  });

  it("gives every pool liquidity", async () => {
    for (const [name, pool] of Object.entries(d.record.pools)) {
      const [, balances] = await d.publicClient.readContract({
        address: d.record.contracts.LiquidityPoolManager!.address,
        abi: liquidityPoolManagerAbi,
        functionName: "getPoolState",
        args: [pool.poolId],
      });
      assert.ok(
        balances.every((b) => b > 0n),
        `${name} has liquidity`,
      );
    }
  });

  it("leaves a live proposal with votes and stakers earning fees", async () => {
    const governor = d.record.contracts.FluxionGovernor!.address;
    const state = await d.publicClient.readContract({
      address: governor,
      abi: fluxionGovernorAbi,
      functionName: "state",
      args: [seeded.proposalId],
    });
    assert.equal(state, 1, "Active");
    const [against, forVotes] = await d.publicClient.readContract({
      address: governor,
      abi: fluxionGovernorAbi,
      functionName: "proposalVotes",
      args: [seeded.proposalId],
    });
    assert.equal(forVotes, parseUnits("5000000", 18));
    assert.equal(against, parseUnits("1000000", 18));
    const earned = await d.publicClient.readContract({
      address: d.record.contracts.FluxionGovernanceToken!.address,
      abi: fluxionGovernanceTokenAbi,
      functionName: "earned",
      args: [who(3), d.record.synths.sUSD!.address],
    });
    assert.ok(earned > 0n, "alice earns a share of the sUSD fees");
  });

  it("has supply-chain items in transit, handed over, pending and flagged", async () => {
    const tracker = d.record.contracts.SupplyChainTracker!.address;
    const item = (id: bigint) =>
      d.publicClient.readContract({
        address: tracker,
        abi: supplyChainTrackerAbi,
        functionName: "itemOf",
        args: [id],
      });
    const first = await d.publicClient.readContract({
      address: tracker,
      abi: supplyChainTrackerAbi,
      functionName: "itemCount",
    });
    assert.equal(first, 3n);
    const ids = [1n, 2n, 3n];
    const [vaccine, coffee, insulin] = await Promise.all(ids.map(item));
    assert.equal(
      getAddress(vaccine!.custodian),
      getAddress(who(4)),
      "bob accepted the vaccine batch",
    );
    assert.equal(vaccine!.status, 1, "InTransit");
    assert.equal(vaccine!.flagged, false);
    assert.equal(coffee!.flagged, true, "humidity out of range flags the coffee lot");
    assert.equal(insulin!.status, 1);
    const pending = await d.publicClient.readContract({
      address: tracker,
      abi: supplyChainTrackerAbi,
      functionName: "pendingCustodianOf",
      args: [3n],
    });
    assert.equal(
      getAddress(pending),
      getAddress(who(6)),
      "dave has not accepted the insulin pallet yet",
    );
  });
});
