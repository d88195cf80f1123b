import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "vitest";
import { lndAuthFromEnv } from "./lndConfig.ts";
import { macaroonError, mintAdminMacaroon } from "./macaroon.ts";

const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

test("LND_* unset: undefined (use the dev node); partly set: names the missing ones", () => {
  assert.equal(lndAuthFromEnv({}), undefined);
  assert.throws(() => lndAuthFromEnv({ LND_SOCKET: "localhost:10009" }), /LND_CERT, LND_MACAROON/);
});

test("LND_CERT and LND_MACAROON accept base64, hex or a file path", async () => {
  const dir = await mkdtemp(join(tmpdir(), "lnd-config-"));
  const macaroon = randomBytes(40);
  await writeFile(join(dir, "tls.cert"), pem);
  await writeFile(join(dir, "admin.macaroon"), macaroon);
  const expected = {
    socket: "127.0.0.1:10009",
    cert: Buffer.from(pem).toString("base64"),
    macaroon: macaroon.toString("hex"),
  };
  const socket = expected.socket;
  assert.deepEqual(
    lndAuthFromEnv({
      LND_SOCKET: socket,
      LND_CERT: join(dir, "tls.cert"),
      LND_MACAROON: join(dir, "admin.macaroon"),
    }),
    expected,
  );
  assert.deepEqual(
    lndAuthFromEnv({
      LND_SOCKET: socket,
      LND_CERT: Buffer.from(pem).toString("hex"),
      LND_MACAROON: macaroon.toString("base64"),
    }),
    expected,
  );
  assert.throws(
    () => lndAuthFromEnv({ LND_SOCKET: "nope", LND_CERT: pem, LND_MACAROON: "00" }),
    /LND_SOCKET must be host:port/,
  );
  await rm(dir, { recursive: true, force: true });
});

test("macaroons: the minted one verifies; tampered, foreign or garbage ones get lnd's errors", () => {
  const rootKey = randomBytes(32);
  const mac = mintAdminMacaroon(rootKey);
  assert.equal(macaroonError([mac.toString("hex")], rootKey), undefined);
  assert.equal(
    macaroonError([mintAdminMacaroon(randomBytes(32)).toString("hex")], rootKey),
    "verification failed: signature mismatch after caveat verification",
  );
  assert.equal(macaroonError([], rootKey), "expected 1 macaroon, got 0");
  assert.equal(macaroonError(["zz"], rootKey), "encoding/hex: invalid byte: U+007A 'z'");
});
