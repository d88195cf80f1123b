// /v1/sessions routes (being built).
import type { FastifyInstance } from "fastify";

export async function sessionsRoutes(_app: FastifyInstance) {}
