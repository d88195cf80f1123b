// POST /v1/auth/nonce and /v1/auth/verify: Sign-In with Ethereum (EIP-4361). The client gets a
// single-use nonce, signs a SIWE message naming it, and trades message + signature for a session.
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { issueNonce } from "../../../auth/nonces.ts";
import { sessionView } from "../../../auth/sessionView.ts";
import { signInSession } from "../../../auth/signInSession.ts";
import { verifySiwe } from "../../../auth/siwe.ts";
import { loadFeatureFile } from "../../../risk/featureSpec.ts";
import { SessionSchema, signalsSchema } from "../sessions/schemas.ts";
import { NonceResponse, nonceResponse, SignedMessage } from "./schemas.ts";

const error = { $ref: "Error#" };

export async function signInRoutes(app: FastifyInstance) {
  app.post(
    "/nonce",
    {
      onRequest: app.nonceRateLimit,
      schema: {
        tags: ["auth"],
        summary: "Issue a single-use SIWE nonce (valid for 10 minutes)",
        description: "429 rate_limited past API_RATE_LIMIT_NONCE nonces per minute per IP.",
        response: { 200: NonceResponse, 429: error },
      },
    },
    async () => nonceResponse(await issueNonce(app, "sign-in"), app.config),
  );

  // Validated against the model's own feature description (the file app.risk loads too).
  const { features } = await loadFeatureFile(app.config.featuresPath);
  const VerifyBody = Type.Object(
    {
      ...SignedMessage,
      deviceFingerprint: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
      signals: Type.Optional(signalsSchema(features)),
    },
    { additionalProperties: false },
  );

  app.post(
    "/verify",
    {
      schema: {
        tags: ["auth"],
        summary: "Verify a signed SIWE message and start a session (the token is shown once)",
        description:
          "Errors: auth.message_invalid, auth.address_not_checksummed (400); " +
          "auth.domain_mismatch, auth.uri_mismatch, auth.chain_unsupported, " +
          "auth.issued_at_future, auth.issued_at_stale, auth.message_expired, " +
          "auth.message_not_yet_valid, auth.nonce_unknown, auth.nonce_expired, auth.nonce_used, " +
          "auth.signature_non_canonical, auth.signature_invalid (401); " +
          "auth.session_blocked (403, risk); auth.verifier_unavailable (503).",
        body: VerifyBody,
        response: {
          200: Type.Object({
            token: Type.String({ description: "Bearer token; shown only here" }),
            session: SessionSchema,
          }),
          400: error,
          401: error,
          403: error,
          503: error,
        },
      },
    },
    async (request) => {
      const body = request.body as {
        message: string;
        signature: `0x${string}`;
        deviceFingerprint?: string;
        signals?: Record<string, number>;
      };
      const siwe = await verifySiwe(app, body, "sign-in");
      const { token, row, newDevice } = await signInSession(app, siwe, {
        deviceFingerprint: body.deviceFingerprint,
        signals: body.signals ?? {},
        ip: request.ip,
        userAgent: request.headers["user-agent"],
      });
      if (newDevice) {
        request.log.info({ address: siwe.address, sessionId: row.id }, "sign-in from a new device");
      }
      return { token, session: sessionView(row, row.id) };
    },
  );
}
