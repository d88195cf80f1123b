// A fiat payment on the deployed protocol: the configured reactor (account 10) mints sUSD to the payer once;
// replaying the payment, minting as anyone else or changing the limits without the Timelock all revert.
import assert from "node:assert/strict";
import {
  type Address,
  type BaseError,
  ContractFunctionRevertedError,
  getAddress,
  type Hash,
  keccak256,
  parseUnits,
  toHex,
} from "viem";
import { beforeAll, describe, it } from "vitest";
import { fiatMinterAbi, syntheticAssetAbi } from "../generated/fluxion.ts";
import { type Deployed, deployLocal } from "../src/testing/deployed.ts";

describe("fiat minter end to end", () => {
  let d: Deployed;
  let minter: Address;
  let sUSD: Address;
  beforeAll(async () => {
    d = await deployLocal();
    minter = d.record.contracts.FiatMinter!.address;
    sUSD = d.record.synths.sUSD!.address;
  });

  const mined = async (tx: Promise<Hash>) => {
    const receipt = await d.publicClient.waitForTransactionReceipt({ hash: await tx });
    assert.equal(receipt.status, "success");
    return receipt;
  };
  /** Simulates a call and returns the custom error it reverts with. */
  const revertName = async (call: Promise<unknown>) => {
    try {
      await call;
    } catch (error) {
      const revert = (error as BaseError).walk((e) => e instanceof ContractFunctionRevertedError);
      assert.ok(revert instanceof ContractFunctionRevertedError, String(error));
      return revert.data?.errorName;
    }
    assert.fail("the call did not revert");
  };

  it("mints once per payment to the payer, and only the reactor mints", async () => {
    const reactor = d.wallets[10]!;
    const alice = getAddress(d.wallets[3]!.account.address);
    const paymentId = keccak256(toHex("provider:pay_0001"));
    const amount = parseUnits("1250.5", 18);
    const args = [paymentId, sUSD, alice, amount] as const;
    const supplyBefore = await d.publicClient.readContract({
      address: sUSD,
      abi: syntheticAssetAbi,
      functionName: "totalSupply",
    });

    const receipt = await mined(
      reactor.writeContract({ address: minter, abi: fiatMinterAbi, functionName: "mint", args }),
    );
    const block = await d.publicClient.getBlock({ blockNumber: receipt.blockNumber });
    assert.deepEqual(
      await d.publicClient.readContract({
        address: minter,
        abi: fiatMinterAbi,
        functionName: "receiptOf",
        args: [paymentId],
      }),
      { synth: sUSD, mintedAt: block.timestamp, to: alice, amount },
    );
    assert.equal(
      await d.publicClient.readContract({
        address: sUSD,
        abi: syntheticAssetAbi,
        functionName: "totalSupply",
      }),
      supplyBefore + amount,
    );

    const simulate = (
      account: (typeof d.wallets)[number],
      functionName: "mint" | "setLimits",
      a: readonly unknown[],
    ) =>
      d.publicClient.simulateContract({
        account: account.account,
        address: minter,
        abi: fiatMinterAbi,
        functionName,
        args: a,
      } as never);
    assert.equal(await revertName(simulate(reactor, "mint", args)), "PaymentAlreadyProcessed");
    assert.equal(
      await revertName(simulate(d.wallets[3]!, "mint", [keccak256(toHex("x")), sUSD, alice, 1n])),
      "AccessControlUnauthorizedAccount",
    );
    // The deployer handed its admin role to the Timelock: limits change only through governance.
    assert.equal(
      await revertName(simulate(d.wallets[0]!, "setLimits", [sUSD, 1n, 1n])),
      "AccessControlUnauthorizedAccount",
    );
    // sBTC is not a fiat synth: no limits, not allowed (the minter has no MINTER_ROLE on it either).
    assert.equal(
      await revertName(
        simulate(reactor, "mint", [
          keccak256(toHex("y")),
          d.record.synths.sBTC!.address,
          alice,
          1n,
        ]),
      ),
      "SynthNotAllowed",
    );
  });
});
