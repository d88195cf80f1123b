// The one error handler: every error becomes `{ error: { code, message, details? } }`.
// ApiError carries its own status and code; Fastify's own client errors (validation, bad JSON,
// body too large, unsupported media type) map to stable codes (a JSON body with a __proto__ or
// constructor.prototype key arrives here as ApiError request.forbidden_key from plugins/jsonBody.ts,
// since Fastify's parser drops that reason); anything else is logged with the
// request's context and answered as a bare 500 "internal" without internals.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { ApiError, type ErrorBody } from "../errors.ts";

const fastifyCodes: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: "request.invalid_json",
  FST_ERR_CTP_EMPTY_JSON_BODY: "request.invalid_json",
  FST_ERR_CTP_BODY_TOO_LARGE: "request.too_large",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "request.unsupported_media_type",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "request.invalid_content_length",
  FST_ERR_CTP_INVALID_TYPE: "request.invalid_content_type",
  FST_ERR_VALIDATION: "request.invalid",
};

function toBody(error: FastifyError | ApiError | Error, request: FastifyRequest) {
  if (error instanceof ApiError) {
    return {
      status: error.statusCode,
      headers: error.headers,
      body: { error: { code: error.code, message: error.message, details: error.details } },
    };
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    return {
      status: 400,
      headers: undefined,
      body: {
        error: {
          code: "request.invalid",
          message: `${fastifyError.validationContext ?? "request"} ${fastifyError.message}`.trim(),
          details: {
            issues: fastifyError.validation.map((issue) => ({
              path: issue.instancePath || "/",
              message: issue.message ?? "invalid",
            })),
          },
        },
      },
    };
  }
  const status = fastifyError.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const code =
      status === 429
        ? "rate_limited"
        : (fastifyCodes[fastifyError.code] ??
          `request.${(fastifyError.code ?? "bad_request").toLowerCase()}`);
    return { status, headers: undefined, body: { error: { code, message: fastifyError.message } } };
  }
  request.log.error({ err: error }, "unhandled error");
  return {
    status: 500,
    headers: undefined,
    body: { error: { code: "internal", message: "Internal server error" } },
  };
}

export const errorHandler = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const { status, headers, body } = toBody(error, request);
      if (status < 500) request.log.info({ code: body.error.code, status }, "request rejected");
      if (headers) reply.headers(headers);
      return reply.code(status).send(body satisfies ErrorBody);
    });
    app.setNotFoundHandler((request, reply) =>
      reply.code(404).send({
        error: { code: "route.not_found", message: `No route ${request.method} ${request.url}` },
      } satisfies ErrorBody),
    );
  },
  { name: "error-handler" },
);

/** The response schema of every error (referenced by routes for OpenAPI). */
export const errorResponseSchema = {
  $id: "Error",
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: {
          type: "string",
          description: "Stable machine-readable code, e.g. auth.nonce_expired",
        },
        message: { type: "string" },
        details: { type: "object", additionalProperties: true },
      },
    },
  },
} as const;
