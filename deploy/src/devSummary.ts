// The text `npm run dev` prints once the local protocol is up: where everything is and who is who.
import { type Address, bytesToHex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import type { DeploymentRecord } from "./deploymentRecord.ts";
import { actorNames, type Wallet } from "./seed/actors.ts";
import { demoProposal } from "./seed/governance.ts";
import type { SeedResult } from "./seed/seedDemo.ts";

/** Hardhat's public development mnemonic: its keys are known to everyone. */
const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

function devKey(address: Address, index: number): string {
  const account = mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: index });
  const key = account.getHdKey().privateKey;
  return account.address.toLowerCase() === address.toLowerCase() && key
    ? bytesToHex(key)
    : "(not a Hardhat dev key)";
}

export async function formatSummary(
  record: DeploymentRecord,
  wallets: readonly Wallet[],
  seed: SeedResult,
): Promise<string> {
  const rows = (entries: [string, string][]) =>
    entries.map(([k, v]) => `    ${k.padEnd(24)} ${v}`).join("\n");
  return [
    `Fluxion is running on chain ${record.chainId}.`,
    "",
    "  Contracts",
    rows(Object.entries(record.contracts).map(([name, c]) => [name, c.address])),
    "  Synths",
    rows(Object.entries(record.synths).map(([id, s]) => [id, s.address])),
    "  Collateral (mock faucets: anyone may call mint)",
    rows(
      Object.entries(record.collateral).map(([sym, t]) => [
        `${sym} (${t.decimals} dec)`,
        t.address,
      ]),
    ),
    "  Price feeds (MockPriceFeed: updateAnswer; emits AnswerUpdated/NewRound like a Chainlink aggregator)",
    rows(Object.entries(record.feeds).map(([pair, f]) => [pair, f.address])),
    "  Pools",
    rows(
      Object.entries(record.pools).map(([name, p]) => [
        `${name} (${p.kind})`,
        `${p.poolId}  LP ${p.lpToken}`,
      ]),
    ),
    "  Accounts (Hardhat development keys: never use them on a real network)",
    rows(
      actorNames.map((name, i) => {
        const address = wallets[i]!.account.address;
        return [name, `${address}  ${devKey(address, i)}`];
      }),
    ),
    "  Demo",
    `    Proposal ${seed.proposalId} is active: "${demoProposal.description}"`,
    "    Positions, pool liquidity, swaps, stakers and supply-chain items are seeded (see deploy/src/seed/).",
    "",
    '  ABIs and addresses: deploy/generated/fluxion.ts (import from "@fluxion/deploy")',
    "  Logs: .dev/logs/",
  ].join("\n");
}
