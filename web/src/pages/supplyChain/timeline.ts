// One chronological history of an item from the indexer's three tables: custody and status events
// (custody_event), signed checkpoints (checkpoint) and out-of-range readings (item_flag). Ordered by
// block, then by log position (event ids end in the log index); a checkpoint sorts just before its
// own flags, which the tracker logs right after it.

export type CustodyEventRow = {
  id: string;
  kind: string;
  from: string | null;
  to: string | null;
  statusFrom: string | null;
  statusTo: string | null;
  blockNumber: string;
  timestamp: string;
  transactionHash: string;
};

export type CheckpointRow = {
  sequence: string;
  attestor: string;
  observedAt: string;
  location: string;
  readings: unknown;
  outOfRange: number;
  blockNumber: string;
  transactionHash: string;
};

export type FlagRow = {
  id: string;
  sequence: string;
  sensor: string;
  value: string;
  min: string;
  max: string;
  cleared: boolean;
  clearedBy: string | null;
  clearReason: string | null;
  blockNumber: string;
  timestamp: string;
};

export type TimelineEntry =
  | { type: "custody"; key: string; block: bigint; position: number; event: CustodyEventRow }
  | { type: "checkpoint"; key: string; block: bigint; position: number; checkpoint: CheckpointRow }
  | { type: "flag"; key: string; block: bigint; position: number; flag: FlagRow };

function toBlock(value: string | null | undefined): bigint {
  return typeof value === "string" && /^\d{1,78}$/.test(value) ? BigInt(value) : 0n;
}

/** The log index at the end of an indexer event id ("<chain>:<tx>:<logIndex>"). */
export function logIndexOf(id: string): number | undefined {
  const match = /:(\d{1,9})$/.exec(id);
  return match ? Number(match[1]) : undefined;
}

const endOfBlock = Number.MAX_SAFE_INTEGER;

export function mergeTimeline(
  custody: readonly CustodyEventRow[],
  checkpoints: readonly CheckpointRow[],
  flags: readonly FlagRow[],
): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const event of custody) {
    entries.push({
      type: "custody",
      key: `c-${event.id}`,
      block: toBlock(event.blockNumber),
      position: logIndexOf(event.id) ?? endOfBlock,
      event,
    });
  }
  for (const flag of flags) {
    entries.push({
      type: "flag",
      key: `f-${flag.id}`,
      block: toBlock(flag.blockNumber),
      position: logIndexOf(flag.id) ?? endOfBlock,
      flag,
    });
  }
  for (const checkpoint of checkpoints) {
    const block = toBlock(checkpoint.blockNumber);
    // The checkpoint row has no log index: just before its first flag, else at the end of its block.
    const ownFlags = flags
      .filter((f) => f.sequence === checkpoint.sequence && toBlock(f.blockNumber) === block)
      .map((f) => logIndexOf(f.id) ?? endOfBlock);
    const position = ownFlags.length > 0 ? Math.min(...ownFlags) - 0.5 : endOfBlock - 0.5;
    entries.push({
      type: "checkpoint",
      key: `k-${checkpoint.sequence}-${checkpoint.transactionHash}`,
      block,
      position,
      checkpoint,
    });
  }
  return entries.sort((a, b) =>
    a.block === b.block
      ? a.position - b.position || a.key.localeCompare(b.key)
      : a.block < b.block
        ? -1
        : 1,
  );
}

/** The readings of a checkpoint row (a JSON column), keeping only well-formed entries. */
export function readingsOf(value: unknown): { sensor: string; value: string }[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (r): r is { sensor: string; value: string } =>
      !!r &&
      typeof r === "object" &&
      typeof (r as { sensor?: unknown }).sensor === "string" &&
      typeof (r as { value?: unknown }).value === "string" &&
      /^-?\d{1,78}$/.test((r as { value: string }).value),
  );
}

/** The sensor ranges of an item row (a JSON column), keeping only well-formed entries. */
export function rangesOf(value: unknown): { sensor: string; min: string; max: string }[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (r): r is { sensor: string; min: string; max: string } =>
      !!r &&
      typeof r === "object" &&
      typeof (r as { sensor?: unknown }).sensor === "string" &&
      /^-?\d{1,78}$/.test(String((r as { min?: unknown }).min)) &&
      /^-?\d{1,78}$/.test(String((r as { max?: unknown }).max)),
  );
}
