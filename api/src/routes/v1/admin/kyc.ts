// /v1/admin kyc routes (being built).
import type { FastifyInstance } from "fastify";

export async function kycAdminRoutes(_app: FastifyInstance) {}
