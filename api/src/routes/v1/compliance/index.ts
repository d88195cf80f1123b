// /v1/compliance routes (being built).
import type { FastifyInstance } from "fastify";

export async function complianceRoutes(_app: FastifyInstance) {}
