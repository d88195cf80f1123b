// /v1/admin sanctions routes (being built).
import type { FastifyInstance } from "fastify";

export async function sanctionsAdminRoutes(_app: FastifyInstance) {}
