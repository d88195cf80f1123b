// The API's whole schema: one module per domain.
export * from "./audit.ts";
export * from "./auth.ts";
export * from "./chainFeed.ts";
export * from "./compliance.ts";
export * from "./events.ts";
export * from "./namespace.ts";
export * from "./review.ts";
export * from "./webhookEndpoints.ts";
