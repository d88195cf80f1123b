import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useSyncExternalStore } from "react";
import { type StreamEvent, streamConnected, subscribe, subscribeStatus } from "./stream.ts";

/** Calls `onEvent` for every stream event (of the kinds given, or all). */
export function useStreamEvents(onEvent: (event: StreamEvent) => void, kinds?: string[]) {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const key = kinds?.join(",");
  useEffect(() => {
    const wanted = key ? new Set(key.split(",")) : undefined;
    return subscribe((event) => {
      if (!wanted || wanted.has(event.kind)) handler.current(event);
    });
  }, [key]);
}

/** Whether the stream is connected (for a "live" indicator). */
export function useStreamConnected(): boolean {
  return useSyncExternalStore(subscribeStatus, streamConnected, () => false);
}

/** Refreshes every query when an event arrives: views follow the account live. */
export function useLiveRefresh(kinds?: string[]) {
  const queryClient = useQueryClient();
  useStreamEvents(() => void queryClient.invalidateQueries(), kinds);
}
