// The lanes from the deployment records: selectors as bigint both ways, peers that are deployed, and
// the fee token argument for each way of paying.
import assert from "node:assert/strict";
import { fluxionDeployments, getDeployment } from "@fluxion/deploy";
import { describe, it } from "vitest";
import {
  ccipChain,
  ccipChains,
  ccipChainsOf,
  chainBySelector,
  destinationsOf,
  feeTokenArg,
} from "./lanes.ts";

const records = Object.keys(fluxionDeployments).map((id) => getDeployment(Number(id)));

describe("cross-chain lanes", () => {
  it("knows each deployed chain's selector, router, gateway and fee token", () => {
    const a = ccipChain(31337);
    const b = ccipChain(31338);
    assert.ok(a && b, "both dev chains have CCIP");
    assert.equal(a.selector, BigInt(getDeployment(31337).ccip!.chainSelector));
    assert.equal(a.gateway.address, getDeployment(31337).ccip!.gateway.address);
    assert.equal(a.feeToken.symbol, "LINK");
    assert.equal(a.name, "Fluxion Local A");
    assert.equal(b.name, "Fluxion Local B");
    assert.deepEqual(a.peers, [31338]);
    assert.deepEqual(
      destinationsOf(31337).map((c) => c.chainId),
      [31338],
    );
    assert.deepEqual(destinationsOf(1), []);
    assert.equal(ccipChains.length, 2);
  });

  it("maps selectors to chains, in any form, and refuses what is not one", () => {
    const b = ccipChain(31338)!;
    assert.equal(chainBySelector(b.selector)?.chainId, 31338);
    assert.equal(chainBySelector(b.selector.toString())?.chainId, 31338);
    assert.equal(chainBySelector("nope"), undefined);
    assert.equal(chainBySelector(undefined), undefined);
    assert.equal(chainBySelector(1n), undefined);
  });

  it("keeps only connected peers that are deployed here, and skips records without CCIP", () => {
    const [first] = records;
    assert.ok(first?.ccip);
    const lone = ccipChainsOf([
      {
        ...first,
        ccip: {
          ...first.ccip,
          peers: [
            { chainId: 5, chainSelector: "5", name: "elsewhere", connected: true },
            { chainId: first.chainId, chainSelector: "1", name: "self", connected: false },
          ],
        },
      },
      { ...first, chainId: 99, ccip: undefined },
    ]);
    assert.equal(lone.length, 1);
    assert.deepEqual(lone[0]?.peers, []);
    assert.equal(lone[0]?.name, `Chain ${first.chainId}`);
  });

  it("pays the fee in the native coin with the zero address, else in the fee token", () => {
    const a = ccipChain(31337)!;
    assert.equal(feeTokenArg(a, "native"), "0x0000000000000000000000000000000000000000");
    assert.equal(feeTokenArg(a, "token"), a.feeToken.address);
  });
});
