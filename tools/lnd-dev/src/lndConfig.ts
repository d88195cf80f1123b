// Where to find an lnd: LND_SOCKET, LND_CERT and LND_MACAROON (each cert/macaroon as base64, hex or
// a file path, like lnd's own files), or a dev node's data directory. Returns exactly what
// `authenticatedLndGrpc({ socket, cert, macaroon })` takes, for the CLI now and keepers later.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

export interface LndAuth {
  socket: string;
  /** Base64 of the TLS certificate PEM. */
  cert: string;
  /** Hex of the macaroon. */
  macaroon: string;
}

export interface LndConfigSource {
  LND_SOCKET?: string;
  LND_CERT?: string;
  LND_MACAROON?: string;
  [name: string]: string | undefined;
}

const isHex = (s: string): boolean => s.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(s);
const isBase64 = (s: string): boolean => /^[A-Za-z0-9+/\s]+={0,2}$/.test(s);

/**
 * Reads a credential given as a file path, hex or base64, returning its raw bytes. A value that names
 * an existing file wins; `kind` only shapes the error message.
 */
export function readSerialized(value: string, kind: string): Buffer {
  const trimmed = value.trim();
  if (!trimmed) throw new Error(`${kind} is empty`);
  if (existsSync(trimmed)) return readFileSync(trimmed);
  if (trimmed.startsWith("-----BEGIN")) return Buffer.from(trimmed);
  if (isHex(trimmed)) return Buffer.from(trimmed, "hex");
  if (isBase64(trimmed)) return Buffer.from(trimmed.replace(/\s/g, ""), "base64");
  throw new Error(`${kind}: expected a file path, hex or base64`);
}

/** Reads a dev node's (or lnd's) data directory: tls.cert, admin.macaroon and a `socket` file. */
export function lndAuthFromFiles(dir: string, socket?: string): LndAuth {
  const path = resolve(dir);
  const socketFile = join(path, "socket");
  const resolvedSocket =
    socket ?? (existsSync(socketFile) ? readFileSync(socketFile, "utf8").trim() : undefined);
  if (!resolvedSocket) throw new Error(`${socketFile} is missing: is the dev node running?`);
  return {
    socket: resolvedSocket,
    cert: readFileSync(join(path, "tls.cert")).toString("base64"),
    macaroon: readFileSync(join(path, "admin.macaroon")).toString("hex"),
  };
}

/**
 * The lnd to use according to the environment: all three of LND_SOCKET, LND_CERT and LND_MACAROON
 * (real lnd), else undefined so the caller falls back to a dev node. Some but not all set is an
 * error naming the missing ones.
 */
export function lndAuthFromEnv(env: LndConfigSource = process.env): LndAuth | undefined {
  const names = ["LND_SOCKET", "LND_CERT", "LND_MACAROON"] as const;
  const missing = names.filter((n) => !env[n]?.trim());
  if (missing.length === names.length) return undefined;
  if (missing.length) {
    throw new Error(`${missing.join(", ")} must be set too: LND_* variables are used together`);
  }
  const socket = String(env.LND_SOCKET).trim();
  if (!/^[^\s:]+:\d+$|^\[[0-9a-fA-F:]+\]:\d+$/.test(socket)) {
    throw new Error(`LND_SOCKET must be host:port, got "${socket}"`);
  }
  const cert = readSerialized(String(env.LND_CERT), "LND_CERT");
  if (!cert.toString().includes("BEGIN CERTIFICATE")) {
    throw new Error("LND_CERT does not hold a PEM certificate (tls.cert)");
  }
  return {
    socket,
    cert: cert.toString("base64"),
    macaroon: readSerialized(String(env.LND_MACAROON), "LND_MACAROON").toString("hex"),
  };
}
