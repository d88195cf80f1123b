// After deployment the Timelock holds every admin role, the deployer holds nothing anywhere but the local
// CCIP router (it plays Chainlink's operator there, not Fluxion's governance), and the guardian, Governor,
// attestors, inspectors, Lightning keepers, fiat minters and CCIP relayers hold exactly their operational roles.
// Role holders are rebuilt from RoleGranted/RoleRevoked logs, so a role nobody thought of
// still shows up.
import assert from "node:assert/strict";
import { type Address, getAddress, keccak256, parseAbiItem, toHex, zeroAddress } from "viem";
import { beforeAll, describe, it } from "vitest";
import { type Deployed, deployLocal } from "../src/testing/deployed.ts";

const roleGranted = parseAbiItem(
  "event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)",
);
const roleRevoked = parseAbiItem(
  "event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)",
);
const ADMIN = `0x${"00".repeat(32)}`;
const role = (name: string) => keccak256(toHex(name));

describe("role handover", () => {
  let d: Deployed;
  let holders: Map<Address, Map<string, Set<Address>>>;
  let accounts: {
    deployer: Address;
    guardian: Address;
    attestor: Address;
    keeper: Address;
    fiatMinter: Address;
    relayer: Address;
  };

  beforeAll(async () => {
    d = await deployLocal();
    const addresses = d.wallets.map((w) => w.account.address);
    const [deployer, guardian, attestor] = addresses;
    // local.json: lightning.keepers = ["account:7"], fiat.minters = ["account:10"].
    accounts = {
      deployer: deployer!,
      guardian: guardian!,
      attestor: attestor!,
      keeper: addresses[7]!,
      fiatMinter: addresses[10]!,
      relayer: addresses[12]!,
    };
    holders = new Map();
    const logs = await d.publicClient.getLogs({
      events: [roleGranted, roleRevoked],
      fromBlock: 0n,
    });
    for (const log of logs) {
      const contract = getAddress(log.address);
      const byRole = holders.get(contract) ?? new Map<string, Set<Address>>();
      holders.set(contract, byRole);
      const set = byRole.get(log.args.role!) ?? new Set<Address>();
      byRole.set(log.args.role!, set);
      if (log.eventName === "RoleGranted") set.add(getAddress(log.args.account!));
      else set.delete(getAddress(log.args.account!));
    }
  });

  const holdersOf = (contract: Address, r: string) =>
    [...(holders.get(getAddress(contract))?.get(r) ?? [])].sort();

  it("leaves the deployer without any role on any contract but the local CCIP router", () => {
    const router = getAddress(d.record.ccip!.router.address);
    assert.deepEqual(holdersOf(router, ADMIN), [getAddress(accounts.deployer)]);
    for (const [contract, byRole] of holders) {
      if (contract === router) continue;
      for (const [r, set] of byRole) {
        assert.ok(
          !set.has(getAddress(accounts.deployer)),
          `deployer still holds ${r} on ${contract}`,
        );
      }
    }
  });

  it("makes the Timelock the only admin of every protocol contract and synth", () => {
    const timelock = d.record.contracts.FluxionTimelock!.address;
    const administered = [
      ...Object.entries(d.record.contracts).map(([name, c]) => [name, c.address] as const),
      ...Object.entries(d.record.synths).map(([id, s]) => [id, s.address] as const),
      ["CrossChainGateway", d.record.ccip!.gateway.address] as const,
    ].filter(([name]) => name !== "FluxionGovernor");
    for (const [name, address] of administered) {
      assert.deepEqual(holdersOf(address, ADMIN), [getAddress(timelock)], `admin of ${name}`);
    }
  });

  it("gives operational roles to exactly the configured accounts", () => {
    const c = d.record.contracts;
    const timelock = getAddress(c.FluxionTimelock!.address);
    const governor = getAddress(c.FluxionGovernor!.address);
    const guardian = getAddress(accounts.guardian);
    for (const guarded of [
      "SynthVault",
      "LiquidityPoolManager",
      "SupplyChainTracker",
      "LightningGateway",
      "FiatMinter",
      "CrossChainGateway",
    ]) {
      const address = c[guarded]?.address ?? d.record.ccip!.gateway.address;
      assert.deepEqual(
        holdersOf(address, role("GUARDIAN_ROLE")),
        [guardian],
        `guardian of ${guarded}`,
      );
    }
    assert.deepEqual(holdersOf(c.FluxionTimelock!.address, role("PROPOSER_ROLE")), [governor]);
    assert.deepEqual(
      holdersOf(c.FluxionTimelock!.address, role("CANCELLER_ROLE")),
      [governor, guardian].sort(),
    );
    assert.deepEqual(holdersOf(c.FluxionTimelock!.address, role("EXECUTOR_ROLE")), [zeroAddress]);
    assert.deepEqual(
      holdersOf(c.PriceOracle!.address, role("FEED_MANAGER_ROLE")),
      [getAddress(c.SyntheticAssetFactory!.address), timelock].sort(),
    );
    assert.deepEqual(holdersOf(c.LiquidityPoolManager!.address, role("POOL_CREATOR_ROLE")), [
      timelock,
    ]);
    assert.deepEqual(holdersOf(c.SupplyChainTracker!.address, role("ATTESTOR_ROLE")), [
      getAddress(accounts.attestor),
    ]);
    assert.deepEqual(holdersOf(c.SupplyChainTracker!.address, role("INSPECTOR_ROLE")), [guardian]);
    assert.deepEqual(holdersOf(c.LightningGateway!.address, role("KEEPER_ROLE")), [
      getAddress(accounts.keeper),
    ]);
    assert.deepEqual(holdersOf(c.FiatMinter!.address, role("MINTER_ROLE")), [
      getAddress(accounts.fiatMinter),
    ]);
    assert.deepEqual(holdersOf(d.record.ccip!.router.address, role("RELAYER_ROLE")), [
      getAddress(accounts.relayer),
    ]);
    // The vault, the Lightning gateway and the CCIP gateway mint and burn every synth, the FiatMinter the
    // fiat synths (local.json: sUSD only); nobody else does.
    const fiatSynths = new Set(d.config.fiat.synths.map((s) => s.synth.slice("synth:".length)));
    assert.deepEqual([...fiatSynths], ["sUSD"]);
    for (const [id, synth] of Object.entries(d.record.synths)) {
      const minters = [
        c.SynthVault!.address,
        c.LightningGateway!.address,
        d.record.ccip!.gateway.address,
      ];
      if (fiatSynths.has(id)) minters.push(c.FiatMinter!.address);
      assert.deepEqual(
        holdersOf(synth.address, role("MINTER_ROLE")),
        minters.map((a) => getAddress(a)).sort(),
        `minters of ${id}`,
      );
    }
  });

  it("hands the FiatMinter to the Timelock: its only admin, the deployer and its minter hold no admin", () => {
    const c = d.record.contracts;
    const minter = c.FiatMinter!.address;
    assert.deepEqual(holdersOf(minter, ADMIN), [getAddress(c.FluxionTimelock!.address)]);
    assert.deepEqual(holdersOf(minter, role("GUARDIAN_ROLE")), [getAddress(accounts.guardian)]);
    // Every role anyone holds on it: admin, guardian, minter, nothing else.
    assert.deepEqual(
      [...(holders.get(getAddress(minter))?.entries() ?? [])]
        .filter(([, set]) => set.size > 0)
        .map(([r]) => r)
        .sort(),
      [ADMIN, role("GUARDIAN_ROLE"), role("MINTER_ROLE")].sort(),
    );
  });
});
