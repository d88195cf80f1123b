// Webhook sources: who may post to /v1/webhooks/:source, signed with which secrets, publishing which
// event types for which accounts, at what rate. They come from three places, each owning its rows:
// API_WEBHOOK_SOURCES_FILE (rewritten at every start), API_INGRESS_SECRETS (our keepers) and the admin
// API. Reads are cached briefly in each process (a change made through another API process applies
// within `cacheMs`).
import { readFileSync } from "node:fs";
import { and, eq, inArray, not } from "drizzle-orm";
import { Type } from "typebox";
import { Value } from "typebox/value";
import { getAddress, isAddress } from "viem";
import type { Database } from "../db/client.ts";
import { webhookSources } from "../db/schema/index.ts";
import { badRequest, conflict, notFound } from "../errors.ts";
import type { Clock } from "../lib/clock.ts";
import { isEventType } from "./catalogue.ts";
import { isSecret, newSecret } from "./standardWebhooks.ts";

export type SourceSecret = { secret: string; expiresAt: string | null };

export type Source = {
  name: string;
  secrets: SourceSecret[];
  eventTypes: string[];
  /** null: any account. */
  accounts: string[] | null;
  broadcast: boolean;
  rateLimit: number;
  enabled: boolean;
  managedBy: "file" | "env" | "admin";
};

export type SourceInput = {
  name: string;
  secrets?: string[];
  eventTypes: string[];
  accounts?: string[] | null;
  broadcast?: boolean;
  rateLimit?: number;
  enabled?: boolean;
};

export const sourceNamePattern = "^[a-z0-9][a-z0-9_-]{0,62}$";
/** Names that /v1/webhooks/<name> routes take (the account's endpoints), never a source's. */
export const reservedSourceNames = new Set(["endpoints"]);
/** The default requests per second per IP of a source (the source system's webhook limit). */
export const defaultSourceRate = 10;

export const SourceInputSchema = Type.Object(
  {
    name: Type.String({ pattern: sourceNamePattern }),
    secrets: Type.Optional(
      Type.Array(Type.String({ maxLength: 200 }), { minItems: 1, maxItems: 5 }),
    ),
    eventTypes: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 64 }),
    accounts: Type.Optional(
      Type.Union([Type.Array(Type.String({ maxLength: 42 }), { maxItems: 10_000 }), Type.Null()]),
    ),
    broadcast: Type.Optional(Type.Boolean()),
    rateLimit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/** Checks and normalises a source; throws 400 webhook_source.invalid naming what is wrong. */
export function normaliseSource(input: SourceInput, managedBy: Source["managedBy"]): Source {
  const invalid = (message: string) =>
    badRequest("webhook_source.invalid", `Source "${input.name}": ${message}`);
  if (!new RegExp(sourceNamePattern).test(input.name)) {
    throw invalid("a name is 1-63 characters of [a-z0-9_-]");
  }
  if (reservedSourceNames.has(input.name)) {
    throw invalid(`"${input.name}" is a path of /v1/webhooks, not a source name`);
  }
  for (const type of input.eventTypes) {
    if (!isEventType(type)) throw invalid(`unknown event type "${type}"`);
  }
  const secrets = input.secrets ?? [newSecret()];
  for (const secret of secrets) {
    if (!isSecret(secret)) throw invalid("secrets are whsec_ followed by 24-64 bytes of base64");
  }
  const accounts =
    input.accounts === undefined || input.accounts === null
      ? null
      : input.accounts.map((account) => {
          if (!isAddress(account, { strict: false })) {
            throw invalid(`"${account}" is not an address`);
          }
          return getAddress(account);
        });
  return {
    name: input.name,
    secrets: secrets.map((secret) => ({ secret, expiresAt: null })),
    eventTypes: [...new Set(input.eventTypes)],
    accounts,
    broadcast: input.broadcast ?? false,
    rateLimit: input.rateLimit ?? defaultSourceRate,
    enabled: input.enabled ?? true,
    managedBy,
  };
}

/** API_WEBHOOK_SOURCES_FILE: `{ "sources": [SourceInput, ...] }`. */
export function readSourcesFile(path: string): Source[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
  const File = Type.Object({ sources: Type.Array(SourceInputSchema) });
  if (!Value.Check(File, parsed)) {
    const first = Value.Errors(File, parsed)[0];
    throw new Error(`${path}: ${first?.instancePath || "/"} ${first?.message ?? "invalid"}`);
  }
  return parsed.sources.map((source) => {
    if (!source.secrets) throw new Error(`${path}: source "${source.name}" needs its secrets`);
    return normaliseSource(source, "file");
  });
}

export type SourceRegistry = {
  get(name: string): Promise<Source | null>;
  list(): Promise<Source[]>;
  /** Replaces the rows `managedBy` owns with `sources` (start-up: file and env). */
  sync(managedBy: "file" | "env", sources: Source[]): Promise<void>;
  create(source: Source): Promise<Source>;
  update(
    name: string,
    change: Partial<Omit<Source, "name" | "managedBy" | "secrets">>,
  ): Promise<Source>;
  /** Adds a new secret; the current ones stay valid for `overlapS` seconds. */
  rotate(name: string, overlapS: number): Promise<{ source: Source; secret: string }>;
  remove(name: string): Promise<void>;
};

type Row = typeof webhookSources.$inferSelect;

function fromRow(row: Row): Source {
  return {
    name: row.name,
    secrets: row.secrets,
    eventTypes: row.eventTypes,
    accounts: row.accounts,
    broadcast: row.broadcast,
    rateLimit: row.rateLimit,
    enabled: row.enabled,
    managedBy: row.managedBy as Source["managedBy"],
  };
}

/** The secrets of `source` that still verify at `now`. */
export function liveSecrets(source: Source, now: Date): string[] {
  return source.secrets
    .filter((entry) => entry.expiresAt === null || new Date(entry.expiresAt) > now)
    .map((entry) => entry.secret);
}

export function createSourceRegistry(db: Database, clock: Clock, cacheMs = 2000): SourceRegistry {
  const cache = new Map<string, { at: number; source: Source | null }>();
  const forget = (name: string) => cache.delete(name);
  const adminOnly = async (name: string) => {
    const [row] = await db.select().from(webhookSources).where(eq(webhookSources.name, name));
    if (!row) throw notFound("webhook_source.not_found", `No webhook source "${name}"`);
    if (row.managedBy !== "admin") {
      throw conflict(
        "webhook_source.managed_elsewhere",
        `Source "${name}" comes from ${row.managedBy === "file" ? "API_WEBHOOK_SOURCES_FILE" : "API_INGRESS_SECRETS"}; change it there`,
      );
    }
    return fromRow(row);
  };
  const write = async (source: Source) => {
    const now = clock.now();
    const [row] = await db
      .update(webhookSources)
      .set({ ...source, updatedAt: now })
      .where(eq(webhookSources.name, source.name))
      .returning();
    forget(source.name);
    return fromRow(row!);
  };

  return {
    async get(name) {
      const hit = cache.get(name);
      const at = Date.now();
      if (hit && at - hit.at < cacheMs) return hit.source;
      const [row] = await db.select().from(webhookSources).where(eq(webhookSources.name, name));
      const source = row ? fromRow(row) : null;
      cache.set(name, { at, source });
      if (cache.size > 10_000) cache.clear();
      return source;
    },
    async list() {
      return (await db.select().from(webhookSources).orderBy(webhookSources.name)).map(fromRow);
    },
    async sync(managedBy, sources) {
      const now = clock.now();
      await db.transaction(async (tx) => {
        const names = sources.map((source) => source.name);
        const clash = names.length
          ? await tx
              .select({ name: webhookSources.name, managedBy: webhookSources.managedBy })
              .from(webhookSources)
              .where(
                and(
                  inArray(webhookSources.name, names),
                  not(eq(webhookSources.managedBy, managedBy)),
                ),
              )
          : [];
        if (clash.length > 0) {
          throw new Error(
            `webhook source "${clash[0]!.name}" already exists (managed by ${clash[0]!.managedBy})`,
          );
        }
        await tx.delete(webhookSources).where(eq(webhookSources.managedBy, managedBy));
        if (sources.length > 0) {
          await tx
            .insert(webhookSources)
            .values(sources.map((source) => ({ ...source, createdAt: now, updatedAt: now })));
        }
      });
      cache.clear();
    },
    async create(source) {
      const now = clock.now();
      const [row] = await db
        .insert(webhookSources)
        .values({ ...source, createdAt: now, updatedAt: now })
        .onConflictDoNothing()
        .returning();
      if (!row) throw conflict("webhook_source.exists", `Source "${source.name}" already exists`);
      forget(source.name);
      return fromRow(row);
    },
    async update(name, change) {
      const current = await adminOnly(name);
      return write({ ...current, ...change });
    },
    async rotate(name, overlapS) {
      const current = await adminOnly(name);
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + overlapS * 1000).toISOString();
      const secret = newSecret();
      const kept = liveSecrets(current, now).map((old) => {
        const entry = current.secrets.find((s) => s.secret === old)!;
        const sooner = entry.expiresAt !== null && entry.expiresAt < expiresAt;
        return { secret: old, expiresAt: sooner ? entry.expiresAt : expiresAt };
      });
      const source = await write({ ...current, secrets: [{ secret, expiresAt: null }, ...kept] });
      return { source, secret };
    },
    async remove(name) {
      await adminOnly(name);
      await db.delete(webhookSources).where(eq(webhookSources.name, name));
      forget(name);
    },
  };
}
