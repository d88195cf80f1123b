// A read's result as something a person can read: whole numbers exact, with a hint (the amount at the
// contract's decimals, a date for timestamps, "max uint256"); addresses shortened with the full one
// kept (and the deployed contract's name when it is one); bytes32 that hold text shown as text;
// tuples as labelled fields and arrays as numbered items. Anything unexpected is shown, never thrown.
import { formatAmount, shortAddress } from "../../ui/format.ts";
import { arrayShape, elementParam, intBounds, isTuple, type Param } from "./abiInput.ts";

export type Display =
  | { kind: "int"; text: string; hint?: string }
  | { kind: "address"; full: string; short: string; label?: string }
  | { kind: "bool"; text: "true" | "false" }
  | { kind: "bytes"; text: string; hint?: string }
  | { kind: "string"; text: string }
  | { kind: "list"; items: Display[] }
  | { kind: "tuple"; fields: { label: string; value: Display }[] }
  | { kind: "unknown"; text: string };

export type DisplayContext = {
  /** The decimals amounts on this contract use (a token's own, 18 for the protocol's WADs). */
  decimals: number;
  /** The name of a deployed contract at this address, if it is one. */
  addressLabel?: (address: string) => string | undefined;
};

const maxDepth = 16;

/** Any value as short text, bigints included (for values that do not match their type). */
export function safeText(value: unknown): string {
  try {
    const text =
      typeof value === "string"
        ? value
        : (JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v)) ??
          String(value));
    return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
  } catch {
    return String(value);
  }
}

const timeName = /[Tt]ime|[Dd]eadline|[Ee]xpir|[Ss]ince|[Uu]ntil|[a-z]At(?:$|[A-Z])|^at$|^eta$/;

/** The hint beside a whole number, if one helps. */
export function intHint(
  value: bigint,
  type: string,
  name: string | undefined,
  decimals: number,
): string | undefined {
  const bounds = intBounds(type);
  if (bounds && value === bounds.max && bounds.bits >= 64) return `max ${type}`;
  if (bounds && value === bounds.min && bounds.min < 0n && bounds.bits >= 64) return `min ${type}`;
  if (name && timeName.test(name) && value >= 1_000_000_000n && value < 100_000_000_000n) {
    return `${new Date(Number(value) * 1000).toISOString().replace(".000Z", "Z")} (unix time)`;
  }
  const magnitude = value < 0n ? -value : value;
  if (decimals > 0 && magnitude >= 10n ** BigInt(Math.max(0, decimals - 4)) && magnitude !== 0n) {
    return `≈ ${formatAmount(value, decimals, 6)} at ${decimals} decimals`;
  }
  return undefined;
}

/** A bytes value's hint: the text a bytes32 holds ("sUSD"), or "zero". */
export function bytesHint(hex: string): string | undefined {
  if (!/^0x[0-9a-f]*$/i.test(hex) || hex.length <= 2) return undefined;
  if (/^0x0+$/.test(hex)) return "zero";
  const bytes = hex.slice(2).match(/../g) ?? [];
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === "00") end--;
  const used = bytes.slice(0, end).map((b) => Number.parseInt(b, 16));
  if (used.length > 0 && used.every((b) => b >= 0x20 && b < 0x7f)) {
    return `"${String.fromCharCode(...used)}" as text`;
  }
  return undefined;
}

/** One value of `param`'s type for display. */
export function describeValue(
  param: Param,
  value: unknown,
  context: DisplayContext,
  depth = 0,
): Display {
  if (depth > maxDepth) return { kind: "unknown", text: safeText(value) };
  const shape = arrayShape(param.type);
  if (shape) {
    if (!Array.isArray(value)) return { kind: "unknown", text: safeText(value) };
    const element = elementParam(param);
    return {
      kind: "list",
      items: value.map((item) => describeValue(element, item, context, depth + 1)),
    };
  }
  if (isTuple(param)) {
    const components = param.components ?? [];
    if (value === null || typeof value !== "object") {
      return { kind: "unknown", text: safeText(value) };
    }
    const record = value as Record<string, unknown> & unknown[];
    return {
      kind: "tuple",
      fields: components.map((c, i) => ({
        label: c.name || `[${i}]`,
        value: describeValue(
          c,
          Array.isArray(value) ? record[i] : record[c.name || String(i)],
          context,
          depth + 1,
        ),
      })),
    };
  }
  if (intBounds(param.type)) {
    if (typeof value !== "bigint" && typeof value !== "number") {
      return { kind: "unknown", text: safeText(value) };
    }
    const big = BigInt(value);
    return {
      kind: "int",
      text: big.toString(),
      hint: intHint(big, param.type, param.name, context.decimals),
    };
  }
  if (param.type === "address") {
    if (typeof value !== "string") return { kind: "unknown", text: safeText(value) };
    const label = /^0x0{40}$/i.test(value) ? "zero address" : context.addressLabel?.(value);
    return { kind: "address", full: value, short: shortAddress(value), label };
  }
  if (param.type === "bool") {
    if (typeof value !== "boolean") return { kind: "unknown", text: safeText(value) };
    return { kind: "bool", text: value ? "true" : "false" };
  }
  if (param.type === "string") {
    return typeof value === "string"
      ? { kind: "string", text: value }
      : { kind: "unknown", text: safeText(value) };
  }
  if (/^bytes\d*$/.test(param.type) || param.type === "function") {
    if (typeof value !== "string") return { kind: "unknown", text: safeText(value) };
    return { kind: "bytes", text: value, hint: bytesHint(value) };
  }
  return { kind: "unknown", text: safeText(value) };
}

/** A function's result (viem: the value itself for one output, a list for several). */
export function describeOutputs(
  outputs: readonly Param[],
  result: unknown,
  context: DisplayContext,
  functionName?: string,
): { label: string; value: Display }[] {
  if (outputs.length === 0) return [];
  if (outputs.length === 1) {
    const [output] = outputs as [Param];
    // An unnamed single output is named by its function (latestTimestamp → a date hint).
    const named = output.name ? output : { ...output, name: functionName };
    return [{ label: output.name || "result", value: describeValue(named, result, context) }];
  }
  const values = Array.isArray(result) ? result : [];
  return outputs.map((output, i) => ({
    label: output.name || `[${i}]`,
    value: describeValue(output, values[i], context),
  }));
}

/** The whole display as one line of plain text (for copying and for tests). */
export function displayText(display: Display): string {
  switch (display.kind) {
    case "int":
    case "bool":
    case "string":
    case "bytes":
    case "unknown":
      return display.text;
    case "address":
      return display.full;
    case "list":
      return `[${display.items.map(displayText).join(", ")}]`;
    case "tuple":
      return `{${display.fields.map((f) => `${f.label}: ${displayText(f.value)}`).join(", ")}}`;
  }
}
