// Shared by the compliance and review tests: an app with a service key, and shortcuts for
// checks, sign-ins with a role, and reading audit entries. Not a test file itself.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { eq } from "drizzle-orm";
import type { LightMyRequestResponse } from "fastify";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { loadConfig } from "../config.ts";
import { accounts, auditLog } from "../db/schema/index.ts";
import type { Backend } from "../testing/backends.ts";
import { signIn } from "../testing/signIn.ts";
import { buildTestApp, type TestApp } from "../testing/testApp.ts";

export const serviceKey = `svc_${randomBytes(24).toString("hex")}`;
export const serviceHeaders = { "x-api-key": serviceKey };

export function buildComplianceApp(backend: Backend, env: Record<string, string> = {}) {
  return buildTestApp({
    backend,
    env: { API_SERVICE_KEYS: `keeper=${serviceKey}`, ...env },
  });
}

/** A fresh random address (checksummed). */
export function randomAddress(): `0x${string}` {
  return privateKeyToAccount(generatePrivateKey()).address;
}

export type CheckBody = {
  action?: string;
  amountUsd: string;
  account?: string;
  addresses?: string[];
  features?: Record<string, number>;
  reference?: string;
};

/** POST /v1/compliance/check as the keeper service (action defaults to mint). */
export function check(
  app: TestApp,
  body: CheckBody,
  headers: Record<string, string> = serviceHeaders,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: "POST",
    url: "/v1/compliance/check",
    headers,
    payload: { action: "mint", ...body },
  });
}

/** Like `check` but asserts 200 and returns the body. */
export async function checkOk(app: TestApp, body: CheckBody, headers?: Record<string, string>) {
  const response = await check(app, body, headers);
  if (response.statusCode !== 200) {
    throw new Error(`check answered ${response.statusCode}: ${response.body}`);
  }
  return response.json() as {
    id: string;
    decision: "allow" | "review" | "deny";
    outcome: string;
    replayed: boolean;
    rules: { rule: string; outcome: string; detail: string }[];
    reasons: string[];
    risk?: { score: number; model: string; source: string };
    recordKept: boolean;
    reportFiled: boolean;
    reviewId?: string;
  };
}

export async function setTier(app: TestApp, address: string, tier: number) {
  await app.db
    .insert(accounts)
    .values({ address, kycTier: tier })
    .onConflictDoUpdate({ target: accounts.address, set: { kycTier: tier } });
}

/** A new account signed in with the given stored role; returns its address and auth headers. */
export async function signInAs(app: TestApp, role: "user" | "reviewer" | "admin" = "user") {
  const account = privateKeyToAccount(generatePrivateKey());
  if (role !== "user") {
    await app.db
      .insert(accounts)
      .values({ address: account.address, role })
      .onConflictDoUpdate({ target: accounts.address, set: { role } });
  }
  const session = await signIn(app, account);
  return { account, address: account.address, headers: session.headers };
}

export async function auditEntries(app: TestApp, kind: string) {
  return app.db.select().from(auditLog).where(eq(auditLog.kind, kind));
}

type Probe = { inputs: number[][]; score: number[] };

/**
 * A real feature row from ml/model/probe.json (the model's own reference outputs) whose score
 * lies in [min, max), keeping clear of the edges so runtime rounding cannot cross a threshold.
 */
export function probeFeatures(min: number, max: number): Record<string, number> {
  const config = loadConfig({});
  const probe = JSON.parse(
    readFileSync(resolve(dirname(config.modelPath), "probe.json"), "utf8"),
  ) as Probe;
  const names = (
    JSON.parse(readFileSync(config.featuresPath, "utf8")) as { features: { name: string }[] }
  ).features.map((feature) => feature.name);
  const index = probe.score.findIndex((score) => score >= min + 0.01 && score < max - 0.01);
  const row = probe.inputs[index];
  if (!row) throw new Error(`probe.json has no row scoring in [${min}, ${max})`);
  return Object.fromEntries(names.map((name, i) => [name, row[i]!]));
}

/** Signs an existing account in again (a new session), e.g. after the clock idled its session out. */
export async function signInAgain(app: TestApp, who: Awaited<ReturnType<typeof signInAs>>) {
  const session = await signIn(app, who.account);
  return { ...who, headers: session.headers };
}
