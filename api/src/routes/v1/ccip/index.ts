// /v1/ccip: cross-chain synth transfers (Chainlink CCIP between Fluxion's chains). The chains and
// their lanes (anyone), a transfer's fee (the source gateway's quoteTransfer), the caller's messages
// (the indexer's, reshaped; admins and services: anyone's) and manual execution of a failed message
// (its sender or recipient, admins and services; the relay pays). Every step of a caller's messages
// also arrives on /v1/stream as chain.ccip.message (the chain feed).
// Codes: 400 ccip.unknown_chain, ccip.same_chain, ccip.unknown_synth, ccip.invalid_amount,
// ccip.amount_above_capacity, ccip.unknown_fee_token, ccip.invalid_recipient, ccip.recipient_required,
// ccip.gas_limit_below_message, ccip.gas_limit_above_lane (and the relay's own 4xx); 403
// ccip.account_forbidden; 404 ccip.message_not_found; 409 ccip.lane_not_connected,
// ccip.lane_disabled, ccip.paused, ccip.quote_reverted, ccip.message_not_failed, ccip.stored_failure;
// 429 rate_limited; 503 ccip.chain_not_configured, ccip.chain_unavailable,
// ccip.indexer_not_configured, ccip.indexer_unavailable, ccip.indexer_invalid,
// ccip.relay_not_configured, ccip.relay_unavailable, ccip.relay_invalid.
import type { FastifyInstance } from "fastify";
import type { Static } from "typebox";
import { actorOf } from "../../../auth/types.ts";
import { checksummed } from "../../../compliance/address.ts";
import { badRequest } from "../../../errors.ts";
import { errorRef, pageSize, security } from "../compliance/schemas.ts";
import {
  ChainsResponse,
  ExecuteBody,
  ExecuteResponse,
  ListQuery,
  MessageDetail,
  MessageIdParams,
  MessagesResponse,
  QuoteQuery,
  QuoteResponse,
} from "./schemas.ts";

const errors = {
  400: errorRef,
  401: errorRef,
  403: errorRef,
  404: errorRef,
  409: errorRef,
  429: errorRef,
  503: errorRef,
};
const base = { tags: ["ccip"] };

export async function ccipRoutes(app: FastifyInstance) {
  app.get(
    "/chains",
    {
      schema: {
        ...base,
        summary: "The chains Fluxion's CCIP gateways connect, with each lane as the chains say now",
        description:
          "From the deployment records: selector, router, gateway, fee token and synths of every " +
          "chain; per lane to a peer, read live (every 2 s at most): the gateway's lane, the local " +
          "router's gas ceiling and each synth's outbound and inbound token buckets. A chain this " +
          "API cannot read still lists its records, its lanes with `live: null` and the error.",
        response: { 200: ChainsResponse, 429: errorRef },
      },
    },
    async () => ({ chains: await app.ccip.chains() }),
  );

  app.get(
    "/quote",
    {
      preHandler: app.authenticate,
      schema: {
        ...base,
        security,
        summary:
          "What a synth transfer to another chain costs now, and whether its lane lets it through",
        description:
          "The source gateway's quoteTransfer (the router's fee, in native or the fee token) and the " +
          "lane's token buckets for the synth: the source's outbound and the destination's inbound " +
          "(null when the destination cannot be read). An amount above a bucket's capacity can never " +
          "go (400 ccip.amount_above_capacity); one above what it holds now waits `waitSeconds`.",
        querystring: QuoteQuery,
        response: { 200: QuoteResponse, ...errors },
      },
    },
    async (request) => {
      const query = request.query as Static<typeof QuoteQuery>;
      const principal = request.principal!;
      const recipient =
        query.recipient !== undefined
          ? checksummed(query.recipient, "recipient")
          : principal.kind === "session"
            ? principal.address
            : undefined;
      if (recipient === undefined) {
        throw badRequest("ccip.recipient_required", "API keys must name the ?recipient=");
      }
      return app.ccip.quote({
        from: Number(query.from),
        to: Number(query.to),
        synth: query.synth,
        amount: query.amount,
        feeToken: query.feeToken ?? "native",
        recipient,
      });
    },
  );

  app.get(
    "/messages",
    {
      preHandler: app.authenticate,
      schema: {
        ...base,
        security,
        summary: "Cross-chain messages, newest first (sessions: their own, sent or received)",
        description:
          "From the indexer: each message's life on both chains. Admins and services may name any " +
          "?account= or none (every message); a session only itself (403 ccip.account_forbidden).",
        querystring: ListQuery,
        response: { 200: MessagesResponse, ...errors },
      },
    },
    async (request) => {
      const query = request.query as Static<typeof ListQuery>;
      return {
        items: await app.ccip.messages.list(request.principal!, {
          account: query.account === undefined ? undefined : checksummed(query.account, "account"),
          state: query.state,
          limit: pageSize(query.limit),
        }),
      };
    },
  );

  app.get(
    "/messages/:id",
    {
      preHandler: app.authenticate,
      schema: {
        ...base,
        security,
        summary: "A cross-chain message with every execution attempt (yours; admins: any)",
        description:
          "404 ccip.message_not_found for a message the indexer does not have and for one that is " +
          "not the caller's alike.",
        params: MessageIdParams,
        response: { 200: MessageDetail, ...errors },
      },
    },
    async (request) => {
      const { id } = request.params as Static<typeof MessageIdParams>;
      return app.ccip.messages.get(request.principal!, id);
    },
  );

  app.post(
    "/messages/:id/execute",
    {
      // No body is the same as {} (the message's own gas limit).
      preValidation: async (request) => {
        request.body ??= {};
      },
      preHandler: [app.requireStepUp, (request) => app.ccip.executeRateLimit(request)],
      schema: {
        ...base,
        security,
        summary: "Execute a failed message again (manual execution, paid by the relay)",
        description:
          "For a message whose execution on the destination failed (`remedy: manual_execution`), " +
          "by its sender or recipient (or an admin or service): the relay calls the destination " +
          "router's manuallyExecute with `gasLimit` (at least the message's own, at most its lane's " +
          "ceiling; default its own). 200 once mined, 202 while not yet. A message the gateway " +
          "stored as failed is retried on the gateway instead (409 ccip.stored_failure). Limited " +
          "per account (API_RATE_LIMIT_CCIP_EXECUTE a minute).",
        params: MessageIdParams,
        body: ExecuteBody,
        response: { 200: ExecuteResponse, 202: ExecuteResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { id } = request.params as Static<typeof MessageIdParams>;
      const { gasLimit } = request.body as Static<typeof ExecuteBody>;
      const principal = request.principal!;
      const result = await app.ccip.messages.execute(
        principal,
        id,
        gasLimit === undefined ? undefined : BigInt(gasLimit),
      );
      await app.audit.append({
        kind: "ccip.manual_execution",
        actor: actorOf(principal),
        subject: result.messageId,
        data: {
          gasLimit: gasLimit ?? null,
          pending: result.pending,
          relayState: result.relayState,
          txHash: result.execution?.txHash ?? null,
        },
      });
      return reply.code(result.pending ? 202 : 200).send(result);
    },
  );
}
