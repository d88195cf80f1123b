// What a person types for an ABI parameter, validated and turned into the value viem encodes: one
// text per leaf (address, uintN/intN, bool, bytes, bytesN, string), a list of fields per array and a
// field per tuple component, recursively; or, for an array or a tuple, JSON text ("Edit as JSON").
// Every error names the field it belongs to (`path`), so the form shows it beside that field; nothing
// here throws on hostile text.
import { getAddress, isAddress, keccak256, parseUnits, toBytes } from "viem";

/** The part of an ABI parameter this needs (viem's AbiParameter fits). */
export type Param = {
  name?: string;
  type: string;
  internalType?: string;
  components?: readonly Param[];
};

/** The form's state for one parameter. */
export type FieldState =
  | { kind: "leaf"; text: string }
  | { kind: "list"; items: FieldState[]; mode: "fields" | "json"; json: string }
  | { kind: "tuple"; fields: FieldState[]; mode: "fields" | "json"; json: string };

export type Parsed<T = unknown> = { ok: true; value: T } | { ok: false; error: string };

/** Error messages by field path ("0", "0.2", "1.0.3"). */
export type FieldErrors = Record<string, string>;

/** Limits that keep pasted garbage from freezing the page. */
export const limits = {
  jsonChars: 200_000,
  arrayItems: 10_000,
  fixedFields: 32,
  depth: 16,
};

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (error: string): Parsed<never> => ({ ok: false, error });

/** `T[]` or `T[N]` (the outermost dimension is the last bracket); undefined for a non-array. */
export function arrayShape(type: string): { element: string; length?: number } | undefined {
  const match = /^(.+)\[(\d*)\]$/.exec(type);
  if (!match) return undefined;
  const [, element = "", size = ""] = match;
  if (size === "") return { element };
  const length = Number(size);
  return { element, length };
}

/** The parameter describing one element of an array parameter. */
export function elementParam(param: Param): Param {
  const shape = arrayShape(param.type);
  if (!shape) return param;
  return { type: shape.element, internalType: undefined, components: param.components };
}

export function isTuple(param: Param): boolean {
  return param.type === "tuple";
}

/** The label's type text: `uint256`, `address[]`, `tuple(address aggregator, uint32 heartbeat)`. */
export function typeLabel(param: Param): string {
  const struct = /^struct ([\w.]+)/.exec(param.internalType ?? "")?.[1];
  if (param.type.startsWith("tuple")) {
    const name = struct?.split(".").pop() ?? "tuple";
    return `${name}${param.type.slice("tuple".length)}`;
  }
  return param.type;
}

/** The depth of nested arrays and tuples below `param` (0 for a leaf). */
export function nestingDepth(param: Param, guard = 0): number {
  if (guard > limits.depth) return guard;
  const shape = arrayShape(param.type);
  if (shape) return 1 + nestingDepth(elementParam(param), guard + 1);
  if (isTuple(param)) {
    return 1 + Math.max(0, ...(param.components ?? []).map((c) => nestingDepth(c, guard + 1)));
  }
  return 0;
}

/** The empty form state for a parameter. Large fixed arrays and deep types start as JSON text. */
export function initialState(param: Param, depth = 0): FieldState {
  const shape = arrayShape(param.type);
  if (shape) {
    const tooBig = shape.length !== undefined && shape.length > limits.fixedFields;
    const items =
      shape.length !== undefined && !tooBig && depth < limits.depth
        ? Array.from({ length: shape.length }, () => initialState(elementParam(param), depth + 1))
        : [];
    return {
      kind: "list",
      items,
      mode: tooBig || depth >= limits.depth ? "json" : "fields",
      json: "",
    };
  }
  if (isTuple(param)) {
    const fields =
      depth < limits.depth ? (param.components ?? []).map((c) => initialState(c, depth + 1)) : [];
    return { kind: "tuple", fields, mode: depth < limits.depth ? "fields" : "json", json: "" };
  }
  return { kind: "leaf", text: param.type === "bool" ? "false" : "" };
}

// ---- leaves ---------------------------------------------------------------------------------

const intType = /^(u?)int(\d*)$/;
const bytesType = /^bytes(\d+)$/;

/** The bounds of `uintN` / `intN`; undefined when the size is not a valid one (8..256, step 8). */
export function intBounds(type: string): { min: bigint; max: bigint; bits: number } | undefined {
  const match = intType.exec(type);
  if (!match) return undefined;
  const [, unsigned, size] = match;
  const bits = size === "" ? 256 : Number(size);
  if (!Number.isInteger(bits) || bits < 8 || bits > 256 || bits % 8 !== 0) return undefined;
  if (unsigned) return { min: 0n, max: 2n ** BigInt(bits) - 1n, bits };
  return { min: -(2n ** BigInt(bits - 1)), max: 2n ** BigInt(bits - 1) - 1n, bits };
}

/** A whole number from text: decimal, 0x hex, or scientific with an integral result (1e18, 2.5e6). */
export function parseInteger(text: string): Parsed<bigint> {
  const t = text.trim().replace(/[_,\s]/g, "");
  if (t === "") return fail("Enter a number.");
  if (t.length > 200) return fail("That number is far too long.");
  if (/^-?\d+$/.test(t)) return ok(BigInt(t));
  if (/^-?0x[0-9a-f]+$/i.test(t)) {
    const negative = t.startsWith("-");
    const magnitude = BigInt(negative ? t.slice(1) : t);
    return ok(negative ? -magnitude : magnitude);
  }
  const sci = /^(-?)(\d*)(?:\.(\d*))?e\+?(\d{1,3})$/i.exec(t);
  if (sci) {
    const [, sign = "", whole = "", fraction = "", exponent = "0"] = sci;
    if (whole === "" && fraction === "") return fail("Not a number.");
    const exp = Number(exponent);
    const significant = fraction.replace(/0+$/, "");
    if (significant.length > exp) return fail("That is not a whole number.");
    const digits = `${whole}${significant.padEnd(exp, "0")}`;
    const value = BigInt(digits === "" ? "0" : digits);
    return ok(sign === "-" ? -value : value);
  }
  if (/^-?\d*\.\d*$/.test(t) && /\d/.test(t)) {
    return fail("Not a whole number: press ×1e18 to scale it, or remove the decimals.");
  }
  return fail("Not a number: use digits, 0x hex or 1e18.");
}

function describeInt(type: string, bounds: { min: bigint; max: bigint }): string {
  return bounds.min === 0n
    ? `${type} holds 0 to ${bounds.max}`
    : `${type} holds ${bounds.min} to ${bounds.max}`;
}

/** One leaf value from its text. */
export function parseLeaf(type: string, text: string): Parsed {
  if (type === "address") {
    const t = text.trim();
    if (t === "") return fail("Enter an address.");
    if (!/^0x[0-9a-fA-F]{40}$/.test(t)) {
      return fail("Not an address: expected 0x followed by 40 hex digits.");
    }
    if (!isAddress(t, { strict: true }) && /[a-f]/.test(t) && /[A-F]/.test(t)) {
      return fail(
        "The address's checksum (its mix of capital letters) is wrong: check for a typo.",
      );
    }
    return ok(getAddress(t));
  }
  if (type === "bool") {
    const t = text.trim().toLowerCase();
    if (t === "true" || t === "1") return ok(true);
    if (t === "false" || t === "0") return ok(false);
    return fail("Choose true or false.");
  }
  if (type === "string") return ok(text);
  const bounds = intBounds(type);
  if (bounds) {
    const parsed = parseInteger(text);
    if (!parsed.ok) return parsed;
    const value = parsed.value;
    if (bounds.min === 0n && value < 0n) return fail(`${type} cannot be negative.`);
    if (value < bounds.min || value > bounds.max) {
      return fail(`Out of range: ${describeInt(type, bounds)}.`);
    }
    return ok(value);
  }
  if (intType.test(type)) return fail(`Unsupported integer type ${type}.`);
  if (type === "bytes") return parseHexBytes(text, undefined);
  if (type === "function") return parseHexBytes(text, 24);
  const fixed = bytesType.exec(type);
  if (fixed) {
    const size = Number(fixed[1]);
    if (size < 1 || size > 32) return fail(`Unsupported type ${type}.`);
    return parseHexBytes(text, size);
  }
  return fail(`Unsupported type ${type}.`);
}

function parseHexBytes(text: string, size: number | undefined): Parsed {
  const t = text.trim();
  const type = size === undefined ? "bytes" : `bytes${size}`;
  if (t === "")
    return fail(
      size === undefined ? "Enter hex bytes (0x for none)." : `Enter ${size} bytes in hex.`,
    );
  if (!/^0x/i.test(t)) return fail("Hex bytes start with 0x.");
  const digits = t.slice(2);
  if (!/^[0-9a-fA-F]*$/.test(digits)) return fail("Only hex digits (0-9, a-f) may follow 0x.");
  if (digits.length % 2 !== 0) return fail("An odd number of hex digits: each byte takes two.");
  if (size !== undefined && digits.length !== size * 2) {
    return fail(
      `${type} needs exactly ${size} bytes (${size * 2} hex digits); this has ${digits.length / 2}.`,
    );
  }
  return ok(`0x${digits.toLowerCase()}`);
}

/** The ×1e18 helper: "1.5" → "1500000000000000000" (negative allowed for intN). */
export function scale1e18(text: string): Parsed<string> {
  const t = text.trim().replace(/[_,\s]/g, "");
  if (t === "") return ok((10n ** 18n).toString());
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(t)) return fail("Type a plain number first (like 1.5).");
  const fraction = t.split(".")[1] ?? "";
  if (fraction.length > 18)
    return fail("More than 18 decimals cannot be scaled to a whole number.");
  if (t.length > 200) return fail("That number is far too long.");
  return ok(parseUnits(t, 18).toString());
}

/** The keccak256 helper for bytes32 (role ids and the like): the hash of the text as UTF-8. */
export function hashText(text: string): string {
  return keccak256(toBytes(text));
}

// ---- JSON for arrays and tuples ---------------------------------------------------------------

/** A number as it was written in the JSON text, so big integers keep every digit. */
class JsonNumber {
  constructor(readonly source: string) {}
}

/** A JSON value that does not fit its type; `where` is its position ("[1].amount", "" at the top). */
class ShapeError extends Error {
  constructor(
    readonly where: string,
    readonly problem: string,
  ) {
    super(where === "" ? problem : `At ${where}: ${problem}`);
  }
}

/** JSON text → a JavaScript value with numbers kept as their source text (no precision lost). */
export function readJson(text: string): Parsed {
  if (text.trim() === "") return fail("Enter a JSON value.");
  if (text.length > limits.jsonChars) return fail("That JSON is too long.");
  const reviver = function (
    this: unknown,
    _key: string,
    value: unknown,
    context?: { source?: string },
  ) {
    if (typeof value === "number") {
      if (context?.source !== undefined) return new JsonNumber(context.source);
      return Number.isSafeInteger(value) ? new JsonNumber(String(value)) : value;
    }
    return value;
  };
  try {
    return ok(JSON.parse(text, reviver as (key: string, value: unknown) => unknown));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail(`Not valid JSON: ${message.slice(0, 120)}`);
  }
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (value instanceof JsonNumber) return "a number";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return "text";
  return typeof value === "number" ? "a number" : `a ${typeof value}`;
}

/** A JSON value (from readJson) → the ABI value of `param`; throws ShapeError saying where. */
function fromJson(param: Param, value: unknown, where: string, depth: number): unknown {
  if (depth > limits.depth) throw new ShapeError(where, "Nested too deeply.");
  const shape = arrayShape(param.type);
  if (shape) {
    if (!Array.isArray(value)) {
      throw new ShapeError(where, `Expected a list for ${param.type}, got ${kindOf(value)}.`);
    }
    if (shape.length !== undefined && value.length !== shape.length) {
      throw new ShapeError(
        where,
        `${param.type} needs exactly ${shape.length} items; this has ${value.length}.`,
      );
    }
    if (value.length > limits.arrayItems) throw new ShapeError(where, "Too many items.");
    const element = elementParam(param);
    return value.map((item, i) => fromJson(element, item, `${where}[${i}]`, depth + 1));
  }
  if (isTuple(param)) {
    const components = param.components ?? [];
    if (Array.isArray(value)) {
      if (value.length !== components.length) {
        throw new ShapeError(
          where,
          `Expected ${components.length} fields; this has ${value.length}.`,
        );
      }
      return components.map((c, i) =>
        fromJson(c, value[i], `${where}${where ? "." : ""}${c.name || i}`, depth + 1),
      );
    }
    if (value === null || typeof value !== "object" || value instanceof JsonNumber) {
      throw new ShapeError(
        where,
        `Expected an object or a list for ${typeLabel(param)}, got ${kindOf(value)}.`,
      );
    }
    const record = value as Record<string, unknown>;
    const names = components.map((c, i) => c.name || String(i));
    const unknown = Object.keys(record).filter((k) => !names.includes(k));
    if (unknown.length > 0) {
      throw new ShapeError(where, `Unknown field "${unknown[0]?.slice(0, 40)}".`);
    }
    return components.map((c, i) => {
      const name = names[i] as string;
      const field = `${where}${where ? "." : ""}${name}`;
      if (!Object.hasOwn(record, name)) throw new ShapeError(where, `Missing field ${name}.`);
      return fromJson(c, record[name], field, depth + 1);
    });
  }
  let text: string;
  if (typeof value === "string") text = value;
  else if (value instanceof JsonNumber && intBounds(param.type)) text = value.source;
  else if (typeof value === "number" && intBounds(param.type)) {
    throw new ShapeError(where, "A number too big for JSON: write it as a string.");
  } else if (typeof value === "boolean" && param.type === "bool") return value;
  else throw new ShapeError(where, `Expected ${leafNoun(param.type)}, got ${kindOf(value)}.`);
  const leaf = parseLeaf(param.type, text);
  if (!leaf.ok) throw new ShapeError(where, leaf.error);
  return leaf.value;
}

function leafNoun(type: string): string {
  if (type === "address") return "an address (as a string)";
  if (type === "bool") return "true or false";
  if (type === "string") return "text";
  if (intBounds(type)) return "a number";
  return "hex bytes (as a string)";
}

/** An array's or tuple's JSON text → its ABI value. */
export function parseJsonValue(param: Param, text: string): Parsed {
  const json = readJson(text);
  if (!json.ok) return json;
  try {
    return ok(fromJson(param, json.value, "", 0));
  } catch (error) {
    if (error instanceof ShapeError) return fail(error.message);
    if (error instanceof RangeError) return fail("That value is nested too deeply.");
    throw error;
  }
}

/** The JSON text for an ABI value (bigints as strings), to switch a filled form to JSON. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v));
}

// ---- whole forms ------------------------------------------------------------------------------

/** Parses one field, recording each error under its path; returns undefined when it has errors. */
export function parseField(
  param: Param,
  state: FieldState,
  path: string,
  errors: FieldErrors,
  depth = 0,
): unknown {
  if (depth > limits.depth) {
    errors[path] = "Nested too deeply.";
    return undefined;
  }
  const shape = arrayShape(param.type);
  if (shape || isTuple(param)) {
    if (state.kind === "leaf") {
      errors[path] = "Internal form mismatch: reload the page.";
      return undefined;
    }
    if (state.mode === "json") {
      const parsed = parseJsonValue(param, state.json);
      if (!parsed.ok) errors[path] = parsed.error;
      return parsed.ok ? parsed.value : undefined;
    }
  }
  if (shape) {
    if (state.kind !== "list") {
      errors[path] = "Internal form mismatch: reload the page.";
      return undefined;
    }
    if (shape.length !== undefined && state.items.length !== shape.length) {
      errors[path] = `${param.type} needs exactly ${shape.length} items.`;
      return undefined;
    }
    if (state.items.length > limits.arrayItems) {
      errors[path] = "Too many items.";
      return undefined;
    }
    const element = elementParam(param);
    return state.items.map((item, i) =>
      parseField(element, item, `${path}.${i}`, errors, depth + 1),
    );
  }
  if (isTuple(param)) {
    if (state.kind !== "tuple") {
      errors[path] = "Internal form mismatch: reload the page.";
      return undefined;
    }
    const components = param.components ?? [];
    return components.map((c, i) => {
      const field = state.fields[i];
      if (!field) {
        errors[`${path}.${i}`] = "Missing field.";
        return undefined;
      }
      return parseField(c, field, `${path}.${i}`, errors, depth + 1);
    });
  }
  if (state.kind !== "leaf") {
    errors[path] = "Internal form mismatch: reload the page.";
    return undefined;
  }
  const parsed = parseLeaf(param.type, state.text);
  if (!parsed.ok) {
    errors[path] = parsed.error;
    return undefined;
  }
  return parsed.value;
}

/** Every input of a function → its arguments, or the errors by field path. */
export function parseInputs(
  params: readonly Param[],
  states: readonly FieldState[],
): { ok: true; args: unknown[] } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const args = params.map((param, i) => {
    const state = states[i];
    if (!state) {
      errors[String(i)] = "Missing field.";
      return undefined;
    }
    return parseField(param, state, String(i), errors);
  });
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, args };
}

/** The state at `path` (relative to `state`, "" for itself) replaced by `update(old)`. */
export function updateAt(
  state: FieldState,
  path: readonly number[],
  update: (old: FieldState) => FieldState,
): FieldState {
  if (path.length === 0) return update(state);
  const [head, ...rest] = path as [number, ...number[]];
  if (state.kind === "list") {
    const items = state.items.map((item, i) => (i === head ? updateAt(item, rest, update) : item));
    return { ...state, items };
  }
  if (state.kind === "tuple") {
    const fields = state.fields.map((f, i) => (i === head ? updateAt(f, rest, update) : f));
    return { ...state, fields };
  }
  return state;
}

/** The form state showing an ABI value (from parsed JSON), to switch JSON back to fields. */
export function stateFromValue(param: Param, value: unknown, depth = 0): FieldState {
  const shape = arrayShape(param.type);
  if (shape) {
    const items = Array.isArray(value) ? value : [];
    const fits = depth < limits.depth && items.length <= limits.fixedFields * 4;
    return fits
      ? {
          kind: "list",
          items: items.map((item) => stateFromValue(elementParam(param), item, depth + 1)),
          mode: "fields",
          json: "",
        }
      : { kind: "list", items: [], mode: "json", json: toJsonText(value) };
  }
  if (isTuple(param)) {
    const values = Array.isArray(value) ? value : [];
    return {
      kind: "tuple",
      fields: (param.components ?? []).map((c, i) => stateFromValue(c, values[i], depth + 1)),
      mode: "fields",
      json: "",
    };
  }
  if (typeof value === "bigint" || typeof value === "boolean" || typeof value === "number") {
    return { kind: "leaf", text: String(value) };
  }
  return { kind: "leaf", text: typeof value === "string" ? value : "" };
}
