// The JSON body parser. Fastify's own parser refuses `__proto__` and `constructor.prototype` keys
// (secure-json-parse) but reports them as "not valid JSON" and drops the reason, so a client sees
// a syntax error in a body that parses everywhere else. This one refuses them by name:
// 400 request.forbidden_key; bad syntax stays 400 request.invalid_json.
import { errorCodes, type FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import secureJson from "secure-json-parse";
import { type ApiError, badRequest } from "../errors.ts";

const poisonOptions = { protoAction: "error", constructorAction: "error" } as const;

/** Parses a JSON body; throws 400 request.forbidden_key or request.invalid_json. */
export function parseJsonBody(text: string): unknown {
  if (text === "") throw new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY();
  try {
    return secureJson.parse(text, undefined, poisonOptions);
  } catch {
    // Told apart only on this (rare) path: plain JSON.parse accepts what was poisoned.
    try {
      JSON.parse(text);
    } catch {
      throw new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY();
    }
    throw forbiddenKey();
  }
}

export function forbiddenKey(): ApiError {
  return badRequest(
    "request.forbidden_key",
    "JSON keys __proto__ and constructor.prototype are not accepted",
  );
}

export const jsonBodyPlugin = fp(
  async (app: FastifyInstance) => {
    app.removeContentTypeParser("application/json");
    app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
      try {
        done(null, parseJsonBody(body as string));
      } catch (error) {
        done(error as Error, undefined);
      }
    });
  },
  { name: "json-body" },
);
