import { useEffect, useSyncExternalStore } from "react";
import { useConnection } from "wagmi";
import { type SessionState, sessionStore } from "./sessionStore.ts";
import { refreshSession } from "./signIn.ts";

/** The session of the connected account (follows account switches). */
export function useSession(): SessionState {
  const { address } = useConnection();
  useEffect(() => {
    sessionStore.setAddress(address);
    void refreshSession();
  }, [address]);
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.get, sessionStore.get);
}
