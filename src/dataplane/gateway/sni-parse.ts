// Envoy's TLS inspector: reads the ClientHello from the first bytes of a connection without
// terminating TLS and finds the server_name extension (RFC 6066) and ALPN (RFC 7301). The
// handshake message may span several records; the caller feeds what arrived so far and asks
// again with more bytes while the answer is 'more'.

export type ClientHelloPeek =
  { kind: 'more' } | { kind: 'not-tls' } | { kind: 'hello'; serverName: string | undefined; alpn: string[] };

const RECORD_HANDSHAKE = 22;
const HANDSHAKE_CLIENT_HELLO = 1;
const EXT_SERVER_NAME = 0;
const EXT_ALPN = 16;
/** Envoy's tls_inspector gives up on hellos larger than 64 KiB. */
export const MAX_CLIENT_HELLO = 64 * 1024;

const MORE: ClientHelloPeek = { kind: 'more' };
const NOT_TLS: ClientHelloPeek = { kind: 'not-tls' };

/** The handshake bytes carried by the leading handshake records, or a verdict. */
function handshakeBytes(buf: Buffer): Buffer | ClientHelloPeek {
  const parts: Buffer[] = [];
  let off = 0;
  let have = 0;
  let need = -1;
  for (;;) {
    if (buf.length < off + 5) return buf.length > MAX_CLIENT_HELLO ? NOT_TLS : MORE;
    if (buf[off] !== RECORD_HANDSHAKE || buf[off + 1] !== 3) return NOT_TLS;
    const len = buf.readUInt16BE(off + 3);
    if (len === 0 || len > 16384 + 2048) return NOT_TLS;
    if (buf.length < off + 5 + len) return buf.length > MAX_CLIENT_HELLO ? NOT_TLS : MORE;
    const frag = buf.subarray(off + 5, off + 5 + len);
    parts.push(frag);
    have += frag.length;
    off += 5 + len;
    if (need < 0 && have >= 4) {
      const head = parts.length === 1 ? frag : Buffer.concat(parts);
      if (head[0] !== HANDSHAKE_CLIENT_HELLO) return NOT_TLS;
      need = 4 + head.readUIntBE(1, 3);
      if (need > MAX_CLIENT_HELLO) return NOT_TLS;
    }
    if (need >= 0 && have >= need) {
      const all = parts.length === 1 ? frag : Buffer.concat(parts);
      return all.subarray(4, need);
    }
  }
}

function parseServerName(ext: Buffer): string | undefined {
  if (ext.length < 2) return undefined;
  const end = Math.min(ext.length, 2 + ext.readUInt16BE(0));
  let p = 2;
  while (p + 3 <= end) {
    const type = ext[p] as number;
    const len = ext.readUInt16BE(p + 1);
    p += 3;
    if (p + len > end) return undefined;
    if (type === 0) return ext.toString('latin1', p, p + len).toLowerCase();
    p += len;
  }
  return undefined;
}

function parseAlpn(ext: Buffer): string[] {
  const out: string[] = [];
  if (ext.length < 2) return out;
  const end = Math.min(ext.length, 2 + ext.readUInt16BE(0));
  let p = 2;
  while (p < end) {
    const len = ext[p] as number;
    if (p + 1 + len > end) break;
    out.push(ext.toString('latin1', p + 1, p + 1 + len));
    p += 1 + len;
  }
  return out;
}

/** Reads the ClientHello at the start of `buf` (the bytes received so far). */
export function peekClientHello(buf: Buffer): ClientHelloPeek {
  const body = handshakeBytes(buf);
  if (!Buffer.isBuffer(body)) return body;
  // client_version(2) random(32) session_id<1> cipher_suites<2> compression<1> extensions<2>
  let p = 34;
  if (body.length < p + 1) return NOT_TLS;
  p += 1 + (body[p] as number);
  if (body.length < p + 2) return NOT_TLS;
  p += 2 + body.readUInt16BE(p);
  if (body.length < p + 1) return NOT_TLS;
  p += 1 + (body[p] as number);
  if (p > body.length) return NOT_TLS;
  let serverName: string | undefined;
  let alpn: string[] = [];
  if (body.length >= p + 2) {
    const end = Math.min(body.length, p + 2 + body.readUInt16BE(p));
    p += 2;
    while (p + 4 <= end) {
      const type = body.readUInt16BE(p);
      const len = body.readUInt16BE(p + 2);
      p += 4;
      if (p + len > end) return NOT_TLS;
      const ext = body.subarray(p, p + len);
      if (type === EXT_SERVER_NAME) serverName = parseServerName(ext);
      else if (type === EXT_ALPN) alpn = parseAlpn(ext);
      p += len;
    }
  }
  return { kind: 'hello', serverName: serverName === '' ? undefined : serverName, alpn };
}
