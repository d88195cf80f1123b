// PAYMENT_RECEIVED → compliance (action fiat_in, the same rules as Lightning) → the FiatMinter mints
// the currency's synth to the payer → MINT_CONFIRMED, or MINT_FAILED with a stable reason.
//
// Exactly once: the payment's id on chain is keccak256("<source>:<reference>"), which the FiatMinter
// mints once, ever. Every attempt first asks the contract whether that id has minted, so a reactor
// killed after sending (before recording) finds the mint on its next attempt and confirms it instead
// of sending again; a second transaction sent anyway would revert PaymentAlreadyProcessed and be
// confirmed the same way. The compliance decision is keyed by the event id (a replay reads it back,
// counting the payment once toward limits). The events it emits have ids derived from the payment
// event's, so they are logged once however often the reaction runs.
//
// One process at a time sends with the minter key (the "fiat-minter" lease), so two API processes
// never race for a nonce.
import { readFileSync } from "node:fs";
import { type DeploymentRecord, fiatMinterAbi, getDeployment } from "@fluxion/deploy";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import {
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  defineChain,
  type Hex,
  keccak256,
  parseEventLogs,
  parseUnits,
  stringToHex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { LoggedEvent, NewEvent } from "../log.ts";
import type { ReactionOutcome, Reactor } from "../reactions.ts";

/** Reverts that no retry can fix: the payment fails with this reason. */
const permanent: Record<string, string> = {
  SynthNotAllowed: "fiat.synth_not_allowed",
  PaymentCapExceeded: "fiat.payment_cap_exceeded",
  ZeroAmount: "fiat.zero_amount",
  ZeroAddress: "fiat.zero_address",
  AccessControlUnauthorizedAccount: "fiat.minter_not_authorised",
};

const reviewPollMs = 30_000;

export function paymentIdOf(source: string, reference: string): Hex {
  return keccak256(stringToHex(`${source}:${reference}`));
}

function revertName(error: unknown): string | null {
  if (!(error instanceof BaseError)) return null;
  const revert = error.walk((cause) => cause instanceof ContractFunctionRevertedError);
  return revert instanceof ContractFunctionRevertedError ? (revert.data?.errorName ?? null) : null;
}

/** The reactor, or null when this process cannot mint (no key, or no FiatMinter on the chain). */
export async function createFiatMintReactor(app: FastifyInstance): Promise<Reactor | null> {
  const { fiatMinterKey, chainIds, rpcUrl, deploymentFile, fiatCurrencies } = app.config;
  if (!fiatMinterKey) return null;
  const chainId = chainIds[0]!;
  let record: DeploymentRecord;
  try {
    record = deploymentFile
      ? (JSON.parse(readFileSync(deploymentFile, "utf8")) as DeploymentRecord)
      : getDeployment(chainId);
  } catch (error) {
    app.log.warn({ err: error }, "no deployment record: paid mints are off in this process");
    return null;
  }
  const minter = record.contracts.FiatMinter?.address;
  if (!minter) {
    app.log.warn({ chainId }, "no FiatMinter on this chain: paid mints are off in this process");
    return null;
  }
  const chain = defineChain({
    id: chainId,
    name: record.network,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const account = privateKeyToAccount(fiatMinterKey);
  const transport = app.chainTransport;
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 250 });
  const wallet = createWalletClient({ chain, account, transport });
  const owner = `${account.address}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;
  // The signer's lease lasts as long as a reaction's: a process that dies holding it holds up the
  // others no longer than it holds up its reaction.
  const leaseMs = app.config.reactionLeaseMs;

  // One send at a time in this process (the key has one nonce sequence), and one process at a time
  // across the database (the lease).
  let signing: Promise<unknown> = Promise.resolve();
  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = signing.then(work);
    signing = run.catch(() => {});
    return run;
  }

  async function takeLease(): Promise<boolean> {
    const at = app.clock.now();
    const result = await app.db.execute(sql`
      insert into api.leases (name, holder, until)
      values ('fiat-minter', ${owner}, ${new Date(at.getTime() + leaseMs).toISOString()})
      on conflict (name) do update set holder = excluded.holder, until = excluded.until
      where api.leases.until < ${at.toISOString()} or api.leases.holder = ${owner}
      returning holder`);
    const rows = (result as { rows?: unknown[] }).rows ?? (result as unknown[]);
    return rows.length > 0;
  }
  async function releaseLease() {
    await app.db.execute(
      sql`delete from api.leases where name = 'fiat-minter' and holder = ${owner}`,
    );
  }

  /** The FiatMinted log of a payment id that has minted. */
  async function mintedLog(paymentId: Hex) {
    const logs = await publicClient.getContractEvents({
      address: minter!,
      abi: fiatMinterAbi,
      eventName: "FiatMinted",
      args: { paymentId },
      fromBlock: BigInt(record.contracts.FiatMinter!.blockNumber),
    });
    return logs[0] ?? null;
  }

  function emitted(event: LoggedEvent, type: string, payload: Record<string, unknown>): NewEvent {
    return {
      id: `${event.id}:${type.toLowerCase()}`,
      type,
      source: "api",
      account: event.account,
      payload,
      occurredAt: app.clock.now(),
    };
  }

  async function confirmed(
    event: LoggedEvent,
    common: Record<string, unknown>,
    paymentId: Hex,
  ): Promise<ReactionOutcome | null> {
    const log = await mintedLog(paymentId);
    if (!log) return null;
    const synthAddress = log.args.synth as Address;
    const synth = Object.values(record.synths).find(
      (entry) => entry.address.toLowerCase() === synthAddress.toLowerCase(),
    );
    return {
      kind: "done",
      state: { txHash: log.transactionHash },
      emit: [
        emitted(event, "MINT_CONFIRMED", {
          ...common,
          synth: synth?.assetId ?? synthAddress,
          synthAddress,
          txHash: log.transactionHash,
          blockNumber: log.blockNumber.toString(),
        }),
      ],
    };
  }

  return {
    name: "fiat-mint",
    types: ["PAYMENT_RECEIVED"],
    onDead(event, error) {
      const p = event.payload as Record<string, string>;
      return [
        emitted(event, "MINT_FAILED", {
          account: p.account,
          paymentEventId: event.id,
          paymentId: paymentIdOf(event.source, p.reference!),
          reference: p.reference,
          currency: p.currency,
          amount: p.amount,
          reason: "fiat.retries_exhausted",
          message: error.slice(0, 500),
        }),
      ];
    },
    async react(event, context) {
      const p = event.payload as {
        account: Address;
        amount: string;
        currency: string;
        reference: string;
      };
      const paymentId = paymentIdOf(event.source, p.reference);
      const common = {
        account: p.account,
        paymentEventId: event.id,
        paymentId,
        reference: p.reference,
        currency: p.currency,
        amount: p.amount,
      };
      const failed = (reason: string, message: string): ReactionOutcome => ({
        kind: "done",
        state: { failed: reason },
        emit: [emitted(event, "MINT_FAILED", { ...common, reason, message })],
      });

      // Minted already (an earlier attempt, a replay): confirm, never send again.
      const done = await confirmed(event, common, paymentId);
      if (done) return done;

      const synthId = fiatCurrencies[p.currency];
      const synth = synthId ? record.synths[synthId] : undefined;
      if (!synth) {
        return failed("fiat.currency_unsupported", `No synth is minted for ${p.currency} payments`);
      }
      const [units, cents = ""] = p.amount.split(".");
      if (cents.length > 2) {
        return failed("fiat.bad_amount", `${p.amount} ${p.currency} has more than 2 decimals`);
      }
      const check = await app.compliance.check({
        account: p.account,
        action: "fiat_in",
        amountCents: BigInt(units!) * 100n + BigInt(cents.padEnd(2, "0")),
        addresses: [],
        reference: event.id,
        risk: null,
        actor: `webhook:${event.source}`,
      });
      if (check.outcome === "pending") {
        return { kind: "wait", atMs: app.clock.now().getTime() + reviewPollMs };
      }
      if (check.outcome === "deny") {
        return failed("compliance.denied", check.reasons.join("; ") || "compliance denied");
      }
      await app.eventLog.append([
        emitted(event, "MINT_REQUESTED", { ...common, synth: synth.assetId }),
      ]);

      return exclusive(async (): Promise<ReactionOutcome> => {
        if (!(await takeLease())) return { kind: "wait", atMs: app.clock.now().getTime() + 250 };
        try {
          // Asked again under the lease: another process may have minted it meanwhile.
          const meanwhile = await confirmed(event, common, paymentId);
          if (meanwhile) return meanwhile;
          const call = {
            account,
            address: minter,
            abi: fiatMinterAbi,
            functionName: "mint",
            args: [paymentId, synth.address, p.account, parseUnits(p.amount, synth.decimals)],
          } as const;
          try {
            await publicClient.simulateContract(call);
          } catch (error) {
            const name = revertName(error);
            if (name === "PaymentAlreadyProcessed") {
              const again = await confirmed(event, common, paymentId);
              if (again) return again;
            }
            if (name && permanent[name])
              return failed(permanent[name]!, `FiatMinter reverted ${name}`);
            throw error;
          }
          const hash = await wallet.writeContract({ ...call, chain });
          await app.hooks.afterMintSent?.(hash);
          await context.save({ txHash: hash });
          const receipt = await publicClient.waitForTransactionReceipt({ hash, timeout: 60_000 });
          // (a receipt slower than the lease: another process may send meanwhile; the FiatMinter
          // refuses its mint of the same payment, so the worst case is a wasted transaction)
          if (receipt.status !== "success") throw new Error(`mint ${hash} reverted`);
          const [minted] = parseEventLogs({
            abi: fiatMinterAbi,
            logs: receipt.logs,
            eventName: "FiatMinted",
          });
          return {
            kind: "done",
            state: { txHash: hash },
            emit: [
              emitted(event, "MINT_CONFIRMED", {
                ...common,
                synth: synth.assetId,
                synthAddress: synth.address,
                txHash: hash,
                blockNumber: (minted?.blockNumber ?? receipt.blockNumber).toString(),
              }),
            ],
          };
        } finally {
          await releaseLease().catch(() => {});
        }
      });
    },
  };
}
