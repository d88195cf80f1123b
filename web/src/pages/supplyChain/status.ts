// An item's lifecycle as SupplyChainTracker enforces it (SupplyChainStatus.sol): the statuses in
// enum order, the indexer's names for them, and which moves the custodian may make.

export const itemStatuses = [
  "registered",
  "in_transit",
  "stored",
  "delivered",
  "recalled",
] as const;
export type ItemStatus = (typeof itemStatuses)[number];

export const statusLabels: Record<ItemStatus, string> = {
  registered: "Registered",
  in_transit: "In transit",
  stored: "Stored",
  delivered: "Delivered",
  recalled: "Recalled",
};

/** The enum value the contract takes for a status. */
export function statusValue(status: ItemStatus): number {
  return itemStatuses.indexOf(status);
}

export function parseStatus(text: string | null | undefined): ItemStatus | undefined {
  return (itemStatuses as readonly string[]).includes(text ?? "")
    ? (text as ItemStatus)
    : undefined;
}

export function statusLabel(text: string | null | undefined): string {
  const status = parseStatus(text);
  return status ? statusLabels[status] : (text ?? "Unknown");
}

const transitions: Record<ItemStatus, readonly ItemStatus[]> = {
  registered: ["in_transit", "stored", "recalled"],
  in_transit: ["stored", "delivered", "recalled"],
  stored: ["in_transit", "delivered", "recalled"],
  delivered: [],
  recalled: [],
};

/** Statuses the custodian may move the item to; a flagged item cannot be delivered. */
export function nextStatuses(from: ItemStatus | undefined, flagged: boolean): ItemStatus[] {
  if (!from) return [];
  return transitions[from].filter((to) => !(to === "delivered" && flagged));
}

/** Delivered and Recalled items are closed: no custody change, status change or checkpoint. */
export function isClosed(status: ItemStatus | undefined): boolean {
  return status === "delivered" || status === "recalled";
}

export function statusTone(
  status: ItemStatus | undefined,
  flagged: boolean,
): "ok" | "warn" | "danger" | "" {
  if (flagged || status === "recalled") return "danger";
  if (status === "delivered") return "ok";
  if (status === "in_transit") return "warn";
  return "";
}

/** A readable name for an item from its URI ("demo://supply-chain/Coffee%20lot%2077" → "Coffee lot 77"). */
export function itemName(uri: string | null | undefined, itemId: string | bigint): string {
  const fallback = `Item #${itemId}`;
  if (!uri) return fallback;
  const last = (uri.split(/[?#]/)[0] ?? "").split("/").filter(Boolean).pop();
  if (!last || /^[a-z][a-z0-9+.-]*:$/i.test(last)) return fallback;
  let name: string;
  try {
    name = decodeURIComponent(last);
  } catch {
    name = last;
  }
  // Control characters and absurd lengths are not names.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  name = name.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  if (!name) return fallback;
  return name.length > 80 ? `${name.slice(0, 79)}…` : name;
}
