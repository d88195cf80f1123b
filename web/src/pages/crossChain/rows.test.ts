// Indexer rows as the list shows them: route, synth, the other party, and a status that a live follow
// moves ahead but never back.
import assert from "node:assert/strict";
import { fluxionDeployments } from "@fluxion/deploy";
import type { Address, Hex } from "viem";
import { describe, it } from "vitest";
import type { IndexedCcipMessage } from "../../indexer/client.ts";
import { rowOf, rowsOf } from "./rows.ts";

const me = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const other = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc" as Address;
const id = `0x${"ab".repeat(32)}` as Hex;
const sUSDa = fluxionDeployments["31337"].synths.sUSD.address as Address;

type Fields = {
  from?: string | null;
  to?: string | null;
  state?: string;
  storedFailed?: boolean;
  sourceChainId?: number | null;
  sourceSynth?: string | null;
  amount?: string | null;
};

const message = (f: Fields = {}): IndexedCcipMessage => ({
  messageId: id,
  state: f.state ?? "sent",
  kind: "transfer",
  source: {
    chainId: f.sourceChainId === undefined ? 31337 : f.sourceChainId,
    synth: f.sourceSynth === undefined ? sUSDa.toLowerCase() : f.sourceSynth,
  },
  destination: { chainId: 31338, synth: null },
  from: f.from === undefined ? me.toLowerCase() : f.from,
  to: f.to === undefined ? other : f.to,
  assetId: "sUSD",
  amount: f.amount === undefined ? "25000000000000000000" : f.amount,
  fee: { token: "0x0000000000000000000000000000000000000000", amount: "300000000000000" },
  execution: { state: null, attempts: 0, manual: false },
  gateway: {
    received: false,
    storedFailed: f.storedFailed ?? false,
    retried: false,
    recovered: false,
  },
  firstSeenTimestamp: "1700000000",
});

describe("the account's messages", () => {
  it("shows an outgoing transfer with its route, synth, recipient and state", () => {
    const row = rowOf(message(), me);
    assert.deepEqual(row, {
      ref: { messageId: id, sourceChainId: 31337, destChainId: 31338 },
      outgoing: true,
      counterparty: other,
      symbol: "sUSD",
      decimals: 18,
      amount: 25n * 10n ** 18n,
      status: { state: "sent" },
      at: 1_700_000_000,
    });
  });

  it("shows an incoming one from its sender, and a stored failure as such", () => {
    const row = rowOf(message({ from: other, to: me, state: "failed", storedFailed: true }), me);
    assert.equal(row?.outgoing, false);
    assert.equal(row?.counterparty, other);
    assert.deepEqual(row?.status, { state: "failed", failure: "stored" });
  });

  it("skips a message whose source is not indexed yet, and keeps an unknown state's word", () => {
    assert.equal(rowOf(message({ sourceChainId: null }), me), undefined);
    const odd = rowOf(message({ state: "dropped", sourceSynth: null, amount: null }), me);
    assert.equal(odd?.rawState, "dropped");
    assert.equal(odd?.symbol, "sUSD", "the asset id names it when no synth address is known");
    assert.equal(odd?.amount, null);
  });

  it("lets a followed message's live status run ahead of the indexer's, never behind", () => {
    const rows = rowsOf([message({ state: "committed" })], me, {
      messageId: id.toUpperCase().replace("0X", "0x"),
      status: { state: "executed" },
    });
    assert.deepEqual(rows[0]?.status, { state: "executed" });
    const behind = rowsOf([message({ state: "committed" })], me, {
      messageId: id,
      status: { state: "sent" },
    });
    assert.deepEqual(behind[0]?.status, { state: "committed" });
  });
});
