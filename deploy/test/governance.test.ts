// One governance decision end to end on the deployed protocol: propose -> vote -> queue ->
// execute a pool fee change through the Timelock, which is the only way to change it.
import assert from "node:assert/strict";
import {
  type BaseError,
  ContractFunctionRevertedError,
  encodeFunctionData,
  keccak256,
  parseUnits,
  toHex,
} from "viem";
import { beforeAll, describe, it } from "vitest";
import { fluxionGovernorAbi, liquidityPoolManagerAbi } from "../generated/fluxion.ts";
import { type Deployed, deployLocal } from "../src/testing/deployed.ts";

const ProposalState = { Pending: 0, Active: 1, Succeeded: 4, Queued: 5, Executed: 7 } as const;

describe("governance end to end", () => {
  let d: Deployed;
  beforeAll(async () => {
    d = await deployLocal();
  });

  it("changes a pool's swap fee only through propose, vote, queue and execute", async () => {
    const [deployer] = d.wallets;
    const governor = d.record.contracts.FluxionGovernor!.address;
    const manager = d.record.contracts.LiquidityPoolManager!.address;
    const pool = d.record.pools["sXAU/sUSD"]!;
    const newFee = parseUnits("0.0025", 18);
    const { time } = d.connection.networkHelpers;
    const g = d.config.governance;

    // The deployer gave up its admin role: a direct change reverts.
    await assert.rejects(
      d.publicClient.simulateContract({
        account: deployer!.account,
        address: manager,
        abi: liquidityPoolManagerAbi,
        functionName: "setSwapFee",
        args: [pool.poolId, newFee],
      }),
      (error: unknown) => {
        const revert = (error as BaseError).walk((e) => e instanceof ContractFunctionRevertedError);
        assert.ok(revert instanceof ContractFunctionRevertedError);
        assert.equal(revert.data?.errorName, "AccessControlUnauthorizedAccount");
        return true;
      },
    );

    const targets = [manager];
    const values = [0n];
    const calldatas = [
      encodeFunctionData({
        abi: liquidityPoolManagerAbi,
        functionName: "setSwapFee",
        args: [pool.poolId, newFee],
      }),
    ];
    const description = "Lower the sXAU/sUSD swap fee to 0.25%";
    const descriptionHash = keccak256(toHex(description));
    const write = async (
      functionName: "propose" | "castVote" | "queue" | "execute",
      args: readonly unknown[],
    ) => {
      const hash = await deployer!.writeContract({
        address: governor,
        abi: fluxionGovernorAbi,
        functionName,
        args,
      } as never);
      const receipt = await d.publicClient.waitForTransactionReceipt({ hash });
      assert.equal(receipt.status, "success", functionName);
    };
    const state = () =>
      d.publicClient.readContract({
        address: governor,
        abi: fluxionGovernorAbi,
        functionName: "state",
        args: [proposalId],
      });

    await write("propose", [targets, values, calldatas, description]);
    const proposalId = await d.publicClient.readContract({
      address: governor,
      abi: fluxionGovernorAbi,
      functionName: "hashProposal",
      args: [targets, values, calldatas, descriptionHash],
    });
    assert.equal(await state(), ProposalState.Pending);

    await time.increase(g.votingDelay + 1);
    assert.equal(await state(), ProposalState.Active);
    // The deployer never called delegate(): auto-delegation already gave it its votes.
    await write("castVote", [proposalId, 1]);

    await time.increase(g.votingPeriod + 1);
    assert.equal(await state(), ProposalState.Succeeded);
    await write("queue", [targets, values, calldatas, descriptionHash]);
    assert.equal(await state(), ProposalState.Queued);

    await time.increase(g.timelockDelay + 1);
    await write("execute", [targets, values, calldatas, descriptionHash]);
    assert.equal(await state(), ProposalState.Executed);

    const [, , , , swapFee] = await d.publicClient.readContract({
      address: manager,
      abi: liquidityPoolManagerAbi,
      functionName: "getPoolState",
      args: [pool.poolId],
    });
    assert.equal(swapFee, newFee);
  });
});
