// /v1/stream WebSocket (being built).
import type { FastifyInstance } from "fastify";

export async function streamRoutes(_app: FastifyInstance) {}
