// /v1/admin roles routes (being built).
import type { FastifyInstance } from "fastify";

export async function rolesAdminRoutes(_app: FastifyInstance) {}
