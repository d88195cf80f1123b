// Reads ModelProto.metadata_props (the `key → value` strings the exporter wrote, e.g. `version`)
// from an ONNX file. onnxruntime-node does not expose them, and pulling in a protobuf library
// for one repeated field is not worth it: this walks the top-level protobuf fields only.

const metadataPropsField = 14;

class Reader {
  readonly bytes: Uint8Array;
  offset: number;
  readonly end: number;
  constructor(bytes: Uint8Array, offset = 0, end = bytes.length) {
    this.bytes = bytes;
    this.offset = offset;
    this.end = end;
  }
  varint(): number {
    let value = 0;
    let shift = 0;
    for (;;) {
      if (this.offset >= this.end) throw new Error("truncated varint");
      const byte = this.bytes[this.offset++] as number;
      // Doubles stay exact up to 2^53: enough for tags and lengths of an in-memory model.
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
      shift += 7;
      if (shift > 63) throw new Error("varint too long");
    }
  }
  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.offset += 8;
    else if (wireType === 2) {
      const length = this.varint();
      this.offset += length;
    } else if (wireType === 5) this.offset += 4;
    else throw new Error(`unsupported protobuf wire type ${wireType}`);
    if (this.offset > this.end) throw new Error("truncated field");
  }
  bytesField(): Uint8Array {
    const length = this.varint();
    const start = this.offset;
    this.offset += length;
    if (this.offset > this.end) throw new Error("truncated field");
    return this.bytes.subarray(start, this.offset);
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** StringStringEntryProto: key = 1, value = 2. */
function readEntry(bytes: Uint8Array): [string, string] {
  const reader = new Reader(bytes);
  let key = "";
  let value = "";
  while (reader.offset < reader.end) {
    const tag = reader.varint();
    const field = Math.floor(tag / 8);
    const wireType = tag & 7;
    if (wireType === 2 && (field === 1 || field === 2)) {
      const text = utf8.decode(reader.bytesField());
      if (field === 1) key = text;
      else value = text;
    } else reader.skip(wireType);
  }
  return [key, value];
}

/** The model's metadata_props as a plain object; throws on a file that is not protobuf. */
export function readOnnxMetadata(model: Uint8Array): Record<string, string> {
  const reader = new Reader(model);
  const metadata: Record<string, string> = {};
  while (reader.offset < reader.end) {
    const tag = reader.varint();
    const field = Math.floor(tag / 8);
    const wireType = tag & 7;
    if (field === metadataPropsField && wireType === 2) {
      const [key, value] = readEntry(reader.bytesField());
      metadata[key] = value;
    } else reader.skip(wireType);
  }
  return metadata;
}
