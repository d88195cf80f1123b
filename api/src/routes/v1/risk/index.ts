// /v1/risk routes (being built).
import type { FastifyInstance } from "fastify";

export async function riskRoutes(_app: FastifyInstance) {}
