// /v1/auth: Sign-In with Ethereum, logout and the step-up challenge.
import type { FastifyInstance } from "fastify";
import { challengeRoutes } from "./challenge.ts";
import { logoutRoutes } from "./logout.ts";
import { signInRoutes } from "./signIn.ts";

export async function authRoutes(app: FastifyInstance) {
  await app.register(signInRoutes);
  await app.register(logoutRoutes);
  await app.register(challengeRoutes);
}
