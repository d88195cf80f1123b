// Loads the ONNX risk model once per process and decorates `app.risk` (being built).
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

export const riskPlugin = fp(async (_app: FastifyInstance) => {}, {
  name: "risk",
  dependencies: ["config"],
});
