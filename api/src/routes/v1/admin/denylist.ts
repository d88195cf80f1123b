// /v1/admin denylist routes (being built).
import type { FastifyInstance } from "fastify";

export async function denylistAdminRoutes(_app: FastifyInstance) {}
