// Parses the sanctions list file (format documented at the top of api/data/sanctions.txt and in
// README.md): one 0x address per line with an optional `# comment`, blank and `#` lines ignored,
// case-insensitive. Any other line rejects the whole file, so a typo can never shrink the list.
import { createHash } from "node:crypto";

const entryLine = /^(0x[0-9a-fA-F]{40})\s*(?:#.*)?$/;

export type ParsedSanctions = {
  /** Lower-case addresses. */
  addresses: ReadonlySet<string>;
  sha256: string;
};

export class SanctionsFormatError extends Error {
  override name = "SanctionsFormatError";
  /** 1-based numbers of the lines that are neither an entry, a comment nor blank. */
  readonly lines: number[];
  constructor(message: string, lines: number[]) {
    super(message);
    this.lines = lines;
  }
}

export function parseSanctions(content: Buffer | string): ParsedSanctions {
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  const text = bytes.toString("utf8");
  // A file being rewritten can be briefly empty; an empty list must be written as comments.
  if (text.trim() === "") throw new SanctionsFormatError("the sanctions file is empty", []);
  const addresses = new Set<string>();
  const bad: number[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const match = entryLine.exec(line);
    if (match?.[1]) addresses.add(match[1].toLowerCase());
    else bad.push(index + 1);
  });
  if (bad.length > 0) {
    const shown = bad.slice(0, 20).join(", ");
    throw new SanctionsFormatError(
      `malformed sanctions file: line${bad.length > 1 ? "s" : ""} ${shown}${bad.length > 20 ? ", ..." : ""}`,
      bad,
    );
  }
  return { addresses, sha256: createHash("sha256").update(bytes).digest("hex") };
}
