// The two local chains as `npm run dev` deploys them: each chain's CCIP router and gateway, the lanes between
// the gateways (each the other's only allowed sender), the configured rate limits, and a transfer each way
// delivered the way the relay delivers it (commit, then execute, as the relayer), with exact supplies.
import assert from "node:assert/strict";
import type { Address, Hex, PublicClient } from "viem";
import { parseEventLogs, parseUnits, zeroAddress } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, it } from "vitest";
import {
  crossChainGatewayAbi,
  localCCIPRouterAbi,
  syntheticAssetAbi,
} from "../generated/fluxion.ts";
import { type Deployed, deployLocalChains } from "../src/testing/deployed.ts";

const ADMIN = `0x${"00".repeat(32)}` as const;
const relayer = mnemonicToAccount("test test test test test test test test test test test junk", {
  addressIndex: 12,
});

describe("two chains connected over CCIP", () => {
  let a: Deployed;
  let b: Deployed;

  beforeAll(async () => {
    [a, b] = await deployLocalChains();
  }, 240_000);
  afterAll(async () => {
    await Promise.all([a?.connection.close(), b?.connection.close()]);
  });

  const ccip = (d: Deployed) => d.record.ccip!;
  const client = (d: Deployed) => d.publicClient as PublicClient;

  it("records both chains with distinct selectors, each the other's connected peer", async () => {
    assert.equal(a.record.chainId, 31337);
    assert.equal(b.record.chainId, 31338);
    assert.notEqual(ccip(a).chainSelector, ccip(b).chainSelector);
    assert.deepEqual(
      ccip(a).peers.map((p) => [p.chainId, p.chainSelector, p.connected]),
      [[31338, ccip(b).chainSelector, true]],
    );
    assert.equal(ccip(a).local, true);
    assert.equal(ccip(a).feeToken.symbol, "LINK");
  });

  it("sets each gateway's lane to the other's gateway and the configured limits, then hands it to the Timelock", async () => {
    for (const [self, peer] of [
      [a, b],
      [b, a],
    ] as const) {
      const lane = await client(self).readContract({
        address: ccip(self).gateway.address,
        abi: crossChainGatewayAbi,
        functionName: "lane",
        args: [BigInt(ccip(peer).chainSelector)],
      });
      assert.equal(lane.enabled, true);
      assert.equal(lane.peer.toLowerCase(), ccip(peer).gateway.address.toLowerCase());
      assert.equal(lane.transferGasLimit, self.config.ccip!.gateway.transferGasLimit);
      const [outbound, inbound] = await client(self).readContract({
        address: ccip(self).gateway.address,
        abi: crossChainGatewayAbi,
        functionName: "rateLimits",
        args: [BigInt(ccip(peer).chainSelector), self.record.synths.sUSD!.address],
      });
      assert.equal(outbound.capacity, parseUnits("1000000", 18));
      assert.equal(outbound.rate, parseUnits("100", 18));
      assert.equal(inbound.isEnabled, true);
      const timelock = self.record.contracts.FluxionTimelock!.address;
      const admins = await Promise.all(
        [timelock, self.wallets[0]!.account.address].map((who) =>
          client(self).readContract({
            address: ccip(self).gateway.address,
            abi: crossChainGatewayAbi,
            functionName: "hasRole",
            args: [ADMIN, who],
          }),
        ),
      );
      assert.deepEqual(admins, [true, false]);
    }
  });

  it("moves sUSD 31337 → 31338 → 31337 with the supply conserved", async () => {
    const user = a.wallets[1]!;
    const supply = async (d: Deployed) =>
      client(d).readContract({
        address: d.record.synths.sUSD!.address,
        abi: syntheticAssetAbi,
        functionName: "totalSupply",
      });
    const balance = async (d: Deployed) =>
      client(d).readContract({
        address: d.record.synths.sUSD!.address,
        abi: syntheticAssetAbi,
        functionName: "balanceOf",
        args: [user.account.address],
      });
    // The seed is not run here: give the user sUSD on chain A as the Timelock would (impersonated minter).
    const timelock = a.record.contracts.FluxionTimelock!.address;
    await a.connection.provider.request({
      method: "hardhat_impersonateAccount",
      params: [timelock],
    });
    await a.connection.provider.request({
      method: "hardhat_setBalance",
      params: [timelock, "0x56BC75E2D63100000"],
    });
    const asTimelock = await a.connection.viem.getWalletClient(timelock);
    await client(a).waitForTransactionReceipt({
      hash: await asTimelock.writeContract({
        address: a.record.synths.sUSD!.address,
        abi: syntheticAssetAbi,
        functionName: "grantRole",
        args: [await roleOf(a, "MINTER_ROLE"), timelock],
        account: timelock,
        chain: undefined,
      }),
    });
    await client(a).waitForTransactionReceipt({
      hash: await asTimelock.writeContract({
        address: a.record.synths.sUSD!.address,
        abi: syntheticAssetAbi,
        functionName: "mint",
        args: [user.account.address, parseUnits("1000", 18)],
        account: timelock,
        chain: undefined,
      }),
    });
    const total = async () => (await supply(a)) + (await supply(b));
    const before = await total();

    const id1 = await send(a, b, user.account.address, parseUnits("250", 18));
    assert.equal(await total(), before - parseUnits("250", 18), "in flight: burnt, not yet minted");
    await deliver(a, b, id1);
    assert.equal(await total(), before);
    assert.equal(await balance(b), parseUnits("250", 18));

    const userOnB = (await b.connection.viem.getWalletClients())[1]!;
    const id2 = await send(b, a, user.account.address, parseUnits("100", 18), userOnB);
    await deliver(b, a, id2);
    assert.equal(await total(), before);
    assert.equal(await balance(a), parseUnits("850", 18));
    assert.equal(await balance(b), parseUnits("150", 18));
  });

  async function roleOf(d: Deployed, name: string): Promise<Hex> {
    return client(d).readContract({
      address: d.record.synths.sUSD!.address,
      abi: syntheticAssetAbi,
      functionName: name as "MINTER_ROLE",
    });
  }

  async function send(
    from: Deployed,
    to: Deployed,
    recipient: Address,
    amount: bigint,
    wallet = from.wallets[1]!,
  ): Promise<Hex> {
    const args = [
      BigInt(ccip(to).chainSelector),
      from.record.synths.sUSD!.address,
      recipient,
      amount,
      zeroAddress,
    ] as const;
    const fee = await client(from).readContract({
      address: ccip(from).gateway.address,
      abi: crossChainGatewayAbi,
      functionName: "quoteTransfer",
      args,
    });
    assert.ok(fee > 0n);
    const hash = await wallet.writeContract({
      address: ccip(from).gateway.address,
      abi: crossChainGatewayAbi,
      functionName: "sendSynth",
      args,
      value: fee,
    });
    const receipt = await client(from).waitForTransactionReceipt({ hash });
    assert.equal(receipt.status, "success");
    const [sent] = parseEventLogs({
      abi: crossChainGatewayAbi,
      eventName: "SynthSent",
      logs: receipt.logs,
    });
    return sent!.args.messageId;
  }

  /** What the relay does: read the message from the source router's log, commit it, execute it. */
  async function deliver(from: Deployed, to: Deployed, messageId: Hex): Promise<void> {
    const logs = await client(from).getContractEvents({
      address: ccip(from).router.address,
      abi: localCCIPRouterAbi,
      eventName: "CCIPMessageSent",
      args: { messageId },
      fromBlock: 0n,
    });
    const message = logs[0]!.args.message!;
    const wallet = await to.connection.viem.getWalletClient(relayer.address);
    const commit = await wallet.writeContract({
      address: ccip(to).router.address,
      abi: localCCIPRouterAbi,
      functionName: "commit",
      args: [message.sourceChainSelector, [messageId]],
      account: relayer.address,
      chain: undefined,
    });
    assert.equal((await client(to).waitForTransactionReceipt({ hash: commit })).status, "success");
    const execute = await wallet.writeContract({
      address: ccip(to).router.address,
      abi: localCCIPRouterAbi,
      functionName: "execute",
      args: [message],
      account: relayer.address,
      chain: undefined,
    });
    assert.equal((await client(to).waitForTransactionReceipt({ hash: execute })).status, "success");
    const state = await client(to).readContract({
      address: ccip(to).router.address,
      abi: localCCIPRouterAbi,
      functionName: "getExecutionState",
      args: [messageId],
    });
    assert.equal(state, 2, "SUCCESS");
  }
});
