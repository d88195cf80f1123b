// /v1/admin/denylist: addresses an admin bars from every compliance check (beside the sanctions
// file). Additions and removals are audited.
import type { FastifyInstance } from "fastify";
import { type Static, Type } from "typebox";
import { actorOf } from "../../../auth/types.ts";
import { checksummed } from "../../../compliance/address.ts";
import { addToDenylist, listDenylist, removeFromDenylist } from "../../../compliance/denylist.ts";
import {
  Address,
  errorRef,
  Limit,
  nullable,
  pageSize,
  Reason,
  security,
} from "../compliance/schemas.ts";

const Entry = Type.Object({
  address: Type.String(),
  reason: Type.String(),
  addedBy: Type.String(),
  createdAt: Type.String({ format: "date-time" }),
});
const ListQuery = Type.Object(
  { limit: Type.Optional(Limit), cursor: Type.Optional(Address) },
  { additionalProperties: false },
);
const AddBody = Type.Object({ address: Address, reason: Reason }, { additionalProperties: false });

export async function denylistAdminRoutes(app: FastifyInstance) {
  const admin = app.requireRole("admin");
  const deps = { db: app.db, audit: app.audit, clock: app.clock };

  app.get(
    "/denylist",
    {
      preParsing: admin,
      schema: {
        tags: ["admin"],
        summary: "Denylisted addresses in address order (cursor: the last address served)",
        security,
        querystring: ListQuery,
        response: {
          200: Type.Object({ items: Type.Array(Entry), nextCursor: nullable(Type.String()) }),
          400: errorRef,
          401: errorRef,
          403: errorRef,
        },
      },
    },
    async (request) => {
      const query = request.query as Static<typeof ListQuery>;
      const after = query.cursor ? checksummed(query.cursor, "cursor") : undefined;
      return listDenylist(app.db, pageSize(query.limit), after);
    },
  );

  app.post(
    "/denylist",
    {
      preParsing: admin,
      schema: {
        tags: ["admin"],
        summary: "Add an address to the denylist",
        security,
        body: AddBody,
        response: { 201: Entry, 400: errorRef, 401: errorRef, 403: errorRef, 409: errorRef },
      },
    },
    async (request, reply) => {
      const body = request.body as Static<typeof AddBody>;
      const entry = await addToDenylist(deps, {
        address: checksummed(body.address, "address"),
        reason: body.reason,
        actor: actorOf(request.principal),
      });
      return reply.code(201).send(entry);
    },
  );

  app.delete(
    "/denylist/:address",
    {
      preParsing: admin,
      schema: {
        tags: ["admin"],
        summary: "Remove an address from the denylist",
        security,
        params: Type.Object({ address: Address }),
        response: { 204: Type.Null(), 400: errorRef, 401: errorRef, 403: errorRef, 404: errorRef },
      },
    },
    async (request, reply) => {
      const { address } = request.params as { address: string };
      await removeFromDenylist(deps, {
        address: checksummed(address, "address"),
        actor: actorOf(request.principal),
      });
      return reply.code(204).send();
    },
  );
}
