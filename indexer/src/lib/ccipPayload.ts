// The payloads Fluxion's CrossChainGateway sends (ICrossChainGateway): `abi.encode(MessageKind, Transfer)`
// or `abi.encode(MessageKind, Liquidity)`. Decoded from a message's `data` wherever the indexer sees it
// (the local router's CCIPMessageSent, a failed message the gateway stored), so a message's parties and
// amounts are known on whichever side is indexed first.
import { type Address, decodeAbiParameters, type Hex, hexToString } from "viem";

export type GatewayPayload =
  | { kind: "transfer"; assetId: string; from: Address; to: Address; amount: bigint }
  | {
      kind: "liquidity";
      poolId: Hex;
      assetIds: string[];
      amounts: bigint[];
      recipient: Address;
    };

const transferParams = [
  { type: "uint256" },
  {
    type: "tuple",
    components: [
      { name: "assetId", type: "bytes32" },
      { name: "from", type: "address" },
      { name: "to", type: "address" },
      { name: "amount", type: "uint256" },
    ],
  },
] as const;

const liquidityParams = [
  { type: "uint256" },
  {
    type: "tuple",
    components: [
      { name: "poolId", type: "bytes32" },
      { name: "assetIds", type: "bytes32[]" },
      { name: "amounts", type: "uint256[]" },
      { name: "recipient", type: "address" },
    ],
  },
] as const;

/** A synth's asset id as the synth table keeps it: the bytes32 as text, trailing zero bytes cut. */
export function assetIdText(assetId: Hex): string {
  return hexToString(assetId, { size: 32 }).replace(/\0+$/, "");
}

/** The gateway payload in `data`, or undefined when it is not one (another application's message). */
export function decodeGatewayPayload(data: Hex): GatewayPayload | undefined {
  if (data.length < 2 + 64) return undefined;
  const kind = BigInt(data.slice(0, 2 + 64));
  try {
    if (kind === 0n) {
      const [, t] = decodeAbiParameters(transferParams, data);
      return {
        kind: "transfer",
        assetId: assetIdText(t.assetId),
        from: t.from.toLowerCase() as Address,
        to: t.to.toLowerCase() as Address,
        amount: t.amount,
      };
    }
    if (kind === 1n) {
      const [, q] = decodeAbiParameters(liquidityParams, data);
      if (q.assetIds.length !== q.amounts.length) return undefined;
      return {
        kind: "liquidity",
        poolId: q.poolId.toLowerCase() as Hex,
        assetIds: q.assetIds.map(assetIdText),
        amounts: [...q.amounts],
        recipient: q.recipient.toLowerCase() as Address,
      };
    }
  } catch {
    // Not the gateway's encoding.
  }
  return undefined;
}

/** The address in an `abi.encode(address)` sender field (CCIP's Any2EVMMessage.sender), if it is one. */
export function decodeEvmAddress(encoded: Hex): Address | undefined {
  if (encoded.length !== 2 + 64) return undefined;
  const value = BigInt(encoded);
  if (value >> 160n !== 0n) return undefined;
  return `0x${value.toString(16).padStart(40, "0")}` as Address;
}
