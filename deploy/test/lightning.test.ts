// Both Lightning flows on the deployed protocol: the configured keeper (account 7) locks and claims a mint and a
// burn of sBTC, and the fees land in the Treasury as pending fees, like every other protocol fee.
import assert from "node:assert/strict";
import { type Address, type Hash, keccak256, sha256, toHex } from "viem";
import { beforeAll, describe, it } from "vitest";
import { lightningGatewayAbi, syntheticAssetAbi, treasuryAbi } from "../generated/fluxion.ts";
import { type Deployed, deployLocal } from "../src/testing/deployed.ts";

describe("lightning gateway end to end", () => {
  let d: Deployed;
  let gateway: Address;
  let sBTC: Address;
  let treasury: Address;
  beforeAll(async () => {
    d = await deployLocal();
    gateway = d.record.contracts.LightningGateway!.address;
    sBTC = d.record.synths.sBTC!.address;
    treasury = d.record.contracts.Treasury!.address;
  });

  const mined = async (tx: Promise<Hash>) => {
    const receipt = await d.publicClient.waitForTransactionReceipt({ hash: await tx });
    assert.equal(receipt.status, "success");
  };
  const now = async () => (await d.publicClient.getBlock()).timestamp;
  const balanceOf = (account: Address) =>
    d.publicClient.readContract({
      address: sBTC,
      abi: syntheticAssetAbi,
      functionName: "balanceOf",
      args: [account],
    });
  const pendingFees = () =>
    d.publicClient.readContract({
      address: treasury,
      abi: treasuryAbi,
      functionName: "pendingFees",
      args: [sBTC],
    });

  it("mints to the recipient and the fee to the Treasury, then burns what a user locks", async () => {
    const keeper = d.wallets[7]!;
    const alice = d.wallets[3]!;
    const sats = 250_000n;

    // Lightning -> chain: alice's hold invoice is accepted; the keeper locks, then relays her preimage.
    const mintPreimage = keccak256(toHex("alice pays 250k sats"));
    const [amount, mintFee] = await d.publicClient.readContract({
      address: gateway,
      abi: lightningGatewayAbi,
      functionName: "quoteMint",
      args: [sBTC, sats],
    });
    assert.equal(amount, sats * 10n ** 10n);
    const t = await now();
    await mined(
      keeper.writeContract({
        address: gateway,
        abi: lightningGatewayAbi,
        functionName: "lockMint",
        args: [sha256(mintPreimage), alice.account.address, sBTC, sats, amount, t, t + 7200n],
      }),
    );
    await mined(
      keeper.writeContract({
        address: gateway,
        abi: lightningGatewayAbi,
        functionName: "claimMint",
        args: [mintPreimage],
      }),
    );
    assert.equal(await balanceOf(alice.account.address), amount - mintFee);
    assert.equal(await pendingFees(), mintFee);

    // Chain -> Lightning: alice locks sBTC for her own invoice; the keeper pays it and claims.
    const burnPreimage = keccak256(toHex("keeper pays alice 100k sats"));
    const [locked, burnFee] = await d.publicClient.readContract({
      address: gateway,
      abi: lightningGatewayAbi,
      functionName: "quoteBurn",
      args: [sBTC, 100_000n],
    });
    await mined(
      alice.writeContract({
        address: sBTC,
        abi: syntheticAssetAbi,
        functionName: "approve",
        args: [gateway, locked],
      }),
    );
    await mined(
      alice.writeContract({
        address: gateway,
        abi: lightningGatewayAbi,
        functionName: "lockBurn",
        args: [sha256(burnPreimage), sBTC, locked, 100_000n, (await now()) + 7200n],
      }),
    );
    assert.equal(await balanceOf(gateway), locked);
    await mined(
      keeper.writeContract({
        address: gateway,
        abi: lightningGatewayAbi,
        functionName: "claimBurn",
        args: [burnPreimage],
      }),
    );
    assert.equal(await balanceOf(gateway), 0n);
    assert.equal(await balanceOf(alice.account.address), amount - mintFee - locked);
    assert.equal(await pendingFees(), mintFee + burnFee);
    const supply = await d.publicClient.readContract({
      address: sBTC,
      abi: syntheticAssetAbi,
      functionName: "totalSupply",
    });
    assert.equal(supply, amount - (locked - burnFee));
  });
});
