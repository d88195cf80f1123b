// /v1/admin apiKeys routes (being built).
import type { FastifyInstance } from "fastify";

export async function apiKeysAdminRoutes(_app: FastifyInstance) {}
