// A form's transaction on the pools page: builds its calls (approvals read from the chain, a deadline
// in chain time) and sends them through the shared lifecycle. A failure while building is decoded
// and kept for the form to show; the form's inputs are never touched here.
import { useCallback, useEffect, useRef, useState } from "react";
import type { Address } from "viem";
import { useConfig } from "wagmi";
import { approvalCalls } from "../../tx/approvals.ts";
import { type DecodedError, decodeError } from "../../tx/decodeError.ts";
import type { ContractCall } from "../../tx/lifecycle.ts";
import { useTransaction } from "../../tx/useTransaction.ts";
import type { wagmiConfig } from "../../wallet/config.ts";
import { chainTime, managerAddress } from "./queries.ts";

export type Spend = { token: Address; symbol: string; amount: bigint; display: string };

export type BuildContext = {
  config: typeof wagmiConfig;
  manager: Address;
  /** Chain time + the user's deadline window. */
  deadline: bigint;
};

export function usePoolTx() {
  const tx = useTransaction();
  const config = useConfig();
  const [preparing, setPreparing] = useState(false);
  const [prepError, setPrepError] = useState<DecodedError | undefined>();
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(
    async (input: {
      chainId: number;
      account: Address;
      deadlineSeconds: bigint;
      spends: Spend[];
      build: (ctx: BuildContext) => ContractCall[];
    }) => {
      setPrepError(undefined);
      setPreparing(true);
      let calls: ContractCall[];
      try {
        const manager = managerAddress(input.chainId);
        const approvals = await approvalCalls(
          config,
          input.chainId,
          input.account,
          input.spends.map((s) => ({ ...s, spender: manager })),
        );
        const now = await chainTime(config, input.chainId);
        calls = [
          ...approvals,
          ...input.build({ config, manager, deadline: now + input.deadlineSeconds }),
        ];
      } catch (error) {
        if (mounted.current) setPrepError(decodeError(error));
        return undefined;
      } finally {
        if (mounted.current) setPreparing(false);
      }
      return tx.send(input.chainId, calls);
    },
    [config, tx.send],
  );

  const reset = useCallback(() => {
    setPrepError(undefined);
    tx.reset();
  }, [tx.reset]);

  return { state: tx.state, busy: tx.busy || preparing, run, prepError, reset };
}
