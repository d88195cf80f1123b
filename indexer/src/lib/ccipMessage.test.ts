import assert from "node:assert/strict";
import type { DeploymentRecord } from "@fluxion/deploy";
import { type Address, encodeAbiParameters, type Hex, stringToHex } from "viem";
import { describe, it } from "vitest";
import { type CcipMessageRow, type CcipPatch, deriveState, mergeMessage } from "./ccipMessage.ts";
import {
  ccipChainsOf,
  committedPatch,
  type EventAt,
  executionPatch,
  liquidityReceivedPatch,
  liquiditySentPatch,
  messageSentPatch,
  recoveredPatch,
  retriedPatch,
  storedFailedPatch,
  synthReceivedPatch,
  synthSentPatch,
} from "./ccipPatches.ts";
import { decodeGatewayPayload } from "./ccipPayload.ts";

const SEL_A = 661990842721087453n;
const SEL_B = 14916949317605581645n;
const gateway = "0x1429859428c0abc9c2c47c8ee9fbaf82cfa0f20f" as Address;
const router = "0xfd471836031dc5108809d173a067e8486b9047a3" as Address;
const synth = "0x89e357d55fe4bdb710ee28577ff3ce2a295ffdef" as Address;
const alice = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8" as Address;
const bob = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc" as Address;
const relayer = "0xfabb0ac9d68b0b445fb7357272ff202c5651694a" as Address;
const stranger = "0x1cbd3b2770909d4e10f157cabc84c7264073c9ec" as Address;
const messageId = `0x${"ab".repeat(32)}` as Hex;
const assetId = stringToHex("sUSD", { size: 32 });

function record(chainId: number, selector: bigint, peer: [number, bigint]): DeploymentRecord {
  const contract = { address: gateway, blockNumber: 1 };
  return {
    chainId,
    network: "local",
    contracts: {},
    synths: {},
    collateral: {},
    feeds: {},
    pools: {},
    ccip: {
      chainSelector: selector.toString(),
      local: true,
      router: { address: router, blockNumber: 1 },
      gateway: contract,
      feeToken: { address: synth, blockNumber: 1, symbol: "LINK", decimals: 18 },
      peers: [
        { chainId: peer[0], chainSelector: peer[1].toString(), name: "peer", connected: true },
      ],
    },
  } as DeploymentRecord;
}

const chains = ccipChainsOf([
  record(31337, SEL_A, [31338, SEL_B]),
  record(31338, SEL_B, [31337, SEL_A]),
]);

let block = 100n;
/** An event on `chainId`, each one a block after the previous (the two chains' clocks differ). */
function on(chainId: number): EventAt {
  block += 1n;
  return {
    chainId,
    blockNumber: block,
    timestamp: (chainId === 31337 ? 1_000_000n : 2_000_000n) + block,
    transactionHash: `0x${block.toString(16).padStart(64, "0")}` as Hex,
  };
}

function transferData(amount: bigint, from = alice, to = bob): Hex {
  return encodeAbiParameters(
    [
      { type: "uint8" },
      {
        type: "tuple",
        components: [
          { name: "assetId", type: "bytes32" },
          { name: "from", type: "address" },
          { name: "to", type: "address" },
          { name: "amount", type: "uint256" },
        ],
      },
    ],
    [0, { assetId, from, to, amount }],
  );
}

const amount = 100n * 10n ** 18n;
const data = transferData(amount);
const senderWord = encodeAbiParameters([{ type: "address" }], [gateway]);

/** The source chain's two events of one synth transfer A -> B: the router's send, the gateway's. */
function sourceOfTransfer(fee = 7n): CcipPatch[] {
  const m = on(31337);
  return [
    messageSentPatch(chains, m, {
      messageId,
      sourceChainSelector: SEL_A,
      destChainSelector: SEL_B,
      sequenceNumber: 3n,
      sender: gateway,
      receiver: gateway,
      data,
      gasLimit: 200_000n,
      feeToken: "0x0000000000000000000000000000000000000000",
      feeTokenAmount: fee,
    }),
    synthSentPatch(chains, m, gateway, {
      messageId,
      destChainSelector: SEL_B,
      from: alice,
      to: bob,
      synth,
      assetId,
      amount,
      feeToken: "0x0000000000000000000000000000000000000000",
      fee,
    }),
  ];
}

const committed = () =>
  committedPatch(chains, on(31338), { sourceChainSelector: SEL_A, committer: relayer });
const execution = (state: 2 | 3, manual = false, executor = relayer) =>
  executionPatch(chains, on(31338), {
    sourceChainSelector: SEL_A,
    sequenceNumber: 3n,
    state,
    returnData: state === 3 ? "0x1234" : "0x",
    manual,
    executor,
    gasUsed: 51_000n,
  });
const received = (m = on(31338)) =>
  synthReceivedPatch(chains, m, gateway, {
    sourceChainSelector: SEL_A,
    to: bob,
    from: alice,
    synth,
    assetId,
    amount,
  });

/** Every merge order that keeps each chain's own order (what Ponder's multichain ordering allows). */
function interleavings<T>(a: T[], b: T[]): T[][] {
  if (a.length === 0) return [b];
  if (b.length === 0) return [a];
  return [
    ...interleavings(a.slice(1), b).map((rest) => [a[0]!, ...rest]),
    ...interleavings(a, b.slice(1)).map((rest) => [b[0]!, ...rest]),
  ];
}

function replay(patches: CcipPatch[]): CcipMessageRow {
  let row: CcipMessageRow | undefined;
  for (const patch of patches) row = mergeMessage(row, messageId, patch);
  return row!;
}

/** The row is the same whichever chain's events come first, and it is returned. */
function sameInEveryOrder(source: CcipPatch[], destination: CcipPatch[]): CcipMessageRow {
  const orders = interleavings(source, destination);
  const first = replay(orders[0]!);
  for (const order of orders.slice(1)) assert.deepEqual(replay(order), first);
  return first;
}

describe("ccip_message merge", () => {
  it("ends the same in every interleaving of a delivered transfer", () => {
    const row = sameInEveryOrder(sourceOfTransfer(), [committed(), received(), execution(2)]);
    assert.equal(row.state, "executed");
    assert.equal(row.kind, "transfer");
    assert.equal(row.sourceChainId, 31337);
    assert.equal(row.destChainId, 31338);
    assert.equal(row.sourceChainSelector, SEL_A);
    assert.equal(row.destChainSelector, SEL_B);
    assert.equal(row.sequenceNumber, 3n);
    assert.equal(row.userFrom, alice);
    assert.equal(row.userTo, bob);
    assert.equal(row.assetId, "sUSD");
    assert.equal(row.amount, amount);
    assert.equal(row.sourceSynth, synth);
    assert.equal(row.destSynth, synth);
    assert.equal(row.data, data);
    assert.equal(row.fee, 7n);
    assert.equal(row.attempts, 1);
    assert.ok(row.sent && row.committed && row.executed && row.received);
    assert.equal(row.failed, false);
    assert.equal(row.lastExecutor, relayer);
    // The first sight is the earliest block time, on either chain.
    assert.equal(row.firstSeenTimestamp, row.sentTimestamp);
  });

  it("keeps the router's fee (what the message id hashes) over the gateway's", () => {
    const [sent, synthSent] = sourceOfTransfer(7n) as [CcipPatch, CcipPatch];
    const overpaid = { ...synthSent, fields: { ...synthSent.fields, fee: 5n } };
    assert.equal(replay([sent, overpaid]).fee, 7n);
    // Without the local router (Chainlink's logs nothing here), the gateway's fee is all there is.
    assert.equal(replay([overpaid]).fee, 5n);
  });

  it("prefers the source's values to the destination's when the two disagree, in any order", () => {
    const lying = received();
    lying.fields = { ...lying.fields, amount: 1n, userTo: alice };
    const row = sameInEveryOrder(sourceOfTransfer(), [committed(), lying]);
    assert.equal(row.amount, amount);
    assert.equal(row.userTo, bob);
    // Seen from the destination alone, its values stand.
    assert.equal(replay([committed(), lying]).amount, 1n);
  });

  it("records a router failure and a stranger's manual execution, in any order", () => {
    const manualTx = on(31338);
    const row = sameInEveryOrder(sourceOfTransfer(), [
      committed(),
      execution(3),
      received(manualTx),
      execution(2, true, stranger),
    ]);
    assert.equal(row.state, "executed");
    assert.equal(row.attempts, 2);
    assert.ok(row.failed && row.executed && row.manuallyExecuted);
    assert.equal(row.executionState, "success");
    assert.equal(row.lastExecutor, stranger);
    assert.equal(row.lastReturnData, "0x");
    assert.ok(row.failedBlock! < row.manualBlock!);
    assert.equal(row.manualBlock, row.executedBlock);
  });

  it("is failed while the router's last execution failed", () => {
    const row = sameInEveryOrder(sourceOfTransfer(), [committed(), execution(3)]);
    assert.equal(row.state, "failed");
    assert.equal(row.lastReturnData, "0x1234");
    assert.equal(row.executed, false);
  });

  it("is failed while the gateway holds the message, executed once retried or recovered", () => {
    const stored = () =>
      storedFailedPatch(
        chains,
        on(31338),
        gateway,
        { sourceChainSelector: SEL_A, reason: "0xdeadbeef" },
        { messageId, sender: senderWord, data },
      );
    const held = sameInEveryOrder(sourceOfTransfer(), [committed(), stored(), execution(2)]);
    assert.equal(held.state, "failed");
    assert.ok(held.storedFailed && held.executed);
    assert.equal(held.failureReason, "0xdeadbeef");

    const retryTx = on(31338);
    const retried = sameInEveryOrder(sourceOfTransfer(), [
      committed(),
      stored(),
      execution(2),
      received(retryTx),
      retriedPatch(retryTx, { by: stranger }),
    ]);
    assert.equal(retried.state, "executed");
    assert.ok(retried.storedFailed && retried.retried && retried.received);
    assert.equal(retried.retriedBy, stranger);

    const recovered = sameInEveryOrder(sourceOfTransfer(), [
      committed(),
      stored(),
      execution(2),
      recoveredPatch(on(31338), { to: alice }),
    ]);
    assert.equal(recovered.state, "executed");
    assert.equal(recovered.recoveredTo, alice);
    assert.equal(recovered.received, false);
  });

  it("knows a failed message's parties from the gateway's stored copy before the source is indexed", () => {
    const row = replay([
      committed(),
      storedFailedPatch(
        chains,
        on(31338),
        gateway,
        { sourceChainSelector: SEL_A, reason: "0x" },
        { messageId, sender: senderWord, data },
      ),
    ]);
    assert.equal(row.kind, "transfer");
    assert.equal(row.userFrom, alice);
    assert.equal(row.userTo, bob);
    assert.equal(row.amount, amount);
    assert.equal(row.sender, gateway);
    assert.equal(row.data, data);
    assert.equal(row.sourceChainId, 31337);
    assert.equal(row.sent, false);
  });

  it("moves from sent to committed, and takes another application's message as `other`", () => {
    assert.equal(replay(sourceOfTransfer()).state, "sent");
    assert.equal(sameInEveryOrder(sourceOfTransfer(), [committed()]).state, "committed");
    const other = messageSentPatch(chains, on(31337), {
      messageId,
      sourceChainSelector: SEL_A,
      destChainSelector: SEL_B,
      sequenceNumber: 1n,
      sender: stranger,
      receiver: stranger,
      data,
      gasLimit: 200_000n,
      feeToken: "0x0000000000000000000000000000000000000000",
      feeTokenAmount: 0n,
    });
    const row = sameInEveryOrder([other], [committed(), execution(2)]);
    assert.equal(row.kind, "other");
    assert.equal(row.userFrom, null);
    assert.equal(row.state, "executed");
  });

  it("merges a liquidity move from both sides", () => {
    const m = on(31337);
    const poolA = `0x${"11".repeat(32)}` as Hex;
    const poolB = `0x${"22".repeat(32)}` as Hex;
    const sent = liquiditySentPatch(chains, m, gateway, {
      messageId,
      destChainSelector: SEL_B,
      sourcePoolId: poolA,
      destPoolId: poolB,
      lpAmount: 5n,
      assetIds: [assetId],
      amounts: [9n],
    });
    const arrived = liquidityReceivedPatch(chains, on(31338), gateway, {
      sourceChainSelector: SEL_A,
      poolId: poolB,
      recipient: alice,
      lpMinted: 4n,
    });
    const row = sameInEveryOrder([sent], [committed(), arrived, execution(2)]);
    assert.equal(row.kind, "liquidity");
    assert.deepEqual(row.liquidityAssetIds, ["sUSD"]);
    assert.deepEqual(row.liquidityAmounts, [9n]);
    assert.equal(row.lpAmount, 5n);
    assert.equal(row.lpMinted, 4n);
    assert.equal(row.userTo, alice);
    assert.equal(row.state, "executed");
  });

  it("derives the state from the flags alone", () => {
    const base = replay(sourceOfTransfer());
    assert.equal(deriveState({ ...base, executionState: "failure", received: true }), "executed");
    assert.equal(deriveState({ ...base, storedFailed: true, executionState: "success" }), "failed");
    assert.equal(deriveState({ ...base, committed: true }), "committed");
  });
});

describe("gateway payloads", () => {
  it("decodes transfers and liquidity, and refuses anything else", () => {
    assert.deepEqual(decodeGatewayPayload(transferData(5n)), {
      kind: "transfer",
      assetId: "sUSD",
      from: alice,
      to: bob,
      amount: 5n,
    });
    const liquidity = encodeAbiParameters(
      [
        { type: "uint8" },
        {
          type: "tuple",
          components: [
            { name: "poolId", type: "bytes32" },
            { name: "assetIds", type: "bytes32[]" },
            { name: "amounts", type: "uint256[]" },
            { name: "recipient", type: "address" },
          ],
        },
      ],
      [1, { poolId: assetId, assetIds: [assetId, assetId], amounts: [1n, 2n], recipient: bob }],
    );
    assert.deepEqual(decodeGatewayPayload(liquidity), {
      kind: "liquidity",
      poolId: assetId,
      assetIds: ["sUSD", "sUSD"],
      amounts: [1n, 2n],
      recipient: bob,
    });
    assert.equal(decodeGatewayPayload("0x1234"), undefined);
    assert.equal(decodeGatewayPayload(`0x${"00".repeat(31)}02${"00".repeat(128)}`), undefined);
    assert.equal(decodeGatewayPayload(`0x${"00".repeat(32)}`), undefined);
  });
});
