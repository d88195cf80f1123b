// PUT /v1/admin/accounts/:address/kyc: sets an account's KYC tier (0..3), creating the account if
// it never signed in; the per-tier limits are in the compliance policy. Audited with the reason.
import type { FastifyInstance } from "fastify";
import { type Static, Type } from "typebox";
import { actorOf } from "../../../auth/types.ts";
import { checksummed } from "../../../compliance/address.ts";
import { setKycTier } from "../../../compliance/kyc.ts";
import { Address, errorRef, nullable, Reason, security } from "../compliance/schemas.ts";

const Body = Type.Object(
  { tier: Type.Integer({ minimum: 0, maximum: 3 }), reason: Reason },
  { additionalProperties: false },
);

export async function kycAdminRoutes(app: FastifyInstance) {
  app.put(
    "/accounts/:address/kyc",
    {
      preParsing: app.requireRole("admin"),
      schema: {
        tags: ["admin"],
        summary: "Set an account's KYC tier",
        security,
        params: Type.Object({ address: Address }),
        body: Body,
        response: {
          200: Type.Object({
            address: Type.String(),
            kycTier: Type.Integer(),
            previousTier: nullable(Type.Integer()),
            updatedAt: Type.String({ format: "date-time" }),
          }),
          400: errorRef,
          401: errorRef,
          403: errorRef,
        },
      },
    },
    async (request) => {
      const { address } = request.params as { address: string };
      const body = request.body as Static<typeof Body>;
      return setKycTier(
        { db: app.db, audit: app.audit, clock: app.clock },
        {
          address: checksummed(address, "address"),
          tier: body.tier,
          reason: body.reason,
          actor: actorOf(request.principal),
        },
      );
    },
  );
}
