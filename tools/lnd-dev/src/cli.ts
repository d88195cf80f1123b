// The user's wallet for local development: `npm run ln -- <command>` talks to the user's lnd (the dev
// node in .dev/lnd/user/, or the lnd named by LND_SOCKET/LND_CERT/LND_MACAROON) through the
// unmodified `lightning` client, exactly as an app would. mine/height/advance drive the dev chain
// through its control endpoint (chain.json in the network directory), as bitcoin-cli drives regtest.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import lightning from "lightning";
import type { ChainCommand } from "./chainClient.ts";
import { ChainControlError, callChainControl, readChainControl } from "./chainClient.ts";
import type { LndAuth } from "./lndConfig.ts";
import { lndAuthFromEnv, lndAuthFromFiles } from "./lndConfig.ts";

const usage = `usage: npm run ln -- <command>
  pay <bolt11> [sats]     pay a request (sats only for zero-amount requests); exits 1 on failure
  invoice <sats> [memo]   create an invoice
  balance                 channel balance
  info                    node info
  decode <bolt11>         decode a payment request
dev chain (a running npm run ln:node):
  height                  print the block height
  mine <blocks>           mine blocks at once (the clock stays); print the new height
  advance <seconds>       move the chain clock on (mines the blocks that time covers); print the height
env: LN_DIR (default .dev/lnd/user), or LND_SOCKET, LND_CERT, LND_MACAROON for a real lnd;
     LN_NETWORK_DIR (default .dev/lnd, else LN_DIR's parent) holds the dev chain's chain.json`;

const repoRoot = resolve(fileURLToPath(new URL("../../../", import.meta.url)));

/** The user node's credentials: LND_* first, else the dev node files in LN_DIR. */
export function userLndAuth(env: NodeJS.ProcessEnv = process.env): LndAuth {
  return lndAuthFromEnv(env) ?? lndAuthFromFiles(env.LN_DIR ?? resolve(repoRoot, ".dev/lnd/user"));
}

const print = (value: unknown): void => console.log(JSON.stringify(value, null, 2));

/** lightning's errors are arrays [code, message, {err}]: show lnd's own details when there are some. */
function describe(err: unknown): string {
  if (Array.isArray(err)) {
    const [code, message, extra] = err as [number, string, { err?: { details?: string } }?];
    const details = extra?.err?.details;
    return details ? `${message}: ${details} (${code})` : `${message} (${code})`;
  }
  return err instanceof Error ? err.message : String(err);
}

function failureReason(failed: Record<string, unknown>): string {
  const reasons = Object.entries(failed).filter(([k, v]) => k.startsWith("is_") && v === true);
  return reasons.map(([k]) => k.slice(3)).join(", ") || "unknown";
}

function pay(lnd: lightning.AuthenticatedLnd, request: string, sats?: number): Promise<number> {
  return new Promise((done) => {
    const sub = lightning.subscribeToPayViaRequest({ lnd, request, tokens: sats });
    let announced = false;
    let held: NodeJS.Timeout | undefined;
    console.log("paying…");
    sub.on("paying", (p: { tokens: number; destination: string }) => {
      if (announced) return;
      announced = true;
      console.log(`in flight: ${p.tokens} sats to ${p.destination}`);
      // A hold invoice keeps the HTLC in flight until the receiver settles or cancels it.
      held = setTimeout(
        () => console.log("held: waiting for the receiver to settle or cancel"),
        500,
      );
    });
    sub.on("confirmed", () => clearTimeout(held));
    sub.on("failed", () => clearTimeout(held));
    sub.on("confirmed", (p: { tokens: number; fee: number; id: string; secret: string }) => {
      console.log(`succeeded: ${p.tokens} sats, fee ${p.fee}`);
      console.log(`payment hash: ${p.id}`);
      console.log(`preimage: ${p.secret}`);
      done(0);
    });
    sub.on("failed", (f: Record<string, unknown>) => {
      console.error(`failed: ${failureReason(f)}`);
      done(1);
    });
    sub.on("error", (err: unknown) => {
      console.error(`failed: ${describe(err)}`);
      done(1);
    });
  });
}

/** mine/height/advance: undefined when `command` is not one or its argument is malformed. */
function chainCommand(command: string, args: string[]): ChainCommand | undefined {
  const [value, ...rest] = args;
  if (command === "height") return args.length ? undefined : { command };
  if (rest.length || value === undefined) return undefined;
  if (command === "mine" && /^\d+$/.test(value)) return { command, blocks: Number(value) };
  if (command === "advance" && /^\d+(\.\d+)?$/.test(value)) {
    return { command, seconds: Number(value) };
  }
  return undefined;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === "help" || command === "--help") {
    console.log(usage);
    return command ? 0 : 2;
  }
  if (command === "height" || command === "mine" || command === "advance") {
    const call = chainCommand(command, args);
    if (!call) {
      console.error(usage);
      return 2;
    }
    try {
      const control = await readChainControl(process.env, resolve(repoRoot, ".dev/lnd"));
      console.log((await callChainControl(control, call)).height);
      return 0;
    } catch (err) {
      if (!(err instanceof ChainControlError)) throw err;
      console.error(`error: ${err.message}`);
      return 1;
    }
  }
  const { lnd } = lightning.authenticatedLndGrpc(userLndAuth());
  switch (command) {
    case "pay": {
      const [request, sats] = args;
      if (!request) break;
      return pay(lnd, request, sats ? Number(sats) : undefined);
    }
    case "invoice": {
      const [sats, ...memo] = args;
      if (!sats || !/^\d+$/.test(sats)) break;
      const invoice = await lightning.createInvoice({
        lnd,
        tokens: Number(sats),
        description: memo.join(" ") || undefined,
      });
      print({ request: invoice.request, id: invoice.id, tokens: invoice.tokens });
      return 0;
    }
    case "balance": {
      const b = await lightning.getChannelBalance({ lnd });
      print({
        local: b.channel_balance,
        remote: b.inbound,
        unsettled_local: b.unsettled_balance,
        local_mtokens: b.channel_balance_mtokens,
      });
      return 0;
    }
    case "info": {
      const info = await lightning.getWalletInfo({ lnd });
      print({
        alias: info.alias,
        public_key: info.public_key,
        version: info.version,
        block_height: info.current_block_height,
        is_synced_to_chain: info.is_synced_to_chain,
        uris: info.uris,
      });
      return 0;
    }
    case "decode": {
      const [request] = args;
      if (!request) break;
      print(await lightning.decodePaymentRequest({ lnd, request }));
      return 0;
    }
  }
  console.error(usage);
  return 2;
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(`error: ${describe(err)}`);
      process.exit(1);
    },
  );
}
