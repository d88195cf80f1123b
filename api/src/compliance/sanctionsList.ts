// The sanctions list in force: loaded from the file at start-up (a bad file stops the API), then
// swapped atomically on reload — by an admin (POST /v1/admin/sanctions/reload) or by the file
// watcher. A reload that fails leaves the previous list in force.
import { EventEmitter } from "node:events";
import { type FSWatcher, watch } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { badRequest } from "../errors.ts";
import type { Clock } from "../lib/clock.ts";
import { type ParsedSanctions, parseSanctions, SanctionsFormatError } from "./sanctionsFile.ts";

export type SanctionsInfo = { entries: number; loadedAt: string; sha256: string };

export type WatchOptions = {
  debounceMs: number;
  /** Runs after each watcher-triggered reload attempt that changed something or failed. */
  onReload: (result: { ok: true; info: SanctionsInfo } | { ok: false; error: Error }) => unknown;
};

export type SanctionsList = {
  readonly file: string;
  info(): SanctionsInfo;
  /** The given addresses that are listed (as given). */
  screen(addresses: readonly string[]): string[];
  /** Re-reads the file; throws 400 compliance.sanctions_invalid (old list kept) when it is bad. */
  reload(): Promise<SanctionsInfo & { changed: boolean }>;
  /** Reloads when the file changes (the directory is watched, so atomic renames are seen). */
  watch(options: WatchOptions): void;
  /** Stops watching and waits for a reload in progress. */
  close(): Promise<void>;
  /** "reloaded" (SanctionsInfo) / "reload_failed" (Error) after watcher reloads are handled. */
  readonly events: EventEmitter;
};

async function readList(file: string): Promise<ParsedSanctions> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw badRequest("compliance.sanctions_unreadable", `Cannot read the sanctions file`, {
      details: { reason: (error as NodeJS.ErrnoException).code ?? "unknown" },
      cause: error,
    });
  }
  try {
    return parseSanctions(bytes);
  } catch (error) {
    if (!(error instanceof SanctionsFormatError)) throw error;
    throw badRequest("compliance.sanctions_invalid", error.message, {
      details: { lines: error.lines },
      cause: error,
    });
  }
}

/** Loads the list; throws (ApiError) when the file is missing or malformed. */
export async function openSanctionsList(file: string, clock: Clock): Promise<SanctionsList> {
  let current = await readList(file);
  let loadedAt = clock.now();
  // Reloads run one at a time so the list in force is always the last file read.
  let queue: Promise<unknown> = Promise.resolve();
  let watcher: FSWatcher | null = null;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  const events = new EventEmitter();

  const info = (): SanctionsInfo => ({
    entries: current.addresses.size,
    loadedAt: loadedAt.toISOString(),
    sha256: current.sha256,
  });

  function reload(): Promise<SanctionsInfo & { changed: boolean }> {
    const run = queue.then(async () => {
      const next = await readList(file);
      const changed = next.sha256 !== current.sha256;
      current = next;
      loadedAt = clock.now();
      return { ...info(), changed };
    });
    queue = run.catch(() => {});
    return run;
  }

  return {
    file,
    info,
    events,
    screen: (addresses) => addresses.filter((a) => current.addresses.has(a.toLowerCase())),
    reload,
    watch({ debounceMs, onReload }) {
      if (watcher || closed) return;
      const name = basename(file);
      const fire = () => {
        timer = null;
        if (closed) return;
        const attempt = reload().then(
          async (result) => {
            if (!result.changed || closed) return;
            const { changed: _, ...rest } = result;
            await onReload({ ok: true, info: rest });
            events.emit("reloaded", rest);
          },
          async (error: Error) => {
            if (closed) return;
            await onReload({ ok: false, error });
            events.emit("reload_failed", error);
          },
        );
        queue = attempt.catch(() => {});
      };
      watcher = watch(dirname(file), { persistent: false }, (_event, changed) => {
        if (changed !== null && changed !== name) return;
        if (timer) clearTimeout(timer);
        timer = setTimeout(fire, debounceMs);
        timer.unref();
      });
      // The directory vanishing must not crash the process; the list in force stays.
      watcher.on("error", (error) => events.emit("watch_error", error));
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      watcher?.close();
      await queue;
    },
  };
}
