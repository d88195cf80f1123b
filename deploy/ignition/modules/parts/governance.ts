// FLX token, Timelock, Governor and Treasury. The Timelock ends up owning every admin role of the
// protocol; the Governor is its only proposer, anyone may execute, and the guardian may cancel.
import { type AnyContract, type Context, DEFAULT_ADMIN_ROLE, role } from "./context.ts";

export type Governance = {
  token: AnyContract;
  timelock: AnyContract;
  governor: AnyContract;
  treasury: AnyContract;
};

const ANYONE = "0x0000000000000000000000000000000000000000";

export function deployGovernance(ctx: Context): Governance {
  const { m, config, deployer } = ctx;
  const g = config.governance;
  const token = m.contract("FluxionGovernanceToken", [
    g.tokenName,
    g.tokenSymbol,
    g.cap,
    ctx.account(g.initialHolder),
    g.initialSupply,
    deployer,
    g.unstakeCooldown,
  ]);
  const timelock = m.contract("FluxionTimelock", [g.timelockDelay, [], [ANYONE], deployer]);
  const governor = m.contract("FluxionGovernor", [
    `${g.tokenName} Governor`,
    token,
    timelock,
    g.votingDelay,
    g.votingPeriod,
    g.proposalThreshold,
    g.quorumPercent,
    g.lateQuorumExtension,
  ]);
  const treasury = m.contract("Treasury", [deployer, token, config.treasury.stakerShare]);

  ctx.setup.push(
    m.call(timelock, "grantRole", [role("PROPOSER_ROLE"), governor], {
      id: "Timelock_proposer_governor",
    }),
    m.call(timelock, "grantRole", [role("CANCELLER_ROLE"), governor], {
      id: "Timelock_canceller_governor",
    }),
    m.call(timelock, "grantRole", [role("CANCELLER_ROLE"), ctx.account(config.roles.guardian)], {
      id: "Timelock_canceller_guardian",
    }),
  );
  // The Timelock administers itself (TimelockController grants it DEFAULT_ADMIN_ROLE); the deployer leaves.
  ctx.held.push(
    { contract: timelock, label: "FluxionTimelock", role: DEFAULT_ADMIN_ROLE, giveTo: "none" },
    {
      contract: token,
      label: "FluxionGovernanceToken",
      role: DEFAULT_ADMIN_ROLE,
      giveTo: "timelock",
    },
    { contract: treasury, label: "Treasury", role: DEFAULT_ADMIN_ROLE, giveTo: "timelock" },
  );
  return { token, timelock, governor, treasury };
}
