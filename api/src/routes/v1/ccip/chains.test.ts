// /v1/ccip against the protocol deployed on two in-process chains (31337 and 31338, their gateways
// connected, as `npm run dev` runs them): the chains and their lanes as the contracts report them, the
// fee the source gateway quotes (native and LINK), every kind of bad quote refused with its code, a
// chain the API cannot read, and a manual execution's gas limit held to the lane's real ceiling.
import assert from "node:assert/strict";
import { crossChainGatewayAbi } from "@fluxion/deploy";
import { type Address, custom, parseUnits, zeroAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, test } from "vitest";
import { type Deployed, deployLocalChains } from "../../../../../deploy/src/testing/deployed.ts";
import {
  indexerAnswers,
  indexerMessage,
  relayExecution,
  type StandIn,
  startStandIn,
} from "../../../testing/ccipStandIns.ts";
import { signIn } from "../../../testing/signIn.ts";
import { buildTestApp, type TestApp } from "../../../testing/testApp.ts";

const alice = privateKeyToAccount(generatePrivateKey());
const bob = privateKeyToAccount(generatePrivateKey());
const serviceKey = "s".repeat(40);
const relayKey = "r".repeat(40);
const sUsd = (amount: string) => parseUnits(amount, 18);

describe("/v1/ccip on two chains", () => {
  let a: Deployed;
  let b: Deployed;
  let app: TestApp;
  let headers: Record<string, string>;
  const apps: TestApp[] = [];
  const standIns: StandIn[] = [];

  const transports = () => ({
    31337: custom(a.connection.provider),
    31338: custom(b.connection.provider),
  });

  async function start(
    env: Record<string, string> = {},
    chainTransports:
      | ReturnType<typeof transports>
      | Partial<ReturnType<typeof transports>> = transports(),
  ) {
    const started = await buildTestApp({
      env: { API_SERVICE_KEYS: `svc=${serviceKey}`, ...env },
      deployments: [a.record, b.record],
      chainTransports: chainTransports as Record<number, ReturnType<typeof custom>>,
    });
    apps.push(started);
    return started;
  }

  beforeAll(async () => {
    [a, b] = await deployLocalChains();
    app = await start();
    headers = (await signIn(app, alice)).headers;
  }, 240_000);

  afterAll(async () => {
    for (const started of apps) await started.close();
    for (const standIn of standIns) await standIn.close();
    await Promise.all([a?.connection.close(), b?.connection.close()]);
  });

  const quote = (query: string, as: Record<string, string> | null = headers, on = app) =>
    on.inject({ method: "GET", url: `/v1/ccip/quote?${query}`, headers: as ?? {} });
  const gateway = (d: Deployed) => d.record.ccip!.gateway.address as Address;

  test("lists both chains with each lane as the contracts report it (anyone may read it)", async () => {
    const response = await app.inject({ method: "GET", url: "/v1/ccip/chains" });
    assert.equal(response.statusCode, 200, response.body);
    const { chains } = response.json();
    assert.deepEqual(
      chains.map((c: { chainId: number; name: string; readable: boolean }) => [
        c.chainId,
        c.name,
        c.readable,
      ]),
      [
        [31337, "Fluxion Local A", true],
        [31338, "Fluxion Local B", true],
      ],
    );
    const [first, second] = chains;
    assert.equal(first.chainSelector, a.record.ccip!.chainSelector);
    assert.equal(first.gateway, gateway(a));
    assert.equal(first.feeToken.symbol, "LINK");
    assert.equal(first.local, true);
    assert.ok(first.synths.some((s: { assetId: string }) => s.assetId === "sUSD"));
    const lane = first.lanes[0];
    assert.equal(lane.chainId, 31338);
    assert.equal(lane.chainSelector, b.record.ccip!.chainSelector);
    assert.equal(lane.error, null);
    assert.equal(lane.live.enabled, true);
    assert.equal(lane.live.peer, gateway(b));
    assert.equal(lane.live.transferGasLimit, 200_000);
    assert.equal(lane.live.maxGasLimit, 3_000_000);
    const usd = lane.live.rateLimits.find((l: { assetId: string }) => l.assetId === "sUSD");
    assert.deepEqual(
      [usd.outbound.isEnabled, usd.outbound.capacity, usd.outbound.rate],
      [true, sUsd("1000000").toString(), sUsd("100").toString()],
    );
    assert.equal(usd.outbound.tokens, usd.outbound.capacity, "a bucket starts full");
    assert.equal(usd.inbound.capacity, sUsd("1000000").toString());
    assert.equal(second.lanes[0].live.peer, gateway(a));
  });

  test("quotes the source gateway's fee, in native or LINK", async () => {
    const synth = a.record.synths.sUSD!.address as Address;
    const amount = sUsd("100");
    const direct = (feeToken: Address) =>
      a.publicClient.readContract({
        address: gateway(a),
        abi: crossChainGatewayAbi,
        functionName: "quoteTransfer",
        args: [BigInt(b.record.ccip!.chainSelector), synth, alice.address, amount, feeToken],
      });
    const native = await quote(`from=31337&to=31338&synth=sUSD&amount=${amount}`);
    assert.equal(native.statusCode, 200, native.body);
    const body = native.json();
    assert.equal(body.fee, (await direct(zeroAddress)).toString());
    assert.ok(BigInt(body.fee) > 0n);
    assert.deepEqual(body.feeToken, {
      kind: "native",
      address: zeroAddress,
      symbol: "ETH",
      decimals: 18,
    });
    assert.equal(body.recipient, alice.address, "a session's own address by default");
    assert.equal(body.gasLimit, 200_000);
    assert.deepEqual(body.synth, {
      assetId: "sUSD",
      symbol: "sUSD",
      decimals: 18,
      source: synth,
      dest: b.record.synths.sUSD!.address,
    });
    assert.equal(body.rateLimits.ready, true);
    assert.equal(body.rateLimits.waitSeconds, 0);
    assert.equal(body.rateLimits.inbound.capacity, sUsd("1000000").toString());

    const link = a.record.ccip!.feeToken.address as Address;
    for (const feeToken of ["LINK", "link", link]) {
      const inLink = await quote(
        `from=31337&to=31338&synth=${synth}&amount=${amount}&feeToken=${feeToken}`,
      );
      assert.equal(inLink.statusCode, 200, inLink.body);
      assert.equal(inLink.json().feeToken.kind, "token");
      assert.equal(inLink.json().fee, (await direct(link)).toString());
    }
    // The other way, to someone else.
    const back = await quote(`from=31338&to=31337&synth=sXAU&amount=1&recipient=${bob.address}`);
    assert.equal(back.statusCode, 200, back.body);
    assert.equal(back.json().recipient, bob.address);
  });

  test("refuses a bad quote with its own code", async () => {
    const ok = "from=31337&to=31338&synth=sUSD&amount=1000";
    const cases: [string, number, string][] = [
      ["from=1&to=31338&synth=sUSD&amount=1", 400, "ccip.unknown_chain"],
      ["from=31337&to=99999&synth=sUSD&amount=1", 400, "ccip.unknown_chain"],
      ["from=31337&to=31337&synth=sUSD&amount=1", 400, "ccip.same_chain"],
      ["from=31337&to=31338&synth=sDOGE&amount=1", 400, "ccip.unknown_synth"],
      [`from=31337&to=31338&synth=${zeroAddress}&amount=1`, 400, "ccip.unknown_synth"],
      ["from=31337&to=31338&synth=sUSD&amount=0", 400, "ccip.invalid_amount"],
      ["from=31337&to=31338&synth=sUSD&amount=000", 400, "ccip.invalid_amount"],
      [`from=31337&to=31338&synth=sUSD&amount=${2n ** 256n}`, 400, "ccip.invalid_amount"],
      [
        `from=31337&to=31338&synth=sUSD&amount=${sUsd("1000000") + 1n}`,
        400,
        "ccip.amount_above_capacity",
      ],
      [`from=31337&to=31338&synth=sBTC&amount=${sUsd("21")}`, 400, "ccip.amount_above_capacity"],
      [`${ok}&feeToken=USDC`, 400, "ccip.unknown_fee_token"],
      ["from=31337&to=31338&synth=sUSD&amount=-1", 400, "request.invalid"],
      ["from=31337&to=31338&synth=sUSD&amount=1.5", 400, "request.invalid"],
      ["from=31337&to=31338&synth=sUSD&amount=1e18", 400, "request.invalid"],
      [`from=31337&to=31338&synth=sUSD&amount=${"9".repeat(79)}`, 400, "request.invalid"],
      ["from=31337&to=31338&synth=sUSD", 400, "request.invalid"],
      ["from=abc&to=31338&synth=sUSD&amount=1", 400, "request.invalid"],
      ["from=0&to=31338&synth=sUSD&amount=1", 400, "request.invalid"],
      [`${ok}&recipient=0x1234`, 400, "request.invalid"],
      [
        `${ok}&recipient=0xF39FD6E51AAD88F6F4CE6AB8827279CFFFB92266`,
        400,
        "request.invalid_address",
      ],
      [`${ok}&slippage=1`, 400, "request.invalid"],
      ["from=31337&to=31338&synth=s-USD&amount=1", 400, "request.invalid"],
    ];
    for (const [query, status, code] of cases) {
      const response = await quote(query);
      assert.equal(response.statusCode, status, `${query}: ${response.body}`);
      assert.equal(response.json().error.code, code, query);
    }
    const anonymous = await quote(ok, null);
    assert.equal(anonymous.statusCode, 401);
    assert.equal(anonymous.json().error.code, "auth.required");
    const service = { "x-api-key": serviceKey };
    const noRecipient = await quote(ok, service);
    assert.equal(noRecipient.statusCode, 400);
    assert.equal(noRecipient.json().error.code, "ccip.recipient_required");
    assert.equal((await quote(`${ok}&recipient=${bob.address}`, service)).statusCode, 200);
  });

  test("a chain the API has no RPC URL for, or that does not answer: 503 with a code, its records still listed", async () => {
    const partial = await start({}, { 31337: custom(a.connection.provider) });
    const chains = (await partial.inject({ method: "GET", url: "/v1/ccip/chains" })).json().chains;
    assert.equal(chains[1].readable, false);
    assert.equal(chains[1].lanes[0].live, null);
    assert.equal(chains[1].lanes[0].error.code, "ccip.chain_not_configured");
    assert.equal(chains[0].lanes[0].error, null, "the readable chain's lane is read");
    const alicePartial = (await signIn(partial, alice)).headers;
    const there = await quote("from=31337&to=31338&synth=sUSD&amount=1000", alicePartial, partial);
    assert.equal(there.statusCode, 200, there.body);
    assert.equal(there.json().rateLimits.inbound, null, "the destination's bucket is unknown");
    const back = await quote("from=31338&to=31337&synth=sUSD&amount=1000", alicePartial, partial);
    assert.equal(back.statusCode, 503);
    assert.equal(back.json().error.code, "ccip.chain_not_configured");

    // Nothing listens on port 9.
    const down = await start(
      { API_RPC_URL_31338: "http://127.0.0.1:9" },
      { 31337: custom(a.connection.provider) },
    );
    const aliceDown = (await signIn(down, alice)).headers;
    const refused = await quote("from=31338&to=31337&synth=sUSD&amount=1000", aliceDown, down);
    assert.equal(refused.statusCode, 503);
    assert.equal(refused.json().error.code, "ccip.chain_unavailable");
    assert.ok(refused.headers["retry-after"]);
  });

  test("a manual execution's gas limit: at least the message's own, at most the lane's ceiling", async () => {
    const messageId = `0x${"5a".repeat(32)}`;
    const indexer = await startStandIn(
      indexerAnswers([indexerMessage({ messageId, from: alice.address, to: bob.address })]),
    );
    const relay = await startStandIn(() => ({ status: 200, body: relayExecution(messageId) }));
    standIns.push(indexer, relay);
    const api = await start({
      API_INDEXER_URL: indexer.url,
      KEEPER_CCIP_URL: relay.url,
      KEEPER_SERVICE_KEY: relayKey,
      API_RATE_LIMIT_CCIP_EXECUTE: "100",
    });
    const own = (await signIn(api, alice)).headers;
    const execute = (gasLimit: string) =>
      api.inject({
        method: "POST",
        url: `/v1/ccip/messages/${messageId}/execute`,
        headers: own,
        payload: { gasLimit },
      });
    const low = await execute("199999");
    assert.equal(low.statusCode, 400);
    assert.equal(low.json().error.code, "ccip.gas_limit_below_message");
    assert.equal(low.json().error.details.minimum, "200000");
    const high = await execute("3000001");
    assert.equal(high.statusCode, 400);
    assert.equal(high.json().error.code, "ccip.gas_limit_above_lane");
    assert.equal(high.json().error.details.maximum, "3000000");
    assert.equal(relay.requests.length, 0, "nothing reached the relay");
    const ceiling = await execute("3000000");
    assert.equal(ceiling.statusCode, 200, ceiling.body);
    assert.deepEqual(relay.requests[0]!.body, { gasLimit: "3000000" });
    assert.equal(relay.requests[0]!.authorization, `Bearer ${relayKey}`);
  });
});
