// Protobuf wire format, read side: varints, tags and length-delimited fields. Only wire types
// 0 (varint) and 2 (length-delimited) occur in the Kubernetes messages gangway decodes; the
// fixed-width types are recognised so that an error can name them.

export class WireError extends Error {}

export interface Tag {
  field: number;
  wire: number;
}

export class Reader {
  readonly #buf: Uint8Array;
  #pos: number;
  readonly #end: number;

  constructor(buf: Uint8Array, start = 0, end = buf.length) {
    this.#buf = buf;
    this.#pos = start;
    this.#end = end;
  }

  get done(): boolean {
    return this.#pos >= this.#end;
  }

  /** An unsigned varint of up to 64 bits. */
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.#pos >= this.#end) throw new WireError('truncated varint');
      const b = this.#buf[this.#pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
    throw new WireError('varint longer than 10 bytes');
  }

  tag(): Tag {
    const v = this.varint();
    const field = Number(v >> 3n);
    if (field < 1 || field > 0x1fffffff) throw new WireError(`invalid field number ${field}`);
    return { field, wire: Number(v & 7n) };
  }

  /** The bytes of a length-delimited field (a view, not a copy). */
  bytes(): Uint8Array {
    const len = this.varint();
    if (len > BigInt(this.#end - this.#pos))
      throw new WireError('length-delimited field runs past its message');
    const start = this.#pos;
    this.#pos += Number(len);
    return this.#buf.subarray(start, this.#pos);
  }
}

/** A varint as a signed 64-bit integer (int32 and int64 fields: negatives are ten-byte varints). */
export function signed(v: bigint): number {
  return Number(BigInt.asIntN(64, v));
}

export const WIRE_NAMES: Readonly<Record<number, string>> = {
  0: 'varint',
  1: 'fixed64',
  2: 'length-delimited',
  3: 'start-group',
  4: 'end-group',
  5: 'fixed32',
};
