// Test support: cross-chain traffic between the two local chains without a relay. Users send synths
// through the gateways; the test delivers each message itself as the relay would (commit, then
// execute, as Hardhat account #12, RELAYER_ROLE on both local routers), executes failed messages
// manually as a stranger (account #15), and plays governance (each chain's Timelock, impersonated) to
// make a delivery fail: a lane switched off fails the router's execution, an inbound rate limit
// lowered makes the gateway store the message as failed.
import assert from "node:assert/strict";
import {
  type Address,
  type Hex,
  type PublicClient,
  parseEventLogs,
  parseUnits,
  zeroAddress,
} from "viem";
import {
  crossChainGatewayAbi,
  localCCIPRouterAbi,
  mockERC20Abi,
} from "../../../deploy/generated/fluxion.ts";
import { type ActorName, actorNames } from "../../../deploy/src/seed/actors.ts";
import type { LocalMessage } from "../../src/lib/ccipPatches.ts";
import type { ChainUnderTest } from "./twoChains.ts";

/** Hardhat's development account #12: RELAYER_ROLE on both local routers (local.json). */
export const RELAYER_INDEX = 12;
/** Hardhat's development account #15: no role anywhere. */
export const STRANGER_INDEX = 15;

export type RateLimit = { isEnabled: boolean; capacity: bigint; rate: bigint };

export type CcipDriver = ReturnType<typeof ccipDriver>;

export function ccipDriver() {
  const client = (c: ChainUnderTest) => c.publicClient as PublicClient;
  const ccip = (c: ChainUnderTest) => c.record.ccip!;
  const selector = (c: ChainUnderTest) => BigInt(ccip(c).chainSelector);
  const wallet = (c: ChainUnderTest, index: number) => c.wallets[index]!;
  const actor = (name: ActorName) => actorNames.indexOf(name);

  async function mined(c: ChainUnderTest, what: string, hash: Promise<Hex>) {
    const receipt = await client(c).waitForTransactionReceipt({ hash: await hash });
    assert.equal(receipt.status, "success", `${what} reverted`);
    return receipt;
  }

  /** Sends from the chain's Timelock (governance), impersonated on the Hardhat node. */
  async function asTimelock(
    c: ChainUnderTest,
    what: string,
    call: { functionName: string; args: readonly unknown[] },
  ) {
    const timelock = c.record.contracts.FluxionTimelock!.address;
    await c.connection.provider.request({
      method: "hardhat_impersonateAccount",
      params: [timelock],
    });
    await c.connection.provider.request({
      method: "hardhat_setBalance",
      params: [timelock, "0x56BC75E2D63100000"],
    });
    const governance = await c.connection.viem.getWalletClient(timelock);
    await mined(
      c,
      what,
      governance.writeContract({
        address: ccip(c).gateway.address,
        abi: crossChainGatewayAbi,
        ...(call as { functionName: "setLane"; args: never }),
        account: timelock,
        chain: undefined,
      }),
    );
  }

  async function executionState(to: ChainUnderTest, messageId: Hex): Promise<number> {
    return client(to).readContract({
      address: ccip(to).router.address,
      abi: localCCIPRouterAbi,
      functionName: "getExecutionState",
      args: [messageId],
    });
  }

  return {
    executionState,

    address: (c: ChainUnderTest, who: ActorName | number) =>
      wallet(c, typeof who === "number" ? who : actor(who)).account.address,

    /** `who` sends `amount` of a synth from `from` to `recipient` on `to`; returns the router's message. */
    async send(
      from: ChainUnderTest,
      to: ChainUnderTest,
      who: ActorName,
      symbol: string,
      amount: string,
      recipient: ActorName,
      fee: "native" | "link" = "native",
    ): Promise<LocalMessage> {
      const sender = wallet(from, actor(who));
      const feeToken = fee === "link" ? ccip(from).feeToken.address : zeroAddress;
      const args = [
        selector(to),
        from.record.synths[symbol]!.address,
        wallet(to, actor(recipient)).account.address,
        parseUnits(amount, 18),
        feeToken,
      ] as const;
      const quote = await client(from).readContract({
        address: ccip(from).gateway.address,
        abi: crossChainGatewayAbi,
        functionName: "quoteTransfer",
        args,
        account: sender.account.address,
      });
      if (fee === "link") {
        await mined(
          from,
          `${who} approves LINK`,
          sender.writeContract({
            address: feeToken,
            abi: mockERC20Abi,
            functionName: "approve",
            args: [ccip(from).gateway.address, quote],
          }),
        );
      }
      const receipt = await mined(
        from,
        `${who} sends ${amount} ${symbol}`,
        sender.writeContract({
          address: ccip(from).gateway.address,
          abi: crossChainGatewayAbi,
          functionName: "sendSynth",
          args,
          value: fee === "native" ? quote : 0n,
        }),
      );
      const [sent] = parseEventLogs({
        abi: localCCIPRouterAbi,
        eventName: "CCIPMessageSent",
        logs: receipt.logs,
      });
      return sent!.args.message as LocalMessage;
    },

    async commit(to: ChainUnderTest, message: LocalMessage) {
      await mined(
        to,
        "commit",
        wallet(to, RELAYER_INDEX).writeContract({
          address: ccip(to).router.address,
          abi: localCCIPRouterAbi,
          functionName: "commit",
          args: [message.sourceChainSelector, [message.messageId]],
        }),
      );
    },

    /** The relayer's execution; returns the router's ExecutionState (2 SUCCESS, 3 FAILURE). */
    async execute(to: ChainUnderTest, message: LocalMessage): Promise<number> {
      await mined(
        to,
        "execute",
        wallet(to, RELAYER_INDEX).writeContract({
          address: ccip(to).router.address,
          abi: localCCIPRouterAbi,
          functionName: "execute",
          args: [message],
        }),
      );
      return executionState(to, message.messageId);
    },

    /** Anyone's execution of a failed message (a stranger here), with the message's own gas limit. */
    async manuallyExecute(to: ChainUnderTest, message: LocalMessage): Promise<number> {
      await mined(
        to,
        "manuallyExecute",
        wallet(to, STRANGER_INDEX).writeContract({
          address: ccip(to).router.address,
          abi: localCCIPRouterAbi,
          functionName: "manuallyExecute",
          args: [message, 0n],
        }),
      );
      return executionState(to, message.messageId);
    },

    async isStoredFailed(to: ChainUnderTest, messageId: Hex): Promise<boolean> {
      return client(to).readContract({
        address: ccip(to).gateway.address,
        abi: crossChainGatewayAbi,
        functionName: "isFailed",
        args: [messageId],
      });
    },

    /** A stranger retries a message the gateway stored as failed. */
    async retry(to: ChainUnderTest, messageId: Hex) {
      await mined(
        to,
        "retryFailedMessage",
        wallet(to, STRANGER_INDEX).writeContract({
          address: ccip(to).gateway.address,
          abi: crossChainGatewayAbi,
          functionName: "retryFailedMessage",
          args: [messageId],
        }),
      );
    },

    /** Governance pays a stored failed message out to `recipient` instead. */
    async recover(to: ChainUnderTest, messageId: Hex, recipient: Address) {
      await asTimelock(to, "recoverFailedMessage", {
        functionName: "recoverFailedMessage",
        args: [messageId, recipient],
      });
    },

    /** Governance switches the gateway's lane with `remote` on `on` off or back on. */
    async setLaneEnabled(on: ChainUnderTest, remote: ChainUnderTest, enabled: boolean) {
      const lane = await client(on).readContract({
        address: ccip(on).gateway.address,
        abi: crossChainGatewayAbi,
        functionName: "lane",
        args: [selector(remote)],
      });
      await asTimelock(on, `lane enabled=${enabled}`, {
        functionName: "setLane",
        args: [selector(remote), { ...lane, enabled }],
      });
    },

    /** The gateway's inbound bucket on `on` for `symbol` from `remote` (outbound as it is). */
    async setInboundLimit(
      on: ChainUnderTest,
      remote: ChainUnderTest,
      symbol: string,
      inbound: RateLimit,
    ) {
      const synth = on.record.synths[symbol]!.address;
      const [outbound] = await client(on).readContract({
        address: ccip(on).gateway.address,
        abi: crossChainGatewayAbi,
        functionName: "rateLimits",
        args: [selector(remote), synth],
      });
      await asTimelock(on, `inbound limit ${symbol}`, {
        functionName: "setRateLimits",
        args: [
          selector(remote),
          synth,
          { isEnabled: outbound.isEnabled, capacity: outbound.capacity, rate: outbound.rate },
          inbound,
        ],
      });
    },

    async inboundLimit(on: ChainUnderTest, remote: ChainUnderTest, symbol: string) {
      const [, inbound] = await client(on).readContract({
        address: ccip(on).gateway.address,
        abi: crossChainGatewayAbi,
        functionName: "rateLimits",
        args: [selector(remote), on.record.synths[symbol]!.address],
      });
      return { isEnabled: inbound.isEnabled, capacity: inbound.capacity, rate: inbound.rate };
    },
  };
}
