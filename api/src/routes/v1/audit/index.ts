// /v1/audit routes (being built).
import type { FastifyInstance } from "fastify";

export async function auditRoutes(_app: FastifyInstance) {}
