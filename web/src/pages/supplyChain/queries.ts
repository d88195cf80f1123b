// Supply-chain data from the indexer: every item with its status and custodian, and one item with its
// custody history, checkpoints and flags. Refreshed on an interval and after every transaction.
import { useQuery } from "@tanstack/react-query";
import { gql } from "../../indexer/client.ts";
import type { CheckpointRow, CustodyEventRow, FlagRow } from "./timeline.ts";

export const liveInterval = 3_000;

export type ItemRow = {
  itemId: string;
  creator: string;
  custodian: string;
  pendingCustodian: string | null;
  status: string;
  flagged: boolean;
  uri: string;
  checkpointCount: number;
  registeredAt: string;
  lastCheckpointAt: string;
};

export type ItemDetailRow = ItemRow & {
  metadataHash: string;
  ranges: unknown;
  custodyEvents: { items: CustodyEventRow[] };
  checkpoints: { items: CheckpointRow[] };
  flags: { items: FlagRow[] };
};

const itemFields =
  "itemId creator custodian pendingCustodian status flagged uri checkpointCount registeredAt lastCheckpointAt";

export function useItems(chainId: number) {
  return useQuery({
    queryKey: ["supply-chain", "items", chainId],
    refetchInterval: liveInterval,
    queryFn: async () => {
      const data = await gql<{ items: { items: ItemRow[] } }>(
        `query Items($chainId: Int!) {
          items(where: { chainId: $chainId }, orderBy: "itemId", orderDirection: "desc", limit: 200) {
            items { ${itemFields} }
          }
        }`,
        { chainId },
      );
      return data.items.items;
    },
  });
}

export function useItem(chainId: number, itemId: string) {
  return useQuery({
    queryKey: ["supply-chain", "item", chainId, itemId],
    refetchInterval: liveInterval,
    queryFn: async () => {
      const data = await gql<{ item: ItemDetailRow | null }>(
        `query Item($chainId: Float!, $itemId: BigInt!) {
          item(chainId: $chainId, itemId: $itemId) {
            ${itemFields} metadataHash ranges
            custodyEvents(orderBy: "blockNumber", limit: 300) {
              items { id kind from to statusFrom statusTo blockNumber timestamp transactionHash }
            }
            checkpoints(orderBy: "sequence", limit: 300) {
              items { sequence attestor observedAt location readings outOfRange blockNumber transactionHash }
            }
            flags(orderBy: "blockNumber", limit: 300) {
              items { id sequence sensor value min max cleared clearedBy clearReason blockNumber timestamp }
            }
          }
        }`,
        { chainId, itemId },
      );
      return data.item;
    },
  });
}
