// What a webhook's data becomes in the log, per type: most types are logged as sent; the bridge
// keeper's swap events gain the public `status` vocabulary (lightning/status.ts) that stream clients
// have always read, next to the keeper's exact `state`.
import { swapStatus } from "../lightning/status.ts";

export function normaliseWebhookPayload(
  type: string,
  data: Record<string, unknown>,
): Record<string, unknown> {
  if (type !== "lightning.swap") return data;
  const direction = String(data.direction);
  const swap = (data.swap ?? {}) as Record<string, unknown>;
  return {
    ...data,
    status: swapStatus(direction, String(data.state)),
    swap: { ...swap, status: swapStatus(direction, String(swap.state)) },
  };
}
