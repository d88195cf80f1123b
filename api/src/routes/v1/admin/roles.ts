// PUT /v1/admin/accounts/:address/role: grants an account the user, reviewer or admin role.
// Takes effect on the account's next request (roles are resolved per request). Addresses in
// API_ADMINS stay admins whatever is stored.
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { getAddress, isAddress } from "viem";
import { type AccountRole, effectiveRoles } from "../../../auth/roles.ts";
import { actorOf } from "../../../auth/types.ts";
import { accounts } from "../../../db/schema/index.ts";
import { badRequest } from "../../../errors.ts";

const error = { $ref: "Error#" };

export async function rolesAdminRoutes(app: FastifyInstance) {
  app.put(
    "/accounts/:address/role",
    {
      preParsing: app.requireRole("admin"),
      schema: {
        tags: ["admin"],
        summary: "Set an account's role",
        security: [{ session: [] }, { apiKey: [] }],
        params: Type.Object({ address: Type.String({ pattern: "^0x[0-9a-fA-F]{40}$" }) }),
        body: Type.Object(
          {
            role: Type.Union([
              Type.Literal("user"),
              Type.Literal("reviewer"),
              Type.Literal("admin"),
            ]),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            address: Type.String(),
            role: Type.String(),
            previousRole: Type.Union([Type.String(), Type.Null()]),
            effectiveRoles: Type.Array(Type.String()),
          }),
          400: error,
          401: error,
          403: error,
        },
      },
    },
    async (request) => {
      const raw = (request.params as { address: string }).address;
      if (!isAddress(raw, { strict: false })) {
        throw badRequest("accounts.address_invalid", "Not an Ethereum address");
      }
      const address = getAddress(raw);
      const { role } = request.body as { role: AccountRole };
      const actor = actorOf(request.principal);
      const previousRole = await app.db.transaction(async (tx) => {
        const [before] = await tx
          .select({ role: accounts.role })
          .from(accounts)
          .where(eq(accounts.address, address))
          .for("update");
        await tx
          .insert(accounts)
          .values({ address, role })
          .onConflictDoUpdate({
            target: accounts.address,
            set: { role, updatedAt: app.clock.now() },
          });
        await app.audit.append(
          {
            kind: "admin.role_changed",
            actor,
            subject: address,
            data: { from: before?.role ?? null, to: role },
          },
          tx,
        );
        return before?.role ?? null;
      });
      return {
        address,
        role,
        previousRole,
        effectiveRoles: effectiveRoles(address, role, app.config.admins),
      };
    },
  );
}
