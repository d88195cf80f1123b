// /v1/reviews routes (being built).
import type { FastifyInstance } from "fastify";

export async function reviewsRoutes(_app: FastifyInstance) {}
