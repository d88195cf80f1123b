// The burner is a real wallet: its signatures recover to its address, it reports a local chain, it
// moves between the local chains (a cross-chain transfer's two ends) and refuses any other.
import assert from "node:assert/strict";
import { type Hex, recoverMessageAddress, recoverTypedDataAddress } from "viem";
import { describe, it } from "vitest";
import { burnerAddress, burnerKey, burnerProvider } from "./burnerProvider.ts";

describe("dev burner wallet", () => {
  it("keeps one key per browser and signs messages and typed data with it", async () => {
    localStorage.clear();
    const key = burnerKey();
    assert.equal(burnerKey(), key, "the key is kept");
    const address = burnerAddress();
    const provider = burnerProvider(key, () => 31337);
    assert.deepEqual(await provider.request({ method: "eth_accounts" }), [address]);
    assert.equal(await provider.request({ method: "eth_chainId" }), "0x7a69");
    const raw = "0x48656c6c6f" as Hex;
    const signature = (await provider.request({
      method: "personal_sign",
      params: [raw, address],
    })) as Hex;
    assert.equal(await recoverMessageAddress({ message: { raw }, signature }), address);
    const typed = {
      domain: { name: "Fluxion", version: "1", chainId: 31337 },
      types: {
        EIP712Domain: [
          { name: "name", type: "string" },
          { name: "version", type: "string" },
          { name: "chainId", type: "uint256" },
        ],
        Note: [{ name: "text", type: "string" }],
      },
      primaryType: "Note" as const,
      message: { text: "hi" },
    };
    const typedSignature = (await provider.request({
      method: "eth_signTypedData_v4",
      params: [address, JSON.stringify(typed)],
    } as never)) as Hex;
    const { EIP712Domain: _, ...types } = typed.types;
    assert.equal(
      await recoverTypedDataAddress({ ...typed, types, signature: typedSignature }),
      address,
    );
  });

  it("replaces a corrupted stored key and refuses other chains", async () => {
    localStorage.setItem("fluxion.burner.key", "not a key");
    assert.match(burnerKey(), /^0x[0-9a-f]{64}$/);
    const provider = burnerProvider(burnerKey(), () => 31337);
    await assert.rejects(
      provider.request({
        method: "wallet_switchEthereumChain",
        params: [{ chainId: "0x1" }],
      } as never),
      /only knows local chains/,
    );
  });

  it("moves between the local chains through its connector, and nowhere else", async () => {
    let chainId = 31337;
    const provider = burnerProvider(
      burnerKey(),
      () => chainId,
      (next) => {
        chainId = next;
      },
    );
    assert.equal(
      await provider.request({
        method: "wallet_switchEthereumChain",
        params: [{ chainId: "0x7a6a" }],
      } as never),
      null,
    );
    assert.equal(chainId, 31338);
    assert.equal(await provider.request({ method: "eth_chainId" }), "0x7a6a");
    await assert.rejects(
      provider.request({
        method: "wallet_switchEthereumChain",
        params: [{ chainId: "0x1" }],
      } as never),
      /only knows local chains/,
    );
    assert.equal(chainId, 31338);
  });
});
