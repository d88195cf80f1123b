// The portfolio's data: holdings and positions valued by the indexer (/portfolio, every chain), the account's recent
// activity (GraphQL), and its Lightning swaps (the API, signed in). All refresh live.
import { useQuery } from "@tanstack/react-query";
import { api, call } from "../../api/client.ts";
import { useSession } from "../../auth/useSession.ts";
import { gql, portfolio } from "../../indexer/client.ts";

export const liveInterval = 4_000;

/** The account's holdings on `chainId`, or on every indexed chain when it is undefined. */
export function usePortfolio(address: string | undefined, chainId?: number) {
  return useQuery({
    queryKey: ["portfolio", address, chainId ?? "all"],
    queryFn: () => portfolio(address!, chainId),
    enabled: address !== undefined,
    refetchInterval: liveInterval,
  });
}

type ActivityData = {
  transfers: {
    items: {
      id: string;
      from: string;
      to: string;
      token: string;
      amount: string;
      timestamp: string;
      transactionHash: string;
    }[];
  };
  positionEvents: {
    items: {
      id: string;
      kind: string;
      collateral: string;
      synth: string;
      amount: string;
      timestamp: string;
      transactionHash: string;
    }[];
  };
  swaps: {
    items: {
      id: string;
      tokenIn: string;
      tokenOut: string;
      amountIn: string;
      amountOut: string;
      timestamp: string;
      transactionHash: string;
    }[];
  };
};

export function useActivity(address: string | undefined, chainId: number) {
  const account = address?.toLowerCase();
  return useQuery({
    queryKey: ["activity", account, chainId],
    enabled: account !== undefined,
    refetchInterval: liveInterval,
    queryFn: async () => {
      const data = await gql<ActivityData>(
        `query Activity($account: String!, $chainId: Int!) {
          transfers(where: { OR: [{ from: $account }, { to: $account }], chainId: $chainId }, orderBy: "timestamp", orderDirection: "desc", limit: 15) {
            items { id from to token amount timestamp transactionHash }
          }
          positionEvents(where: { owner: $account, chainId: $chainId }, orderBy: "timestamp", orderDirection: "desc", limit: 15) {
            items { id kind collateral synth amount timestamp transactionHash }
          }
          swaps(where: { sender: $account, chainId: $chainId }, orderBy: "timestamp", orderDirection: "desc", limit: 15) {
            items { id tokenIn tokenOut amountIn amountOut timestamp transactionHash }
          }
        }`,
        { account, chainId },
      );
      return data;
    },
  });
}

export function useLightningSwaps() {
  const session = useSession();
  return useQuery({
    queryKey: ["lightning-swaps", session.address, session.token],
    enabled: session.status === "active" || session.status === "challenge",
    refetchInterval: liveInterval,
    queryFn: () => call(api.GET("/v1/lightning/swaps", { params: { query: { limit: "20" } } })),
  });
}
