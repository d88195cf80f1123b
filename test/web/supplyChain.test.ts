// Supply chain in the browser, with three wallets: a fresh account registers an item and offers its
// custody to a second account, which accepts it in its own browser context; then the dev chain's
// attestor (Hardhat account #2, the only ATTESTOR_ROLE holder: roles belong to the Timelock, so the
// test cannot grant one) signs a checkpoint in the wallet (EIP-712) and submits it. The chain and the
// indexer's custody_event, checkpoint and item_flag rows hold each step.
import assert from "node:assert/strict";
import { fluxionDeployments, supplyChainTrackerAbi } from "@fluxion/deploy";
import type { Browser, Page } from "playwright-core";
import { createPublicClient, type Hex, http, keccak256, stringToHex, toHex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { afterAll, beforeAll, describe, it } from "vitest";
import { accessibilityViolations, browserSuite, launch, openApp, stack } from "./browser.ts";

const [name, skip] = browserSuite("web: supply chain");
const tracker = fluxionDeployments["31337"].contracts.SupplyChainTracker.address;
// Hardhat's well-known dev key #2: the seeded attestor (deploy/networks/local.json roles.attestors).
const attestorKey: Hex = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
const attestor = privateKeyToAccount(attestorKey).address;
const temperature = keccak256(toHex("temperature.celsius_x100"));

async function graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${stack().indexerUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown[] };
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
}

async function connect(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Connect wallet" }).click();
  await page.getByRole("menuitem", { name: "Test Wallet" }).click();
  await page.getByRole("button", { name: "Sign in", exact: true }).waitFor();
}

describe.skipIf(skip)(name, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("custody offer/accept and a checkpoint", async () => {
    const { rpcUrl } = stack();
    const client = createPublicClient({
      chain: { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } },
      transport: http(rpcUrl),
    });
    const receiverKey = generatePrivateKey();
    const receiver = privateKeyToAccount(receiverKey).address;

    // The first custodian registers an item that must stay between 2 and 8 °C.
    const first = await openApp(browser, "/supply-chain");
    const sender = first.wallet.account.address;
    await connect(first.page);
    const itemName = `Browser crate ${Date.now()}`;
    const register = first.page.getByRole("region", { name: "Register an item" });
    await register.getByLabel("Name").fill(itemName);
    await register.getByLabel("Minimum (°C)").fill("2");
    await register.getByLabel("Maximum (°C)").fill("8");
    await register.getByRole("button", { name: "Register item" }).click();
    await first.page.waitForURL(/\/supply-chain\/\d+$/, { timeout: 60_000 });
    const itemId = BigInt(new URL(first.page.url()).pathname.split("/").pop() as string);
    await first.page.getByRole("heading", { name: new RegExp(itemName) }).waitFor();
    const registered = await client.readContract({
      address: tracker,
      abi: supplyChainTrackerAbi,
      functionName: "itemOf",
      args: [itemId],
    });
    assert.equal(registered.custodian, sender);
    assert.equal(registered.metadataHash, keccak256(stringToHex(itemName)));

    // Offer custody to the second account (typed lowercase: no checksum to check).
    const custody = first.page.getByRole("region", { name: "Custody" });
    await custody.getByLabel("Offer custody to").fill(sender.toLowerCase());
    await custody.getByRole("button", { name: "Offer custody" }).click();
    await custody.getByText("That account already holds the item.").waitFor();
    await custody.getByLabel("Offer custody to").fill(receiver.toLowerCase());
    await custody.getByRole("button", { name: "Offer custody" }).click();
    await custody.locator('[data-stage="indexed"]').waitFor({ timeout: 60_000 });
    await first.page.getByTestId("item-pending").filter({ hasText: receiver }).waitFor();
    assert.equal(
      await client.readContract({
        address: tracker,
        abi: supplyChainTrackerAbi,
        functionName: "pendingCustodianOf",
        args: [itemId],
      }),
      receiver,
    );
    // The sender holds no attestor role: the checkpoint form says so and offers only relaying.
    await first.page.getByTestId("not-attestor").waitFor();
    await first.context.close();

    // The second account accepts custody in its own browser.
    const second = await openApp(browser, `/supply-chain/${itemId}`, { key: receiverKey });
    await connect(second.page);
    const accept = second.page.getByRole("region", { name: "Custody" });
    await accept.getByRole("button", { name: "Accept custody" }).click();
    await accept.locator('[data-stage="indexed"]').waitFor({ timeout: 60_000 });
    await second.page
      .getByTestId("item-custodian")
      .filter({ hasText: `${receiver} (you)` })
      .waitFor();
    const accepted = await client.readContract({
      address: tracker,
      abi: supplyChainTrackerAbi,
      functionName: "itemOf",
      args: [itemId],
    });
    assert.equal(accepted.custodian, receiver);
    assert.deepEqual(await accessibilityViolations(second.page), [], "/supply-chain/<item>");

    // The attestor signs a checkpoint in the wallet and submits it: 9.5 °C is out of range.
    const third = await openApp(browser, `/supply-chain/${itemId}`, { key: attestorKey });
    await connect(third.page);
    const record = third.page.getByRole("region", { name: "Record a checkpoint" });
    await record.getByLabel("Location (geohash)").fill("u33dc0");
    await record.getByLabel("Temperature (°C)").fill("9.5");
    await record.getByRole("button", { name: "Sign and record checkpoint" }).click();
    await record.locator('[data-stage="indexed"]').waitFor({ timeout: 60_000 });
    const signed = third.wallet.requests.filter((r) => r.method === "eth_signTypedData_v4");
    assert.equal(signed.length, 1, "one EIP-712 signature in the wallet");
    const typed = JSON.parse((signed[0]!.params as string[])[1] as string);
    assert.deepEqual(typed.domain, {
      name: "Fluxion SupplyChainTracker",
      version: "1",
      chainId: 31337,
      verifyingContract: tracker.toLowerCase(),
    });
    assert.equal(typed.primaryType, "Checkpoint");
    assert.deepEqual(typed.message.readings, [{ sensor: temperature, value: "950" }]);

    await third.page.getByTestId("item-flagged").waitFor();
    const timeline = third.page.getByTestId("timeline");
    await timeline.getByText(/Checkpoint #0 at u33dc0: Temperature 9\.5 °C/).waitFor();
    await timeline.getByText(/outside 2 to 8 °C/).waitFor();
    await timeline.getByText(/accepted custody from/).waitFor();

    const onChain = await client.readContract({
      address: tracker,
      abi: supplyChainTrackerAbi,
      functionName: "itemOf",
      args: [itemId],
    });
    assert.equal(onChain.checkpointCount, 1);
    assert.equal(onChain.flagged, true);
    assert.equal(onChain.custodian, receiver);

    const { item } = await graphql<{
      item: {
        custodian: string;
        pendingCustodian: string | null;
        checkpointCount: number;
        flagged: boolean;
        custodyEvents: { items: { kind: string; from: string | null; to: string | null }[] };
        checkpoints: {
          items: {
            sequence: string;
            attestor: string;
            location: string;
            readings: unknown;
            outOfRange: number;
          }[];
        };
        flags: { items: { sensor: string; value: string; min: string; max: string }[] };
      };
    }>(
      `query($id: BigInt!) {
        item(chainId: 31337, itemId: $id) {
          custodian pendingCustodian checkpointCount flagged
          custodyEvents(orderBy: "blockNumber") { items { kind from to } }
          checkpoints { items { sequence attestor location readings outOfRange } }
          flags { items { sensor value min max } }
        }
      }`,
      { id: itemId.toString() },
    );
    const [s, r] = [sender.toLowerCase(), receiver.toLowerCase()];
    assert.equal(item.custodian, r);
    assert.equal(item.pendingCustodian, null);
    assert.equal(item.checkpointCount, 1);
    assert.equal(item.flagged, true);
    assert.deepEqual(
      item.custodyEvents.items.filter((e) => e.kind !== "status"),
      [
        { kind: "registered", from: null, to: s },
        { kind: "offered", from: s, to: r },
        { kind: "transferred", from: s, to: r },
      ],
    );
    assert.deepEqual(item.checkpoints.items, [
      {
        sequence: "0",
        attestor: attestor.toLowerCase(),
        location: stringToHex("u33dc0", { size: 32 }),
        readings: [{ sensor: temperature, value: "950" }],
        outOfRange: 1,
      },
    ]);
    assert.deepEqual(item.flags.items, [
      { sensor: temperature, value: "950", min: "200", max: "800" },
    ]);
    assert.deepEqual(
      await accessibilityViolations(third.page),
      [],
      "/supply-chain/<item> as attestor",
    );
    await third.context.close();
  });
});
