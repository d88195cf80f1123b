// The Fluxion API, typed from its OpenAPI document (`npm run openapi -w @fluxion/web` regenerates
// schema.ts from the API itself; a test keeps it current). Every call goes to this origin's `/api`
// proxy. Errors come back as ApiError with the API's stable code, and auth codes update the session.
import createClient, { type Middleware } from "openapi-fetch";
import { sessionStore } from "../auth/sessionStore.ts";
import type { paths } from "./schema.ts";

export const apiBase = "/api";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The API's `{ error: { code, message, details? } }` body, or a generic error for anything else. */
export function apiErrorOf(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } })
    ?.error;
  if (error && typeof error.code === "string") {
    return new ApiError(status, error.code, String(error.message ?? error.code), error.details);
  }
  return new ApiError(
    status,
    status >= 500 ? "api.unavailable" : "api.error",
    `API answered ${status}`,
  );
}

const auth: Middleware = {
  onRequest({ request }) {
    const token = sessionStore.get().token;
    if (token && !request.headers.has("authorization")) {
      request.headers.set("authorization", `Bearer ${token}`);
    }
    return request;
  },
  async onResponse({ response }) {
    if (response.ok) return response;
    const body = await response
      .clone()
      .json()
      .catch(() => undefined);
    const code = (body as { error?: { code?: string } } | undefined)?.error?.code;
    if (code) sessionStore.onApiError(code);
    return response;
  },
};

export const api = createClient<paths>({
  baseUrl: typeof location === "undefined" ? apiBase : `${location.origin}${apiBase}`,
});
api.use(auth);

/** Unwraps an openapi-fetch result: the data, or throws the API's error. */
export async function call<T>(
  pending: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await pending;
  } catch (error) {
    throw new ApiError(0, "api.unreachable", `The API did not answer: ${(error as Error).message}`);
  }
  if (result.error !== undefined || !result.response.ok) {
    throw apiErrorOf(result.response.status, result.error);
  }
  return result.data as T;
}
