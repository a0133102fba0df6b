// The raw HTTP/1.1 listener's request head parser: where the head ends (CRLFCRLF, searched
// incrementally) and what it says, decoded once as latin1 into a flat raw header array. As
// strict as node's llhttp: known methods only, HTTP/1.0 or 1.1, CRLF line ends (a bare CR or
// LF is malformed), token header names with no space before the colon, no obs-fold, no control
// characters in values, Content-Length digits only and at most once, no Content-Length with
// Transfer-Encoding, Host required for HTTP/1.1. A Transfer-Encoding whose last coding is not
// chunked is 501; the ALB's own limits (400/405/501) are checked later by requestLimitStatus.
import { METHODS } from 'node:http';

const KNOWN_METHODS = new Set(METHODS);

/** A request head, parsed. */
export interface RawHead {
  method: string;
  target: string;
  /** The minor version: 0 for HTTP/1.0, 1 for HTTP/1.1. */
  minor: number;
  rawHeaders: string[];
  /** The Host header ('' when absent). */
  host: string;
  /** The Content-Length, or -1 when absent. */
  contentLength: number;
  chunked: boolean;
  /** Whether the connection may stay open after this request (version and Connection). */
  keepAlive: boolean;
  /** Expect: 'continue' for 100-continue, 'other' for an expectation node refuses (417). */
  expect: 'none' | 'continue' | 'other';
}

/** A head the listener refuses: the ALB page status, or 0 to close without an answer. */
export interface HeadError {
  error: number;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Control characters are what these two look for.
/* eslint-disable no-control-regex */
/** Anything a field value may not hold (CR, LF, NUL, other controls but HTAB, DEL). */
const BAD_VALUE = /[\x00-\x08\x0a-\x1f\x7f]/;
/** Anything a request target may not hold (controls, space, DEL). */
const BAD_TARGET = /[\x00-\x20\x7f]/;
/* eslint-enable no-control-regex */
const DIGITS = /^[0-9]+$/;
const CONTINUE = /(?:^|\W)100-continue(?:$|\W)/i;

const CRLFCRLF = Buffer.from('\r\n\r\n');

/**
 * The offset just past the head's blank line in buf[start..], or -1 when it has not all
 * arrived (`from`: where the previous search stopped, so trickled heads cost no rescans).
 */
export function findHeadEnd(buf: Buffer, start: number, from: number): number {
  const i = buf.indexOf(CRLFCRLF, Math.max(start, from - 3));
  return i < 0 ? -1 : i + 4;
}

/**
 * Whether buf[from..to) (of a head begun at `start`) holds a line break llhttp refuses before the head has ended: a LF
 * without its CR, or a CR followed by anything but LF (checked on what arrived, so a head
 * made of bare LFs is refused at once rather than waited for).
 */
export function hasBareLineBreak(buf: Buffer, start: number, from: number, to: number): boolean {
  let i = buf.indexOf(10, from);
  while (i >= 0 && i < to) {
    if (i === start || buf[i - 1] !== 13) return true;
    i = buf.indexOf(10, i + 1);
  }
  i = buf.indexOf(13, from);
  while (i >= 0 && i + 1 < to) {
    if (buf[i + 1] !== 10) return true;
    i = buf.indexOf(13, i + 1);
  }
  return false;
}

/** Skips the empty lines llhttp tolerates before a request line; returns the new start. */
export function skipEmptyLines(buf: Buffer, start: number): number {
  let i = start;
  while (i + 1 < buf.length && buf[i] === 13 && buf[i + 1] === 10) i += 2;
  return i;
}

function fail(status: number): HeadError {
  return { error: status };
}

function hasToken(value: string, token: string): boolean {
  for (const part of value.split(',')) if (part.trim().toLowerCase() === token) return true;
  return false;
}

/** Parses a head (`text`: from the request line to the final CRLFCRLF included). */
export function parseHead(text: string): RawHead | HeadError {
  let eol = text.indexOf('\r\n');
  if (eol < 0) return fail(400);
  const sp1 = text.indexOf(' ');
  if (sp1 <= 0 || sp1 > eol) return fail(400);
  const method = text.slice(0, sp1);
  // CONNECT (a tunnel) is not something the ALB serves: node would drop it, we answer 400.
  if (!KNOWN_METHODS.has(method) || method === 'CONNECT') return fail(400);
  let t = sp1;
  while (text.charCodeAt(t) === 32) t++;
  const sp2 = text.indexOf(' ', t);
  if (sp2 < 0 || sp2 > eol) return fail(400);
  const target = text.slice(t, sp2);
  if (BAD_TARGET.test(target)) return fail(400);
  const version = text.slice(sp2 + 1, eol);
  let minor: number;
  if (version === 'HTTP/1.1') minor = 1;
  else if (version === 'HTTP/1.0') minor = 0;
  else return fail(400);

  const raw: string[] = [];
  let host: string | undefined;
  let contentLength = -1;
  let te: string | undefined;
  let connClose = false;
  let connKeepAlive = false;
  let expect: RawHead['expect'] = 'none';
  let pos = eol + 2;
  const end = text.length - 2; // the blank line's CRLF
  while (pos < end) {
    eol = text.indexOf('\r\n', pos);
    const c = text.charCodeAt(pos);
    if (c === 32 || c === 9) return fail(400); // obs-fold
    const colon = text.indexOf(':', pos);
    if (colon < 0 || colon > eol) return fail(400);
    const name = text.slice(pos, colon);
    if (!TOKEN.test(name)) return fail(400);
    let vs = colon + 1;
    let ve = eol;
    while (vs < ve && (text.charCodeAt(vs) === 32 || text.charCodeAt(vs) === 9)) vs++;
    while (ve > vs && (text.charCodeAt(ve - 1) === 32 || text.charCodeAt(ve - 1) === 9)) ve--;
    const value = text.slice(vs, ve);
    if (BAD_VALUE.test(value)) return fail(400);
    raw.push(name, value);
    pos = eol + 2;
    const n = name.length;
    if (n !== 4 && n !== 6 && n !== 10 && n !== 14 && n !== 17) continue;
    switch (name.toLowerCase()) {
      case 'host':
        host ??= value;
        break;
      case 'content-length':
        if (contentLength !== -1 || !DIGITS.test(value)) return fail(400);
        contentLength = Number(value);
        if (!Number.isSafeInteger(contentLength)) return fail(400);
        break;
      case 'transfer-encoding':
        te = te === undefined ? value : `${te}, ${value}`;
        break;
      case 'connection':
        if (hasToken(value, 'close')) connClose = true;
        else if (hasToken(value, 'keep-alive')) connKeepAlive = true;
        break;
      case 'expect':
        if (minor === 1) expect = CONTINUE.test(value) ? 'continue' : 'other';
        break;
    }
  }
  let chunked = false;
  if (te !== undefined) {
    if (contentLength !== -1) return fail(400);
    const codings = te.split(',');
    if (codings[codings.length - 1]!.trim().toLowerCase() !== 'chunked') return fail(501);
    chunked = true;
  }
  if (host === undefined && minor === 1) return fail(400);
  return {
    method,
    target,
    minor,
    rawHeaders: raw,
    host: host ?? '',
    contentLength,
    chunked,
    keepAlive: minor === 1 ? !connClose : connKeepAlive && !connClose,
    expect,
  };
}
