// /v1/lightning: the Lightning bridge. Mints (pay a hold invoice, get synths) and burns (lock synths, get
// an invoice paid), each checked by compliance first; a swap's status and an account's swaps. Every state
// change of a caller's swaps also arrives on /v1/stream as "lightning.swap" (keeper -> signed ingress).
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Static } from "typebox";
import { Type } from "typebox";
import { checksummed } from "../../../compliance/address.ts";
import { badRequest, forbidden } from "../../../errors.ts";
import { errorRef, security } from "../compliance/schemas.ts";
import {
  BurnBody,
  BurnQuoteBody,
  BurnResponse,
  HashParams,
  ListQuery,
  MintBody,
  MintResponse,
  PreimageBody,
  Quote,
  Swap,
} from "./schemas.ts";

const errors = {
  400: errorRef,
  401: errorRef,
  403: errorRef,
  404: errorRef,
  409: errorRef,
  503: errorRef,
};
const base = { tags: ["lightning"], security };

export async function lightningRoutes(app: FastifyInstance) {
  app.post(
    "/mints",
    {
      preHandler: app.requireStepUp,
      schema: {
        ...base,
        summary: "Start a mint: a hold invoice for the payment hash, at the quoted synth amount",
        description:
          "Make a 32-byte secret, send only its sha256. 201: allowed, pay `swap.invoice`. 202: " +
          "compliance asked for a review; the invoice comes once a reviewer approves (watch " +
          "/v1/stream or GET the swap). 200: this mint existed already (a retry). 403 " +
          "compliance.denied names the rules.",
        body: MintBody,
        response: { 200: MintResponse, 201: MintResponse, 202: MintResponse, ...errors },
      },
    },
    async (request, reply) => {
      const body = request.body as Static<typeof MintBody>;
      const result = await app.lightning.createMint(request.principal!, {
        ...body,
        synth: checksummed(body.synth, "synth"),
        recipient:
          body.recipient === undefined ? undefined : checksummed(body.recipient, "recipient"),
      });
      const status = !result.created ? 200 : result.swap.state === "review" ? 202 : 201;
      return reply.code(status).send(result);
    },
  );

  app.post(
    "/mints/:paymentHash/preimage",
    {
      preHandler: app.requireStepUp,
      schema: {
        ...base,
        summary: "Hand over the preimage: the keeper claims the mint for you (no gas needed)",
        params: HashParams,
        body: PreimageBody,
        response: { 200: Type.Object({ swap: Swap }), ...errors },
      },
    },
    async (request) => {
      const { paymentHash } = request.params as Static<typeof HashParams>;
      const { preimage } = request.body as Static<typeof PreimageBody>;
      return { swap: await app.lightning.handPreimage(request.principal!, paymentHash, preimage) };
    },
  );

  app.post(
    "/burns/quote",
    {
      preHandler: app.authenticate,
      schema: {
        ...base,
        summary: "Quote a burn: checks the invoice and tells how many synths to lock for it",
        body: BurnQuoteBody,
        response: { 200: Quote, ...errors },
      },
    },
    async (request) => app.lightning.quoteBurn(request.body as Static<typeof BurnQuoteBody>),
  );

  app.post(
    "/burns",
    {
      preHandler: app.requireStepUp,
      schema: {
        ...base,
        summary: "Register a burn: then lock `lock.amount` of the synth on the gateway",
        description:
          "201: registered; send LightningGateway.lockBurn with `lock` and the keeper pays the " +
          "invoice once the lock is mined. 202: compliance asked for a review; ask again once a " +
          "reviewer approved. 403 compliance.denied names the rules.",
        body: BurnBody,
        response: { 201: BurnResponse, 202: BurnResponse, ...errors },
      },
    },
    async (request, reply) => {
      const body = request.body as Static<typeof BurnBody>;
      const result = await app.lightning.createBurn(request.principal!, {
        ...body,
        synth: checksummed(body.synth, "synth"),
        account: body.account === undefined ? undefined : checksummed(body.account, "account"),
      });
      if (!result.registered) return reply.code(202).send(result);
      const { swap } = result;
      return reply.code(201).send({
        ...result,
        lock: {
          paymentHash: `0x${swap.paymentHash}`,
          synth: swap.synth,
          amount: swap.amount,
          sats: swap.sats,
          timelock: swap.timelock!,
        },
      });
    },
  );

  app.get(
    "/swaps/:paymentHash",
    {
      preHandler: app.authenticate,
      schema: {
        ...base,
        summary: "A swap's status (your own; reviewers, admins and services: any)",
        params: HashParams,
        response: { 200: Swap, ...errors },
      },
    },
    async (request) => {
      const { paymentHash } = request.params as Static<typeof HashParams>;
      return app.lightning.getSwap(request.principal!, paymentHash);
    },
  );

  app.get(
    "/swaps",
    {
      preHandler: app.authenticate,
      schema: {
        ...base,
        summary: "An account's swaps, newest first (sessions: their own)",
        querystring: ListQuery,
        response: { 200: Type.Object({ items: Type.Array(Swap) }), ...errors },
      },
    },
    async (request: FastifyRequest, _reply: FastifyReply) => {
      const query = request.query as Static<typeof ListQuery>;
      const account = listedAccount(request, query.account);
      return { items: await app.lightning.listSwaps(account, Number(query.limit ?? 50)) };
    },
  );
}

function listedAccount(request: FastifyRequest, named: string | undefined): string {
  const principal = request.principal!;
  if (principal.kind === "session") {
    if (named !== undefined && checksummed(named, "account") !== principal.address) {
      throw forbidden("lightning.account_forbidden", "You may only list your own swaps");
    }
    return principal.address;
  }
  if (named === undefined) throw badRequest("lightning.account_required", "Name the ?account=");
  return checksummed(named, "account");
}
