import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { useConfig } from "wagmi";
import { type ContractCall, runCalls, TxFailed, type TxState } from "./lifecycle.ts";

/**
 * A transaction flow for a form: `send(chainId, calls)` runs them through the lifecycle and refreshes
 * every query once the chain and again once the indexer has them. `state` drives <TxStatus>.
 */
export function useTransaction() {
  const config = useConfig();
  const queryClient = useQueryClient();
  const [state, setState] = useState<TxState>({ stage: "idle" });
  const running = useRef(false);

  const send = useCallback(
    async (chainId: number, calls: ContractCall[]) => {
      if (running.current) return undefined;
      running.current = true;
      try {
        const result = await runCalls(config, chainId, calls, (next) => {
          setState(next);
          if (next.stage === "confirmed" || next.stage === "indexed")
            void queryClient.invalidateQueries();
        });
        return result;
      } catch (error) {
        if (error instanceof TxFailed) return undefined;
        throw error;
      } finally {
        running.current = false;
      }
    },
    [config, queryClient],
  );

  const reset = useCallback(() => setState({ stage: "idle" }), []);
  const busy = ["simulating", "signing", "pending", "confirmed"].includes(state.stage);
  return { state, send, reset, busy };
}
