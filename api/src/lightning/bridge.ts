// The Lightning bridge as the API offers it: every swap is checked by compliance first (action
// lightning_in for mints, lightning_out for burns, the payment hash as the check's reference), then
// handed to the keeper. deny -> 403 compliance.denied naming the rules; review -> a mint waits in the
// keeper's "review" state (no invoice) until a reviewer resolves the decision, a burn is not registered
// until then (the caller asks again and gets the resolved decision back). Reviews reach the keeper when
// resolved (reviews route) and again whenever the swap is read, so a keeper that was down catches up.
import { and, eq } from "drizzle-orm";
import type { FastifyBaseLogger } from "fastify";
import type { ApiKeyPrincipal, Principal } from "../auth/types.ts";
import { actorOf } from "../auth/types.ts";
import type { Action } from "../compliance/check.ts";
import type { Compliance } from "../compliance/plugin.ts";
import type { RiskInput } from "../compliance/rules.ts";
import type { Database } from "../db/client.ts";
import { complianceDecisions, type RuleResult } from "../db/schema/compliance.ts";
import { ApiError, conflict, forbidden } from "../errors.ts";
import type { KeeperClient, KeeperQuote, KeeperSwap } from "./keeperClient.ts";
import { swapStatus } from "./status.ts";

export type BridgeDeps = {
  keeper: KeeperClient;
  compliance: Pick<Compliance, "check">;
  db: Database;
  log: FastifyBaseLogger;
  /** The risk model's version, recorded with a session's risk in compliance decisions. */
  riskModel: string;
};

export type ComplianceSummary = {
  decisionId: string;
  decision: "allow" | "review" | "deny";
  outcome: "allow" | "deny" | "pending";
  reviewId: string | null;
};

export type SwapView = KeeperSwap & { status: string };

const view = (swap: KeeperSwap): SwapView => ({
  ...swap,
  status: swapStatus(swap.direction, swap.state),
});

/** "0x"-less lowercase hex, as the keeper keys swaps. */
export const bareHash = (hash: string) => hash.toLowerCase().replace(/^0x/, "");
const referenceOf = (hash: string) => `lightning:${bareHash(hash)}`;

const isStaff = (principal: Principal) =>
  principal.roles.some((role) => role === "admin" || role === "reviewer" || role === "service");

/**
 * The account a swap request is for: a session acts for itself; a service key must name it. A
 * session naming another account is refused (its swaps, events and refunds would not be its own).
 */
export function swapAccount(principal: Principal, named: string | undefined): string {
  if (principal.kind === "session") {
    if (named !== undefined && named.toLowerCase() !== principal.address.toLowerCase()) {
      throw forbidden(
        "lightning.account_forbidden",
        "Swaps are for your own account: the recipient (or locker) must be you",
      );
    }
    return principal.address;
  }
  if (!(principal as ApiKeyPrincipal).roles.includes("service")) {
    throw forbidden("auth.forbidden", "Requires role service");
  }
  if (named === undefined) {
    throw new ApiError(400, "lightning.account_required", "API keys must name the account");
  }
  return named;
}

function riskOf(principal: Principal, model: string): RiskInput | null {
  if (principal.kind === "session" && principal.risk.ema !== null) {
    return { score: principal.risk.ema, model, source: "session" };
  }
  return null;
}

function denied(decisionId: string, rules: RuleResult[]): ApiError {
  const failing = rules.filter((rule) => rule.outcome === "deny");
  return forbidden(
    "compliance.denied",
    `Refused by compliance: ${failing.map((r) => `${r.rule} (${r.detail})`).join("; ") || "denied"}`,
    { details: { decisionId, rules: failing } },
  );
}

export function createBridge(deps: BridgeDeps) {
  const { keeper, db, log } = deps;

  /** The decision already made for this swap (a retry, or a review since resolved), else a new check. */
  async function decide(
    principal: Principal,
    account: string,
    action: Action,
    hash: string,
    usdCents: bigint,
  ): Promise<ComplianceSummary & { rules: RuleResult[] }> {
    const reference = referenceOf(hash);
    const [earlier] = await db
      .select()
      .from(complianceDecisions)
      .where(
        and(
          eq(complianceDecisions.account, account),
          eq(complianceDecisions.action, action),
          eq(complianceDecisions.reference, reference),
        ),
      );
    if (earlier) {
      // The earlier check must have covered this amount (2% of price movement allowed for a retry):
      // a cheap check cannot clear a dearer swap under the same hash.
      if (earlier.amountCents * 102n < usdCents * 100n) {
        throw conflict(
          "compliance.reference_conflict",
          "This payment hash was checked for a smaller amount; use a new payment hash",
          { details: { decisionId: earlier.id } },
        );
      }
      return {
        decisionId: earlier.id,
        decision: earlier.decision as ComplianceSummary["decision"],
        outcome: earlier.outcome as ComplianceSummary["outcome"],
        reviewId: null,
        rules: earlier.rules,
      };
    }
    const result = await deps.compliance.check({
      account,
      action,
      amountCents: usdCents > 0n ? usdCents : 1n,
      addresses: [],
      reference,
      risk: riskOf(principal, deps.riskModel),
      actor: actorOf(principal),
    });
    return {
      decisionId: result.id,
      decision: result.decision,
      outcome: result.outcome,
      reviewId: result.reviewId,
      rules: result.rules,
    };
  }

  async function getSwap(hash: string): Promise<KeeperSwap | null> {
    try {
      return await keeper.request<KeeperSwap>("GET", `/swaps/${bareHash(hash)}`);
    } catch (error) {
      if (error instanceof ApiError && error.code === "lightning.swap_not_found") return null;
      throw error;
    }
  }

  /** Passes a resolved review to the keeper (idempotent there); a swap not in review is unchanged. */
  async function applyReview(swap: KeeperSwap): Promise<KeeperSwap> {
    if (swap.direction !== "mint" || swap.state !== "review") return swap;
    const [decision] = await db
      .select({ outcome: complianceDecisions.outcome })
      .from(complianceDecisions)
      .where(
        and(
          eq(complianceDecisions.action, "lightning_in"),
          eq(complianceDecisions.reference, referenceOf(swap.paymentHash)),
        ),
      );
    if (!decision || decision.outcome === "pending") return swap;
    return decision.outcome === "allow"
      ? keeper.request<KeeperSwap>("POST", `/swaps/${swap.paymentHash}/approve`, {})
      : keeper.request<KeeperSwap>("POST", `/swaps/${swap.paymentHash}/reject`, {
          reason: "rejected by a compliance reviewer",
        });
  }

  /** A swap the caller may see: their own, or any for reviewers, admins and services. */
  async function readable(principal: Principal, hash: string): Promise<KeeperSwap> {
    const swap = await getSwap(hash);
    const own =
      swap !== null &&
      principal.kind === "session" &&
      swap.account.toLowerCase() === principal.address.toLowerCase();
    if (swap === null || !(own || isStaff(principal))) {
      // Someone else's swap is as unknown to the caller as one that does not exist.
      throw new ApiError(404, "lightning.swap_not_found", "No such swap");
    }
    return swap;
  }

  return {
    async createMint(
      principal: Principal,
      input: { paymentHash: string; synth: string; sats: number; recipient?: string },
    ) {
      const account = swapAccount(principal, input.recipient);
      const hash = bareHash(input.paymentHash);
      /** A retried request gets its swap back; anyone else's use of the hash is a conflict. */
      const retried = async () => {
        const existing = await getSwap(hash);
        const same =
          existing !== null &&
          existing.direction === "mint" &&
          existing.account.toLowerCase() === account.toLowerCase() &&
          existing.synth.toLowerCase() === input.synth.toLowerCase() &&
          existing.sats === String(input.sats);
        if (!same) {
          throw conflict("lightning.payment_hash_used", "This payment hash was already used");
        }
        return { created: false, swap: view(await applyReview(existing)), quote: null };
      };
      // The quote (which also refuses a hash the bridge has seen: then this may be a retry), the
      // compliance check (idempotent by the hash), then the swap.
      let quote: KeeperQuote;
      try {
        quote = await keeper.request<KeeperQuote>(
          "GET",
          `/quotes/mint?synth=${encodeURIComponent(input.synth)}&sats=${input.sats}&paymentHash=${hash}`,
        );
      } catch (error) {
        if (error instanceof ApiError && error.code === "lightning.payment_hash_used") {
          return retried();
        }
        throw error;
      }
      const compliance = await decide(
        principal,
        account,
        "lightning_in",
        hash,
        BigInt(quote.usdCents),
      );
      if (compliance.outcome === "deny") throw denied(compliance.decisionId, compliance.rules);
      let swap: KeeperSwap;
      try {
        swap = await keeper.request<KeeperSwap>("POST", "/swaps/mint", {
          paymentHash: hash,
          recipient: account,
          synth: input.synth,
          sats: String(input.sats),
          reference: compliance.decisionId,
          review: compliance.outcome === "pending",
        });
      } catch (error) {
        // A concurrent retry created it first.
        if (error instanceof ApiError && error.code === "lightning.payment_hash_used") {
          return retried();
        }
        throw error;
      }
      return { created: true, swap: view(swap), quote, compliance: strip(compliance) };
    },

    async handPreimage(principal: Principal, hash: string, preimage: string) {
      if (principal.kind !== "session" && !principal.roles.includes("service")) {
        throw forbidden("auth.forbidden", "Only the swap's owner or a service hands a preimage");
      }
      // A session may hand over only its own swap's preimage: the keeper checks the account and
      // answers lightning.swap_not_found for anyone else's (as for one that does not exist).
      return view(
        await keeper.request<KeeperSwap>("POST", `/swaps/${bareHash(hash)}/preimage`, {
          preimage: bareHash(preimage),
          ...(principal.kind === "session" && !isStaff(principal)
            ? { account: principal.address.toLowerCase() }
            : {}),
        }),
      );
    },

    quoteBurn(input: { synth: string; invoice: string }) {
      return keeper.request<KeeperQuote>("POST", "/quotes/burn", input);
    },

    async createBurn(
      principal: Principal,
      input: { synth: string; invoice: string; account?: string },
    ) {
      const account = swapAccount(principal, input.account);
      const quote = await keeper.request<KeeperQuote>("POST", "/quotes/burn", {
        synth: input.synth,
        invoice: input.invoice,
      });
      const hash = quote.paymentHash!;
      const compliance = await decide(
        principal,
        account,
        "lightning_out",
        hash,
        BigInt(quote.usdCents),
      );
      if (compliance.outcome === "deny") throw denied(compliance.decisionId, compliance.rules);
      if (compliance.outcome === "pending") {
        return { registered: false as const, quote, compliance: strip(compliance) };
      }
      const swap = await keeper.request<KeeperSwap>("POST", "/swaps/burn", {
        account,
        synth: input.synth,
        invoice: input.invoice,
        reference: compliance.decisionId,
      });
      return { registered: true as const, swap: view(swap), quote, compliance: strip(compliance) };
    },

    async getSwap(principal: Principal, hash: string): Promise<SwapView> {
      return view(await applyReview(await readable(principal, hash)));
    },

    async listSwaps(account: string, limit: number): Promise<SwapView[]> {
      const { items } = await keeper.request<{ items: KeeperSwap[] }>(
        "GET",
        `/accounts/${account.toLowerCase()}/swaps?limit=${limit}`,
      );
      return Promise.all(items.map(async (swap) => view(await applyReview(swap))));
    },

    /** After a reviewer resolved a lightning_in decision: tell the keeper now (retried a few times). */
    reviewResolved(decision: { action: string; reference: string | null }): void {
      if (decision.action !== "lightning_in" || !decision.reference?.startsWith("lightning:"))
        return;
      const hash = decision.reference.slice("lightning:".length);
      void (async () => {
        for (let attempt = 0; attempt < 5; attempt++) {
          try {
            const swap = await getSwap(hash);
            if (swap) await applyReview(swap);
            return;
          } catch (error) {
            log.warn({ err: error, paymentHash: hash, attempt }, "review not yet passed to keeper");
            await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
          }
        }
        log.error({ paymentHash: hash }, "review not passed to keeper; reading the swap retries");
      })();
    },
  };
}

const strip = ({ rules: _rules, ...summary }: ComplianceSummary & { rules: RuleResult[] }) =>
  summary;

export type Bridge = ReturnType<typeof createBridge>;
