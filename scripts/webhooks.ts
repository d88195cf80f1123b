// `npm run webhooks -- <command>`: the event bus from a terminal, against `npm run dev`'s API:
//   source <name> [types...]    (admin) register a webhook source (default type PAYMENT_RECEIVED);
//                               prints its whsec_ secret and keeps it in .dev/webhooks/<name>.secret
//   pay <amount> [currency]     post a signed PAYMENT_RECEIVED for you (the payer) from a source, the
//                               way a payment provider does: the `standardwebhooks` package signs it
//   listen [port]               run a webhook endpoint on this machine, register it for your account,
//                               and print each delivery once its signature verifies
//   stream [cursor]             follow your events on /v1/stream (from a cursor: what you missed first)
//   replay <event id>           (admin) run an event's reactions again (a paid mint is never repeated)
//   dead                        (admin) the dead letters: reactions that failed every retry
// env: API_URL (http://127.0.0.1:8787), WEBHOOK_SOURCE (acmepay), PAYER_PRIVATE_KEY (default Hardhat
// dev account #1), ADMIN_PRIVATE_KEY (default Hardhat dev account #0, the dev API's admin).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import type { Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import WebSocket from "ws";
import { apiClient } from "./lib/apiClient.ts";

const usage = `usage: npm run webhooks -- <command>
  source <name> [types...]   register a webhook source (admin); prints its secret
  pay <amount> [currency]    post a signed PAYMENT_RECEIVED for you (default 100.00 USD)
  listen [port]              receive your events on a local endpoint, verified
  stream [cursor]            follow your events on /v1/stream
  replay <event id>          run an event's reactions again (admin)
  dead                       list the dead letters (admin)
env: API_URL, WEBHOOK_SOURCE (acmepay), PAYER_PRIVATE_KEY (dev #1), ADMIN_PRIVATE_KEY (dev #0)`;

// Hardhat's well-known development accounts #0 (the dev API's admin) and #1: local chain only.
const adminKey: Hex = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const payerKey: Hex = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const apiUrl = (process.env.API_URL ?? "http://127.0.0.1:8787").replace(/\/+$/, "");
const sourceName = process.env.WEBHOOK_SOURCE ?? "acmepay";
const admin = privateKeyToAccount((process.env.ADMIN_PRIVATE_KEY as Hex | undefined) ?? adminKey);
const payer = privateKeyToAccount((process.env.PAYER_PRIVATE_KEY as Hex | undefined) ?? payerKey);
const secretsDir = new URL("../.dev/webhooks/", import.meta.url);

class CliError extends Error {}
const { call, signIn } = apiClient(apiUrl, (message) => new CliError(message));

function secretFile(name: string): URL {
  return new URL(`${name}.secret`, secretsDir);
}

async function addSource(name: string | undefined, types: string[]) {
  if (!name) throw new CliError("source needs a name, e.g. acmepay");
  const token = await signIn(admin);
  const { secret, source } = await call<{ secret: string; source: { eventTypes: string[] } }>(
    "POST",
    "/v1/admin/webhook-sources",
    token,
    { name, eventTypes: types.length > 0 ? types : ["PAYMENT_RECEIVED"] },
  );
  mkdirSync(secretsDir, { recursive: true });
  writeFileSync(secretFile(name), `${secret}\n`, { mode: 0o600 });
  console.log(`source ${name} may publish ${source.eventTypes.join(", ")}`);
  console.log(`secret ${secret}`);
  console.log(`(kept in .dev/webhooks/${name}.secret for npm run webhooks -- pay)`);
}

async function pay(amount = "100.00", currency = "USD") {
  let secret = process.env.WEBHOOK_SECRET;
  if (!secret) {
    try {
      secret = readFileSync(secretFile(sourceName), "utf8").trim();
    } catch {
      throw new CliError(
        `no secret for source ${sourceName}: run npm run webhooks -- source ${sourceName} first`,
      );
    }
  }
  const reference = `pay_${Date.now()}`;
  const now = new Date();
  const body = JSON.stringify({
    type: "PAYMENT_RECEIVED",
    timestamp: now.toISOString(),
    data: { account: payer.address, amount, currency, reference },
  });
  const id = `msg_${crypto.randomUUID()}`;
  const response = await fetch(`${apiUrl}/v1/webhooks/${sourceName}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": Math.floor(now.getTime() / 1000).toString(),
      "webhook-signature": new Webhook(secret).sign(id, now, body),
    },
    body,
  });
  const answer = await response.text();
  if (!response.ok) throw new CliError(`the API answered ${response.status}: ${answer}`);
  console.log(
    `PAYMENT_RECEIVED ${amount} ${currency} for ${payer.address} (reference ${reference})`,
  );
  console.log(answer);
}

async function listen(port = 0) {
  const token = await signIn(payer);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fluxion`;
  const { endpoint, secret } = await call<{ endpoint: { id: string }; secret: string }>(
    "POST",
    "/v1/webhooks/endpoints",
    token,
    { url, description: "npm run webhooks -- listen" },
  );
  const verifier = new Webhook(secret);
  server.on("request", (request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk;
    });
    request.on("end", () => {
      try {
        const event = verifier.verify(body, request.headers as Record<string, string>) as {
          type: string;
          cursor: string;
          data: Record<string, unknown>;
        };
        console.log(`verified ${event.type} #${event.cursor} ${JSON.stringify(event.data)}`);
        response.writeHead(204).end();
      } catch (error) {
        console.log(`REFUSED (${(error as Error).message}): ${body.slice(0, 200)}`);
        response.writeHead(400).end();
      }
    });
  });
  console.log(`endpoint ${endpoint.id} at ${url}, for ${payer.address}; Ctrl-C to stop`);
  await new Promise<void>((resolve) => process.once("SIGINT", resolve));
  await call("DELETE", `/v1/webhooks/endpoints/${endpoint.id}`, token).catch(() => {});
  server.close();
}

async function stream(cursor?: string) {
  const token = await signIn(payer);
  const ws = apiUrl.replace(/^http/, "ws");
  const socket = new WebSocket(
    `${ws}/v1/stream?token=${token}${cursor ? `&cursor=${cursor}` : ""}`,
  );
  socket.on("message", (data) => {
    const event = JSON.parse(String(data)) as { kind: string; cursor?: string; data?: unknown };
    console.log(
      `${event.kind}${event.cursor ? ` #${event.cursor}` : ""} ${JSON.stringify(event.data ?? event)}`,
    );
  });
  await new Promise<void>((resolve, reject) => {
    socket.on("close", () => resolve());
    socket.on("error", reject);
    process.once("SIGINT", () => socket.close());
  });
}

async function replay(eventId: string | undefined) {
  if (!eventId) throw new CliError("replay needs an event id (the id a webhook answered)");
  const token = await signIn(admin);
  console.log(await call("POST", "/v1/admin/events/replay", token, { eventId }));
}

async function dead() {
  const token = await signIn(admin);
  const { reactions } = await call<{
    reactions: { eventId: string; reactor: string; attempts: number; lastError: string | null }[];
  }>("GET", "/v1/admin/events/reactions?status=dead", token);
  if (reactions.length === 0) console.log("no dead letters");
  for (const r of reactions)
    console.log(`${r.eventId} ${r.reactor} after ${r.attempts} attempts: ${r.lastError}`);
}

const [command, ...args] = process.argv.slice(2);
try {
  if (command === "source") await addSource(args[0], args.slice(1));
  else if (command === "pay") await pay(args[0], args[1]);
  else if (command === "listen") await listen(args[0] ? Number(args[0]) : 0);
  else if (command === "stream") await stream(args[0]);
  else if (command === "replay") await replay(args[0]);
  else if (command === "dead") await dead();
  else {
    console.log(usage);
    process.exitCode = command ? 1 : 0;
  }
} catch (error) {
  if (!(error instanceof CliError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
