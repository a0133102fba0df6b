// A request body on the raw HTTP/1.1 listener: Content-Length bytes, or a chunked body decoded
// strictly (hex size, extensions skipped, CRLF after the size and after the data, trailers up
// to a blank line, a bare CR or LF or a space in the size is malformed), pushed into a
// Readable for the exchange, or discarded once the response went out before the body ended.
import { Readable } from 'node:stream';
import { PARSER_MAX_HEADER_SIZE } from './limits.ts';

/** What the body stream needs from its connection: more bytes when it is read. */
export interface BodySource {
  resumeBody(): void;
}

/** The request body as the exchange reads it; reading resumes the paused socket. */
export class BodyStream extends Readable {
  readonly #source: BodySource;

  constructor(source: BodySource) {
    super();
    this.#source = source;
  }

  override _read(): void {
    this.#source.resumeBody();
  }
}

const SIZE = 0;
const EXT = 1;
const SIZE_LF = 2;
const DATA = 3;
const DATA_CR = 4;
const DATA_LF = 5;
const TRAILER_START = 6;
const TRAILER_LINE = 7;
const TRAILER_LF = 8;
const FINAL_LF = 9;
const DONE = 10;

/** 2^53 / 16: one more hex digit would pass Number.MAX_SAFE_INTEGER. */
const MAX_SIZE_BEFORE_DIGIT = 2 ** 49;

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** One request's body being read off the connection. */
export class RawBody {
  /** Where the bytes go; null: discarded (the response already ended). */
  sink: BodyStream | null;
  readonly #chunked: boolean;
  #state: number;
  #remaining: number;
  #digits = 0;
  #trailerBytes = 0;

  constructor(sink: BodyStream | null, chunked: boolean, contentLength: number) {
    this.sink = sink;
    this.#chunked = chunked;
    this.#state = chunked ? SIZE : DATA;
    this.#remaining = chunked ? 0 : contentLength;
  }

  get done(): boolean {
    return this.#state === DONE;
  }

  /**
   * Consumes body bytes from buf[start..]: the offset where the body ended (then `done`) or
   * buf.length, or -1 for a malformed chunked body.
   */
  feed(buf: Buffer, start: number): number {
    let i = start;
    const len = buf.length;
    while (i < len) {
      const state = this.#state;
      if (state === DATA) {
        const n = Math.min(this.#remaining, len - i);
        this.#push(i === 0 && n === len ? buf : buf.subarray(i, i + n));
        i += n;
        this.#remaining -= n;
        if (this.#remaining === 0) {
          if (!this.#chunked) {
            this.#state = this.#finish();
            return i;
          }
          this.#state = DATA_CR;
        }
        continue;
      }
      const c = buf[i]!;
      i++;
      switch (state) {
        case SIZE: {
          const h = hexValue(c);
          if (h >= 0) {
            if (this.#remaining >= MAX_SIZE_BEFORE_DIGIT) return -1;
            this.#remaining = this.#remaining * 16 + h;
            this.#digits++;
          } else if (this.#digits === 0) return -1;
          else if (c === 59 /* ; */) this.#state = EXT;
          else if (c === 13) this.#state = SIZE_LF;
          else return -1;
          break;
        }
        case EXT:
          if (c === 13) this.#state = SIZE_LF;
          else if (c < 32 && c !== 9) return -1;
          break;
        case SIZE_LF:
          if (c !== 10) return -1;
          this.#digits = 0;
          this.#state = this.#remaining === 0 ? TRAILER_START : DATA;
          break;
        case DATA_CR:
          if (c !== 13) return -1;
          this.#state = DATA_LF;
          break;
        case DATA_LF:
          if (c !== 10) return -1;
          this.#state = SIZE;
          break;
        case TRAILER_START:
          if (c === 13) this.#state = FINAL_LF;
          else if (c === 10 || c === 32 || c === 9) return -1;
          else this.#state = TRAILER_LINE;
          break;
        case TRAILER_LINE:
          if (++this.#trailerBytes > PARSER_MAX_HEADER_SIZE) return -1;
          if (c === 13) this.#state = TRAILER_LF;
          else if ((c < 32 && c !== 9) || c === 127) return -1;
          break;
        case TRAILER_LF:
          if (c !== 10) return -1;
          this.#state = TRAILER_START;
          break;
        case FINAL_LF:
          if (c !== 10) return -1;
          this.#state = this.#finish();
          return i;
      }
      if (this.#state === DONE) return i;
    }
    return this.#state === DONE ? i : len;
  }

  /** Whether the exchange wants no more for now (the socket should pause). */
  full(): boolean {
    const s = this.sink;
    return s !== null && s.readableLength >= s.readableHighWaterMark;
  }

  /** The client went away (or sent garbage) before the body ended. */
  abort(err: Error): void {
    const s = this.sink;
    this.sink = null;
    if (s !== null && !s.destroyed) s.destroy(err);
  }

  #push(chunk: Buffer): void {
    if (this.sink !== null) this.sink.push(chunk);
  }

  #finish(): number {
    const s = this.sink;
    if (s !== null) s.push(null);
    return DONE;
  }
}
