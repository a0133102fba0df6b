// RFC 1035 wire format, the part an authoritative server needs: parsing a query (header,
// one question, an EDNS0 OPT record per RFC 6891) and writing a response with name
// compression. Pure functions over Buffers; no I/O.

export const TYPE = { A: 1, NS: 2, CNAME: 5, SOA: 6, TXT: 16, AAAA: 28, OPT: 41, ANY: 255 } as const;
export const CLASS_IN = 1;
export const CLASS_ANY = 255;
export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
/** Extended RCODE 16 (RFC 6891): the upper 8 bits go in the OPT record. */
export const BADVERS = 16;

export interface Question {
  name: string; // as sent (case kept), no trailing dot; '' for the root
  type: number;
  class: number;
}

export interface Edns {
  udpSize: number;
  version: number;
  dnssecOk: boolean;
}

export interface Query {
  id: number;
  opcode: number;
  rd: boolean;
  cd: boolean;
  /** Undefined when the question section could not be read: answer FORMERR. */
  question: Question | undefined;
  edns: Edns | undefined;
}

export class WireError extends Error {}

/** Reads a (possibly compressed) name at `offset`; returns it and the offset after it. */
export function readName(buf: Buffer, offset: number): { name: string; end: number } {
  const labels: string[] = [];
  let pos = offset;
  let end = -1;
  let jumps = 0;
  let length = 0;
  for (;;) {
    if (pos >= buf.length) throw new WireError('name runs past the message');
    const len = buf[pos]!;
    if (len === 0) {
      if (end < 0) end = pos + 1;
      break;
    }
    const kind = len & 0xc0;
    if (kind === 0xc0) {
      if (pos + 1 >= buf.length) throw new WireError('truncated pointer');
      if (++jumps > 32) throw new WireError('compression loop');
      if (end < 0) end = pos + 2;
      pos = ((len & 0x3f) << 8) | buf[pos + 1]!;
      continue;
    }
    if (kind !== 0) throw new WireError('unknown label type');
    if (pos + 1 + len > buf.length) throw new WireError('label runs past the message');
    length += len + 1;
    if (length > 255) throw new WireError('name longer than 255 octets');
    labels.push(buf.toString('latin1', pos + 1, pos + 1 + len));
    pos += 1 + len;
  }
  return { name: labels.join('.'), end };
}

/** Skips one resource record; returns its type, class, ttl, rdata span and the end offset. */
function readRecord(buf: Buffer, offset: number) {
  const { name, end } = readName(buf, offset);
  if (end + 10 > buf.length) throw new WireError('truncated record');
  const rdlen = buf.readUInt16BE(end + 8);
  const rdEnd = end + 10 + rdlen;
  if (rdEnd > buf.length) throw new WireError('truncated rdata');
  return {
    name,
    type: buf.readUInt16BE(end),
    klass: buf.readUInt16BE(end + 2),
    ttl: buf.readUInt32BE(end + 4),
    end: rdEnd,
  };
}

/** A query, or undefined for what must be dropped (too short, or a response). */
export function parseQuery(buf: Buffer): Query | undefined {
  if (buf.length < 12) return undefined;
  const flags = buf.readUInt16BE(2);
  if (flags & 0x8000) return undefined; // QR set: a response, never answer it
  const q: Query = {
    id: buf.readUInt16BE(0),
    opcode: (flags >> 11) & 0xf,
    rd: (flags & 0x0100) !== 0,
    cd: (flags & 0x0010) !== 0,
    question: undefined,
    edns: undefined,
  };
  const qd = buf.readUInt16BE(4);
  const an = buf.readUInt16BE(6);
  const ns = buf.readUInt16BE(8);
  const ar = buf.readUInt16BE(10);
  if (qd !== 1) return q;
  try {
    const { name, end } = readName(buf, 12);
    if (end + 4 > buf.length) return q;
    const question = { name, type: buf.readUInt16BE(end), class: buf.readUInt16BE(end + 2) };
    let pos = end + 4;
    for (let i = 0; i < an + ns; i++) pos = readRecord(buf, pos).end;
    for (let i = 0; i < ar; i++) {
      const rr = readRecord(buf, pos);
      pos = rr.end;
      if (rr.type !== TYPE.OPT) continue;
      if (rr.name !== '' || q.edns) return q; // OPT must be at the root, and only one
      q.edns = {
        udpSize: Math.max(512, rr.klass),
        version: (rr.ttl >>> 16) & 0xff,
        dnssecOk: (rr.ttl & 0x8000) !== 0,
      };
    }
    q.question = question;
  } catch (err) {
    if (!(err instanceof WireError)) throw err;
  }
  return q;
}

export type RData =
  | { type: typeof TYPE.A; address: string }
  | { type: typeof TYPE.TXT; text: string }
  | {
      type: typeof TYPE.SOA;
      mname: string;
      rname: string;
      serial: number;
      refresh: number;
      retry: number;
      expire: number;
      minimum: number;
    };

export interface ResourceRecord {
  name: string;
  ttl: number;
  data: RData;
}

export interface Response {
  query: Query;
  rcode: number; // may be BADVERS (extended)
  aa: boolean;
  answers: readonly ResourceRecord[];
  authority: readonly ResourceRecord[];
  /** Our EDNS UDP payload size, sent when the query had EDNS. */
  udpSize: number;
}

/** A growing message with a name-compression table (lower-cased suffix -> offset). */
class Writer {
  buf = Buffer.alloc(512);
  len = 0;
  readonly #names = new Map<string, number>();

  #room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
  u8(v: number): void {
    this.#room(1);
    this.buf[this.len++] = v;
  }
  u16(v: number): void {
    this.#room(2);
    this.buf.writeUInt16BE(v, this.len);
    this.len += 2;
  }
  u32(v: number): void {
    this.#room(4);
    this.buf.writeUInt32BE(v >>> 0, this.len);
    this.len += 4;
  }
  bytes(b: Buffer): void {
    this.#room(b.length);
    b.copy(this.buf, this.len);
    this.len += b.length;
  }
  name(name: string): void {
    const labels = name === '' ? [] : name.split('.');
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).join('.').toLowerCase();
      const at = this.#names.get(suffix);
      if (at !== undefined) {
        this.u16(0xc000 | at);
        return;
      }
      if (this.len < 0x4000) this.#names.set(suffix, this.len);
      const label = Buffer.from(labels[i]!, 'latin1');
      this.u8(label.length);
      this.bytes(label);
    }
    this.u8(0);
  }
}

function writeRecord(w: Writer, rr: ResourceRecord): void {
  w.name(rr.name);
  w.u16(rr.data.type);
  w.u16(CLASS_IN);
  w.u32(rr.ttl);
  const lenAt = w.len;
  w.u16(0);
  const d = rr.data;
  switch (d.type) {
    case TYPE.A:
      for (const part of d.address.split('.')) w.u8(Number(part));
      break;
    case TYPE.TXT: {
      const text = Buffer.from(d.text, 'utf8');
      if (text.length === 0) w.u8(0);
      for (let i = 0; i < text.length; i += 255) {
        const chunk = text.subarray(i, i + 255);
        w.u8(chunk.length);
        w.bytes(chunk);
      }
      break;
    }
    case TYPE.SOA:
      w.name(d.mname);
      w.name(d.rname);
      for (const v of [d.serial, d.refresh, d.retry, d.expire, d.minimum]) w.u32(v);
      break;
  }
  w.buf.writeUInt16BE(w.len - lenAt - 2, lenAt);
}

function encode(r: Response, truncated: boolean): Buffer {
  const q = r.query;
  const w = new Writer();
  const withEdns = q.edns !== undefined;
  w.u16(q.id);
  let flags = 0x8000 | (q.opcode << 11) | 0x0080; // QR, opcode, RA
  if (r.aa) flags |= 0x0400;
  if (truncated) flags |= 0x0200;
  if (q.rd) flags |= 0x0100;
  if (q.cd) flags |= 0x0010;
  flags |= r.rcode & 0xf;
  w.u16(flags);
  w.u16(q.question ? 1 : 0);
  const answers = truncated ? [] : r.answers;
  const authority = truncated ? [] : r.authority;
  w.u16(answers.length);
  w.u16(authority.length);
  w.u16(withEdns ? 1 : 0);
  if (q.question) {
    w.name(q.question.name);
    w.u16(q.question.type);
    w.u16(q.question.class);
  }
  for (const rr of answers) writeRecord(w, rr);
  for (const rr of authority) writeRecord(w, rr);
  if (withEdns) {
    w.u8(0); // root
    w.u16(TYPE.OPT);
    w.u16(r.udpSize);
    w.u32(((r.rcode >> 4) & 0xff) << 24); // extended rcode, version 0, no flags
    w.u16(0);
  }
  return Buffer.from(w.buf.subarray(0, w.len));
}

/**
 * The response message. `limit`: the largest message the transport carries (UDP: 512, or
 * the client's EDNS size capped by ours); a longer one is sent truncated (TC, no records).
 */
export function encodeResponse(r: Response, limit = 65535): Buffer {
  const full = encode(r, false);
  return full.length <= limit ? full : encode(r, true);
}
