import assert from "node:assert/strict";
import { encodeAbiParameters, keccak256, toHex } from "viem";
import { describe, it } from "vitest";
import {
  isFinalState,
  type ProposalFacts,
  proposalState,
  timelockOperationId,
} from "./proposalState.ts";

const base: ProposalFacts = {
  voteStart: 100n,
  voteEnd: 200n,
  forVotes: 0n,
  againstVotes: 0n,
  abstainVotes: 0n,
  quorum: null,
  queued: false,
  executed: false,
  canceled: false,
};

describe("proposalState", () => {
  it("follows the Governor's clock at its boundaries", () => {
    assert.equal(proposalState(base, 100n), "pending"); // snapshot >= now
    assert.equal(proposalState(base, 101n), "active");
    assert.equal(proposalState(base, 200n), "active"); // deadline >= now
    assert.equal(proposalState(base, 201n), "defeated");
  });

  it("needs quorum (for + abstain) and more for than against", () => {
    const voted = { ...base, quorum: 10n, forVotes: 6n, abstainVotes: 4n, againstVotes: 5n };
    assert.equal(proposalState(voted, 201n), "succeeded");
    assert.equal(proposalState({ ...voted, abstainVotes: 3n }, 201n), "defeated");
    assert.equal(proposalState({ ...voted, againstVotes: 6n }, 201n), "defeated");
    assert.equal(proposalState({ ...voted, queued: true }, 201n), "queued");
    assert.equal(proposalState({ ...voted, queued: true, executed: true }, 201n), "executed");
    assert.equal(proposalState({ ...voted, canceled: true }, 150n), "canceled");
  });

  it("knows which states are final", () => {
    assert.ok(isFinalState("executed") && isFinalState("canceled") && isFinalState("defeated"));
    assert.ok(!isFinalState("succeeded") && !isFinalState("queued") && !isFinalState("active"));
  });

  it("derives GovernorTimelockControl's operation id", () => {
    const governor = "0x0DCd1Bf9A1b36cE34237eEaFef220932846BCD82";
    const description = "Lower a fee";
    const salt = toHex((BigInt(governor) << 96n) ^ BigInt(keccak256(toHex(description))), {
      size: 32,
    });
    const expected = keccak256(
      encodeAbiParameters(
        [
          { type: "address[]" },
          { type: "uint256[]" },
          { type: "bytes[]" },
          { type: "bytes32" },
          { type: "bytes32" },
        ],
        [[governor], [0n], ["0x1234"], `0x${"0".repeat(64)}`, salt],
      ),
    );
    assert.equal(
      timelockOperationId(governor, [governor], [0n], ["0x1234"], description),
      expected,
    );
  });
});
