// The head of an upstream HTTP/1.x response, parsed by hand: the status line and the header
// lines of one latin1 decode of the bytes up to CRLFCRLF, the headers as a flat raw array of
// Buffer views (name, value, ...) the way undici hands them over, plus what the body framing
// and connection reuse need (content-length, chunked, connection: close, keep-alive timeout).
// Malformed input (a bad status line, a header line without a token name, obs-fold, both
// content-length and transfer-encoding, differing content-lengths) is an error.

/** Envoy's default max_response_headers_kb (60 KiB). */
export const MAX_RESPONSE_HEAD = 60 * 1024;

export interface ResponseHead {
  status: number;
  statusText: string;
  /** Name, value, name, value ... (views into the received bytes). */
  raw: Buffer[];
  /** HTTP/1.0 (the connection closes after the response). */
  http10: boolean;
  /** Content-Length, or -1 when absent. */
  contentLength: number;
  chunked: boolean;
  /** Connection: close. */
  close: boolean;
  /** The server's keep-alive timeout hint (Keep-Alive: timeout=N) in ms, or -1. */
  keepAliveMs: number;
}

/** A response the proxy cannot parse (undici's HTTPParserError surfaces the same way). */
export class ResponseParseError extends Error {
  readonly code: string;
  constructor(message: string, code = 'HPE_INVALID_RESPONSE') {
    super(message);
    this.name = 'ResponseParseError';
    this.code = code;
  }
}

const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');

/** The offset just past the head's CRLFCRLF in `buf` from `start`, or -1 when incomplete. */
export function headEnd(buf: Buffer, start: number): number {
  const i = buf.indexOf(CRLFCRLF, start);
  return i < 0 ? -1 : i + 4;
}

// RFC 9110 tchar.
const TOKEN = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
  TOKEN[c.charCodeAt(0)] = 1;

function isToken(s: string, from: number, to: number): boolean {
  if (from >= to) return false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || TOKEN[c] !== 1) return false;
  }
  return true;
}

function validValue(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return false;
  }
  return true;
}

function lowerEquals(s: string, from: number, to: number, name: string): boolean {
  if (to - from !== name.length) return false;
  for (let i = 0; i < name.length; i++)
    if ((s.charCodeAt(from + i) | 0x20) !== name.charCodeAt(i)) return false;
  return true;
}

function hasToken(list: string, token: string): boolean {
  for (const t of list.split(',')) if (t.trim().toLowerCase() === token) return true;
  return false;
}

function keepAliveTimeout(v: string): number {
  for (const p of v.split(',')) {
    const [k, n] = p.split('=');
    if (k?.trim().toLowerCase() === 'timeout' && n !== undefined) {
      const s = Number(n.trim());
      if (Number.isFinite(s) && s >= 0) return s * 1000;
    }
  }
  return -1;
}

/** Parses the head in `buf[start, end)` (`end` just past CRLFCRLF). */
export function parseResponseHead(buf: Buffer, start: number, end: number): ResponseHead {
  const s = buf.toString('latin1', start, end - 2);
  const eol = s.indexOf('\r\n');
  // 'HTTP/1.1 200' at least, then an optional ' reason'.
  if (
    eol < 12 ||
    !s.startsWith('HTTP/1.') ||
    (s.charCodeAt(7) !== 0x31 && s.charCodeAt(7) !== 0x30) ||
    s.charCodeAt(8) !== 0x20
  )
    throw new ResponseParseError('invalid status line');
  const status = Number(s.slice(9, 12));
  if (!/^[1-9]\d\d$/.test(s.slice(9, 12)) || (eol > 12 && s.charCodeAt(12) !== 0x20))
    throw new ResponseParseError('invalid status code', 'HPE_INVALID_STATUS');
  const statusText = eol > 13 ? s.slice(13, eol) : '';
  if (!validValue(s, 13, eol)) throw new ResponseParseError('invalid status line');
  const head: ResponseHead = {
    status,
    statusText,
    raw: [],
    http10: s.charCodeAt(7) === 0x30,
    contentLength: -1,
    chunked: false,
    close: false,
    keepAliveMs: -1,
  };
  let te = false;
  let pos = eol + 2;
  const last = s.length;
  while (pos < last) {
    let lineEnd = s.indexOf('\r\n', pos);
    if (lineEnd < 0) lineEnd = last;
    const first = s.charCodeAt(pos);
    if (first === 0x20 || first === 0x09)
      throw new ResponseParseError('obs-fold', 'HPE_INVALID_HEADER_TOKEN');
    const colon = s.indexOf(':', pos);
    if (colon < 0 || colon > lineEnd || !isToken(s, pos, colon))
      throw new ResponseParseError('invalid header name', 'HPE_INVALID_HEADER_TOKEN');
    let vs = colon + 1;
    let ve = lineEnd;
    while (vs < ve && (s.charCodeAt(vs) === 0x20 || s.charCodeAt(vs) === 0x09)) vs++;
    while (ve > vs && (s.charCodeAt(ve - 1) === 0x20 || s.charCodeAt(ve - 1) === 0x09)) ve--;
    if (!validValue(s, vs, ve))
      throw new ResponseParseError('invalid header value', 'HPE_INVALID_HEADER_TOKEN');
    head.raw.push(buf.subarray(start + pos, start + colon), buf.subarray(start + vs, start + ve));
    const c = s.charCodeAt(pos) | 0x20;
    if (c === 0x63) {
      if (lowerEquals(s, pos, colon, 'content-length')) {
        const v = s.slice(vs, ve);
        if (!/^\d{1,15}$/.test(v))
          throw new ResponseParseError('invalid content-length', 'HPE_INVALID_CONTENT_LENGTH');
        const n = Number(v);
        if (head.contentLength >= 0 && head.contentLength !== n)
          throw new ResponseParseError('duplicate content-length', 'HPE_UNEXPECTED_CONTENT_LENGTH');
        head.contentLength = n;
      } else if (lowerEquals(s, pos, colon, 'connection')) {
        if (hasToken(s.slice(vs, ve), 'close')) head.close = true;
      }
    } else if (c === 0x74 && lowerEquals(s, pos, colon, 'transfer-encoding')) {
      te = true;
      const codings = s.slice(vs, ve).split(',');
      head.chunked = codings[codings.length - 1]?.trim().toLowerCase() === 'chunked';
    } else if (c === 0x6b && lowerEquals(s, pos, colon, 'keep-alive')) {
      head.keepAliveMs = keepAliveTimeout(s.slice(vs, ve));
    }
    pos = lineEnd + 2;
  }
  if (te && head.contentLength >= 0)
    throw new ResponseParseError('content-length with transfer-encoding', 'HPE_UNEXPECTED_CONTENT_LENGTH');
  return head;
}
