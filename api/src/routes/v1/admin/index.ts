// /v1/admin routes (being built).
import type { FastifyInstance } from "fastify";

export async function adminRoutes(_app: FastifyInstance) {}
