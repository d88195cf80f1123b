// The governance views' pure pieces in the DOM: a decoded action (and an undecodable one), vote bars,
// quorum progress and the state badge.
import { fluxionDeployments, liquidityPoolManagerAbi } from "@fluxion/deploy";
import { cleanup, render, screen } from "@testing-library/react";
import { encodeFunctionData } from "viem";
import { afterEach, describe, expect, it } from "vitest";
import { decodeAction } from "./actions.ts";
import { ActionView } from "./ProposalDetail.tsx";
import { QuorumLine, StateBadge, VoteBars } from "./parts.tsx";
import { quorumProgress } from "./tally.ts";

const local = fluxionDeployments["31337"];
const e18 = 10n ** 18n;

afterEach(cleanup);

describe("governance parts", () => {
  it("shows a decoded action with its arguments in words", () => {
    const data = encodeFunctionData({
      abi: liquidityPoolManagerAbi,
      functionName: "setSwapFee",
      args: [local.pools["sUSD/USDC"].poolId, 5n * 10n ** 14n],
    });
    render(
      <ActionView
        action={decodeAction(31337, local.contracts.LiquidityPoolManager.address, "0", data)}
      />,
    );
    expect(screen.getByText("LiquidityPoolManager")).toBeTruthy();
    expect(screen.getByText("setSwapFee(bytes32,uint256)")).toBeTruthy();
    expect(screen.getByText(/^sUSD\/USDC pool/)).toBeTruthy();
    expect(screen.getByText("0.05% (500000000000000)")).toBeTruthy();
    expect(screen.queryByText("Raw calldata")).toBeNull();
  });

  it("shows the raw calldata of an action it cannot decode, as text", () => {
    render(
      <ActionView
        action={decodeAction(
          31337,
          "0x000000000000000000000000000000000000dEaD",
          "0",
          "0x12345678",
        )}
      />,
    );
    expect(screen.getByText(/Not a Fluxion contract/)).toBeTruthy();
    expect(screen.getByText("Raw calldata")).toBeTruthy();
    expect(screen.getByText("0x12345678")).toBeTruthy();
  });

  it("writes every count in text beside the bars", () => {
    const tally = { forVotes: 3n * e18, againstVotes: e18, abstainVotes: 0n };
    render(
      <>
        <VoteBars tally={tally} />
        <QuorumLine progress={quorumProgress(tally, 4n * e18)} />
        <QuorumLine progress={quorumProgress(tally, null)} />
        <StateBadge state="succeeded" />
        <StateBadge state={undefined} />
      </>,
    );
    expect(screen.getByTestId("votes-for").textContent).toContain("3 FLX (75%)");
    expect(screen.getByTestId("votes-against").textContent).toContain("1 FLX (25%)");
    expect(screen.getByTestId("quorum").textContent).toContain("3 / 4 FLX (75%)");
    expect(screen.getByTestId("quorum").textContent).toContain("not reached");
    expect(screen.getByText("Quorum is set when voting starts.")).toBeTruthy();
    expect(screen.getAllByTestId("proposal-state").map((b) => b.textContent)).toEqual([
      "Succeeded",
      "Unknown",
    ]);
  });
});
