import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { useConfig } from "wagmi";
import { type ContractCall, runCalls, TxFailed, type TxState } from "./lifecycle.ts";

/**
 * A transaction flow for a form: `send(chainId, calls)` runs them through the lifecycle and refreshes
 * every query after each step but the last, and once the indexer has the last (or a step failed).
 * `state` drives <TxStatus>.
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
          // Shown at once: the refresh below starts many requests, which must not delay the news.
          flushSync(() => setState(next));
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
