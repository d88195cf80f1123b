// Opaque keyset-pagination cursors: (created_at, id) of the last row served, base64url-encoded.
import { badRequest } from "../errors.ts";

export type Cursor = { at: Date; id: string };

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`, "utf8").toString("base64url");
}

/** Throws 400 request.invalid_cursor for anything encodeCursor did not produce. */
export function decodeCursor(value: string): Cursor {
  const [iso = "", id = "", extra] = Buffer.from(value, "base64url").toString("utf8").split("|");
  const at = new Date(iso);
  if (
    extra !== undefined ||
    !uuid.test(id) ||
    Number.isNaN(at.getTime()) ||
    at.toISOString() !== iso
  ) {
    throw badRequest("request.invalid_cursor", "The cursor is not one this API issued");
  }
  return { at, id };
}
