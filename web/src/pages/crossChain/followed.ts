// The message the page follows, kept for the tab (sessionStorage, per account): a reload mid-way picks
// it up again. Anything stored that is not a message reference is dropped.
import type { Hex } from "viem";
import type { MessageRef } from "./queries.ts";

const key = (account: string) => `fluxion.ccip.followed.${account.toLowerCase()}`;

export function parseRef(value: unknown): MessageRef | undefined {
  const v = value as Partial<Record<keyof MessageRef, unknown>> | null;
  if (!v || typeof v !== "object") return undefined;
  if (typeof v.messageId !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(v.messageId)) return undefined;
  if (!Number.isInteger(v.sourceChainId) || !Number.isInteger(v.destChainId)) return undefined;
  return {
    messageId: v.messageId as Hex,
    sourceChainId: v.sourceChainId as number,
    destChainId: v.destChainId as number,
  };
}

export function loadFollowed(storage: Storage, account: string): MessageRef | undefined {
  try {
    return parseRef(JSON.parse(storage.getItem(key(account)) ?? "null"));
  } catch {
    return undefined;
  }
}

export function saveFollowed(storage: Storage, account: string, ref: MessageRef | undefined) {
  if (ref) storage.setItem(key(account), JSON.stringify(ref));
  else storage.removeItem(key(account));
}
