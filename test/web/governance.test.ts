// Governance in the browser: a fresh account receives FLX from the deployer, delegates to itself,
// stakes (after declining once: the amount stays typed), requests an unstake and sees the cooldown,
// proposes a pool swap-fee change from the form, and votes For with a reason once voting opens; the
// chain and the indexer hold each step afterwards.
import assert from "node:assert/strict";
import {
  fluxionDeployments,
  fluxionGovernanceTokenAbi,
  fluxionGovernorAbi,
  liquidityPoolManagerAbi,
} from "@fluxion/deploy";
import type { Browser, Page } from "playwright-core";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  decodeFunctionData,
  http,
  parseUnits,
} from "viem";
import { hardhat } from "viem/chains";
import { afterAll, beforeAll, describe, it } from "vitest";
import { accessibilityViolations, browserSuite, launch, openApp, stack } from "./browser.ts";

const [name, skip] = browserSuite("web: governance");
const local = fluxionDeployments["31337"];
const flx = local.contracts.FluxionGovernanceToken.address;
const governor = local.contracts.FluxionGovernor.address;
// Hardhat's account #0 deployed everything and holds the undistributed FLX; the node keeps it unlocked.
const deployer = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const e18 = 10n ** 18n;

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

  it("vote, delegate, stake", async () => {
    const { rpcUrl } = stack();
    const chain = { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } };
    const client = createPublicClient({ chain, transport: http(rpcUrl) });
    const { page, wallet, context } = await openApp(browser, "/governance");
    const me = wallet.account.address;
    const lower = me.toLowerCase();

    // 250,000 FLX from the deployer: above the 100,000 proposal threshold, below quorum alone.
    const deployerWallet = createWalletClient({
      account: deployer,
      chain,
      transport: http(rpcUrl),
    });
    const funded = await deployerWallet.writeContract({
      address: flx,
      abi: fluxionGovernanceTokenAbi,
      functionName: "transfer",
      args: [me, 250_000n * e18],
    });
    await client.waitForTransactionReceipt({ hash: funded });
    await connect(page);

    const votes = page.getByRole("region", { name: "Your votes" });
    await votes.getByTestId("voting-power").filter({ hasText: "250,000 FLX" }).waitFor();

    // A bad delegate address is refused in the form: nothing reaches the wallet.
    await votes.getByLabel("Delegate to an address").fill("0x1234");
    await votes.getByRole("button", { name: "Delegate", exact: true }).click();
    await votes.getByText("An address is 0x followed by 40 hexadecimal characters.").waitFor();
    assert.ok(!wallet.requests.some((r) => r.method === "eth_sendTransaction"));

    await votes.getByRole("button", { name: "Delegate to myself" }).click();
    await votes.locator('[data-stage="indexed"]').waitFor({ timeout: 60_000 });
    assert.equal(
      await client.readContract({
        address: flx,
        abi: fluxionGovernanceTokenAbi,
        functionName: "delegates",
        args: [me],
      }),
      me,
    );
    assert.equal(
      await client.readContract({
        address: flx,
        abi: fluxionGovernanceTokenAbi,
        functionName: "getVotes",
        args: [me],
      }),
      250_000n * e18,
    );
    const { delegations } = await graphql<{
      delegations: { items: { toDelegate: string }[] };
    }>(`query($d: String!) { delegations(where: { delegator: $d }) { items { toDelegate } } }`, {
      d: lower,
    });
    assert.deepEqual(delegations.items, [{ toDelegate: lower }]);
    await votes.getByRole("button", { name: "Dismiss" }).click();

    // Stake 100,000 FLX: declined once in the wallet (the amount stays typed), then confirmed.
    const staking = page.getByRole("region", { name: "Staking" });
    const amount = staking.getByLabel("Amount to stake (FLX)");
    await amount.fill("100000");
    wallet.rejectNext = true;
    await staking.getByRole("button", { name: "Stake", exact: true }).click();
    await staking
      .getByRole("alert")
      .filter({ hasText: "You declined the request in your wallet." })
      .waitFor();
    assert.equal(await amount.inputValue(), "100000");
    await staking.getByRole("button", { name: "Stake", exact: true }).click();
    await staking.locator('[data-stage="indexed"]').waitFor({ timeout: 60_000 });
    assert.equal(await amount.inputValue(), "");
    await staking.getByTestId("staked").filter({ hasText: "100,000 FLX" }).waitFor();
    assert.equal(
      await client.readContract({
        address: flx,
        abi: fluxionGovernanceTokenAbi,
        functionName: "stakedOf",
        args: [me],
      }),
      100_000n * e18,
    );
    // Staking in place keeps every vote.
    assert.equal(
      await client.readContract({
        address: flx,
        abi: fluxionGovernanceTokenAbi,
        functionName: "getVotes",
        args: [me],
      }),
      250_000n * e18,
    );
    await staking.getByRole("button", { name: "Dismiss" }).click();

    // Request to unstake 10,000: they cool down for the token's cooldown (an hour on the dev chain).
    await staking.getByLabel("Amount to unstake (FLX)").fill("10000");
    await staking.getByRole("button", { name: "Request unstake" }).click();
    await staking.locator('[data-stage="indexed"]').waitFor({ timeout: 60_000 });
    await staking.getByTestId("cooling").filter({ hasText: "10,000 FLX" }).waitFor();
    const cooldownText = await staking.getByTestId("cooldown-end").textContent();
    assert.match(cooldownText ?? "", /unlock in (59 min|1 h)/);
    const cooldownEnd = await client.readContract({
      address: flx,
      abi: fluxionGovernanceTokenAbi,
      functionName: "cooldownEndOf",
      args: [me],
    });
    const block = await client.getBlock();
    assert.ok(cooldownEnd > block.timestamp, "the cooldown has not ended");
    const { stakingEvents } = await graphql<{
      stakingEvents: {
        items: { kind: string; amount: string; stakedAfter: string; cooldownEnd: string }[];
      };
    }>(
      `query($a: String!) { stakingEvents(where: { account: $a }, orderBy: "timestamp") { items { kind amount stakedAfter cooldownEnd } } }`,
      { a: lower },
    );
    assert.deepEqual(
      stakingEvents.items.map((e) => [e.kind, e.amount, e.stakedAfter]),
      [
        ["stake", (100_000n * e18).toString(), (100_000n * e18).toString()],
        ["unstake_request", (10_000n * e18).toString(), (90_000n * e18).toString()],
      ],
    );
    assert.equal(stakingEvents.items[1]?.cooldownEnd, cooldownEnd.toString());

    // A parameter-change proposal from the form: the sUSD/USDC swap fee.
    await page.getByRole("link", { name: "New proposal" }).click();
    await page.getByLabel("Parameter to change").selectOption({ label: "A pool's swap fee" });
    await page.getByLabel("Pool").selectOption({ label: "sUSD/USDC" });
    await page.getByTestId("current-value").filter({ hasText: "0.04%" }).waitFor();
    await page.getByLabel("New swap fee (%)").fill("0.05");
    const title = page.getByLabel("Title");
    assert.equal(await title.inputValue(), "Set the sUSD/USDC swap fee from 0.04% to 0.05%");
    const description = `Set the sUSD/USDC swap fee to 0.05% (browser test ${Date.now()})`;
    await title.fill(description);
    await page
      .getByLabel("Description (why this change)")
      .fill("Stable pairs can bear a little more.");
    await page
      .getByTestId("decoded-action")
      .filter({ hasText: "setSwapFee(bytes32,uint256)" })
      .waitFor();
    await page.getByTestId("timelock-role").filter({ hasText: "yes" }).waitFor();
    await page.getByTestId("timelock-simulation").filter({ hasText: "succeeds today" }).waitFor();
    await page.getByTestId("proposer-votes").filter({ hasText: "250,000 FLX" }).waitFor();
    assert.deepEqual(await accessibilityViolations(page), [], "/governance/new");
    await page.getByRole("button", { name: "Submit proposal" }).click();
    await page.waitForURL(/\/governance\/\d+$/, { timeout: 60_000 });
    const proposalId = BigInt(new URL(page.url()).pathname.split("/").pop() as string);
    await page.getByRole("heading", { name: description }).waitFor();

    const proposal = await graphql<{
      proposal: { proposer: string; targets: string[]; calldatas: string[]; description: string };
    }>(
      `query($id: BigInt!) { proposal(chainId: 31337, proposalId: $id) { proposer targets calldatas description } }`,
      { id: proposalId.toString() },
    );
    assert.equal(proposal.proposal.proposer, lower);
    assert.deepEqual(proposal.proposal.targets, [
      local.contracts.LiquidityPoolManager.address.toLowerCase(),
    ]);
    assert.deepEqual(
      decodeFunctionData({
        abi: liquidityPoolManagerAbi,
        data: proposal.proposal.calldatas[0] as Address,
      }),
      { functionName: "setSwapFee", args: [local.pools["sUSD/USDC"].poolId, 5n * 10n ** 14n] },
    );
    assert.equal(
      proposal.proposal.description,
      `# ${description}\n\nStable pairs can bear a little more.`,
    );

    // Voting opens one second after the snapshot: move the chain's clock past it.
    await client.request({ method: "evm_increaseTime" as never, params: [2] as never });
    await client.request({ method: "evm_mine" as never, params: [] as never });
    await page.getByRole("group", { name: "Your vote" }).waitFor({ timeout: 30_000 });
    await page.getByTestId("proposal-state").filter({ hasText: "Active" }).waitFor();
    await page.getByTestId("vote-weight").filter({ hasText: "250,000 FLX" }).waitFor();
    await page.getByRole("radio", { name: "For" }).check();
    const reason = "Stable pairs can bear a little more (browser test).";
    await page.getByLabel("Reason (optional, public)").fill(reason);
    await page.getByRole("button", { name: "Cast vote" }).click();
    await page
      .getByTestId("you-voted")
      .filter({ hasText: "You voted For." })
      .waitFor({ timeout: 60_000 });
    await page.getByTestId("vote-list").getByText(reason).waitFor();
    assert.equal(await page.getByRole("button", { name: "Queue" }).count(), 0);
    assert.equal(await page.getByRole("button", { name: "Execute" }).count(), 0);

    assert.equal(
      await client.readContract({
        address: governor,
        abi: fluxionGovernorAbi,
        functionName: "hasVoted",
        args: [proposalId, me],
      }),
      true,
    );
    const [against, inFavour, abstain] = await client.readContract({
      address: governor,
      abi: fluxionGovernorAbi,
      functionName: "proposalVotes",
      args: [proposalId],
    });
    assert.deepEqual([against, inFavour, abstain], [0n, 250_000n * e18, 0n]);
    const { votes: indexed, proposal: tallied } = await graphql<{
      votes: { items: { support: number; weight: string; reason: string }[] };
      proposal: { forVotes: string; state: string };
    }>(
      `query($id: BigInt!, $v: String!) {
        votes(where: { proposalId: $id, voter: $v }) { items { support weight reason } }
        proposal(chainId: 31337, proposalId: $id) { forVotes state }
      }`,
      { id: proposalId.toString(), v: lower },
    );
    assert.deepEqual(indexed.items, [{ support: 1, weight: (250_000n * e18).toString(), reason }]);
    assert.deepEqual(tallied, { forVotes: (250_000n * e18).toString(), state: "active" });
    assert.deepEqual(await accessibilityViolations(page), [], "/governance/<proposal>");

    // The list shows it active with the tally; the seeded proposal is there too.
    await page.getByRole("link", { name: "← All proposals" }).click();
    const row = page.getByTestId(`proposal-${proposalId}`);
    await row.getByTestId("proposal-state").filter({ hasText: "Active" }).waitFor();
    await row.getByText(/For 250,000/).waitFor();
    await page
      .getByRole("link", { name: "Lower the sXAU/sUSD swap fee from 0.30% to 0.25%" })
      .waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    assert.deepEqual(await accessibilityViolations(page), [], "/governance at 390px");
    assert.equal(
      await client.readContract({
        address: flx,
        abi: fluxionGovernanceTokenAbi,
        functionName: "balanceOf",
        args: [me],
      }),
      parseUnits("250000", 18),
    );
    await context.close();
  });
});
