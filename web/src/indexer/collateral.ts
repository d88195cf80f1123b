import { useQuery } from "@tanstack/react-query";
import { gql } from "./client.ts";

export type CollateralType = {
  token: string;
  issuanceRatio: string;
  liquidationRatio: string;
  liquidationBonus: string;
  enabled: boolean;
  decimals: number;
};

/** The vault's collateral settings as indexed (ratios as 1e18 fractions). */
export function useCollateralTypes(chainId: number) {
  return useQuery({
    queryKey: ["collateral-types", chainId],
    staleTime: 30_000,
    queryFn: async () => {
      const data = await gql<{ collateralTypes: { items: CollateralType[] } }>(
        `query C($chainId: Int!) { collateralTypes(where: { chainId: $chainId }, limit: 100) {
          items { token issuanceRatio liquidationRatio liquidationBonus enabled decimals } } }`,
        { chainId },
      );
      return data.collateralTypes.items;
    },
  });
}
