// Accounts, SIWE nonces, sessions, devices and service API keys.
import { sql } from "drizzle-orm";
import {
  doublePrecision,
  index,
  integer,
  jsonb,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { apiSchema } from "./namespace.ts";

/** One row per Ethereum address that ever signed in (or that an admin configured). */
export const accounts = apiSchema.table("accounts", {
  /** Checksummed address. */
  address: text("address").primaryKey(),
  /** "user" | "reviewer" | "admin"; admins listed in API_ADMINS are admins regardless. */
  role: text("role").notNull().default("user"),
  /** KYC tier 0..3; per-tier limits live in the compliance policy. */
  kycTier: integer("kyc_tier").notNull().default(0),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Single-use SIWE nonces; `usedAt` is set atomically when a message with it verifies. Rows are
 * deleted by the sweep (auth/nonces.ts) some minutes after they expire.
 */
export const siweNonces = apiSchema.table(
  "siwe_nonces",
  {
    nonce: text("nonce").primaryKey(),
    /** "sign-in" or "challenge:<sessionId>". */
    purpose: text("purpose").notNull(),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (table) => [index("siwe_nonces_expires_at_idx").on(table.expiresAt)],
);

export const sessions = apiSchema.table(
  "sessions",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    /** sha256 of the bearer token; the token itself is never stored. */
    tokenHash: text("token_hash").notNull(),
    address: text("address").notNull(),
    /** "active" | "challenge_required" | "blocked" | "terminated" | "expired". */
    status: text("status").notNull().default("active"),
    deviceFingerprint: text("device_fingerprint"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    /** Client-reported device signals (rooted, VPN, ...), the inputs of session scoring. */
    signals: jsonb("signals").$type<Record<string, number>>().notNull().default({}),
    riskScore: doublePrecision("risk_score"),
    riskEma: doublePrecision("risk_ema"),
    riskBand: text("risk_band"),
    riskModel: text("risk_model"),
    lastScoredAt: timestamp("last_scored_at", { withTimezone: true }),
    challengePassedAt: timestamp("challenge_passed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    endReason: text("end_reason"),
  },
  (table) => [
    uniqueIndex("sessions_token_hash_idx").on(table.tokenHash),
    index("sessions_address_idx").on(table.address),
    index("sessions_status_last_seen_idx").on(table.status, table.lastSeenAt),
  ],
);

/** Device fingerprints seen per account (a new device is a risk signal). */
export const devices = apiSchema.table(
  "devices",
  {
    address: text("address").notNull(),
    fingerprint: text("fingerprint").notNull(),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    sessions: integer("sessions").notNull().default(1),
  },
  (table) => [uniqueIndex("devices_address_fingerprint_idx").on(table.address, table.fingerprint)],
);

/** API keys for services (keepers); stored as sha256, shown once at creation. */
export const apiKeys = apiSchema.table("api_keys", {
  id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
  name: text("name").notNull(),
  keyHash: text("key_hash").notNull().unique(),
  /** Roles granted to the key, e.g. ["service"]. */
  roles: jsonb("roles").$type<string[]>().notNull(),
  createdBy: text("created_by").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
  lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
});
