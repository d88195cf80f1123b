import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "vitest";
import { loadConfig } from "../config.ts";
import { parseSanctions, SanctionsFormatError } from "./sanctionsFile.ts";

test("entries, comments, blank lines, CRLF and any letter case", () => {
  const parsed = parseSanctions(
    [
      "# header",
      "",
      "0x000000000000000000000000000000000000dEaD",
      "  0xABCDEFabcdef0123456789abcdef0123456789AB   # trailing comment",
      "\t# indented comment",
      "0x000000000000000000000000000000000000DEAD # duplicate in another case\r",
    ].join("\n"),
  );
  assert.deepEqual(
    [...parsed.addresses],
    ["0x000000000000000000000000000000000000dead", "0xabcdefabcdef0123456789abcdef0123456789ab"],
  );
  assert.match(parsed.sha256, /^[0-9a-f]{64}$/);
});

test("a comment-only file is an empty list", () => {
  assert.equal(parseSanctions("# nobody listed yet\n").addresses.size, 0);
});

test("bad lines reject the whole file and are named", () => {
  const text = [
    "# ok",
    "0x000000000000000000000000000000000000dEaD",
    "0x123", // too short
    "0x000000000000000000000000000000000000dEaD extra", // junk without #
    "000000000000000000000000000000000000dEaD", // no 0x
    "0x00000000000000000000000000000000000000001", // 41 digits
    "0x000000000000000000000000000000000000dEaD#comment without a space is fine",
  ].join("\n");
  assert.throws(
    () => parseSanctions(text),
    (error: Error) => {
      assert.ok(error instanceof SanctionsFormatError);
      assert.deepEqual(error.lines, [3, 4, 5, 6]);
      assert.match(error.message, /lines 3, 4, 5, 6/);
      return true;
    },
  );
});

test("an empty file is rejected (a file being rewritten must not empty the list)", () => {
  assert.throws(() => parseSanctions(""), SanctionsFormatError);
  assert.throws(() => parseSanctions("  \n\n"), SanctionsFormatError);
});

test("the shipped example list parses and holds the documented examples", () => {
  const parsed = parseSanctions(readFileSync(loadConfig({}).sanctionsFile));
  assert.equal(parsed.addresses.size, 5);
  assert.ok(parsed.addresses.has("0x000000000000000000000000000000000000dead"));
});
