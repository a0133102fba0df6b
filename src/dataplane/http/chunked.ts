// Decoding a chunked response body (RFC 9112 7.1) as bytes arrive: hex sizes, chunk
// extensions skipped, data handed on as views of the received buffer, trailer fields read and
// dropped. One decoder per upstream connection, reset per response; malformed framing throws.
import { ResponseParseError } from './response-head.ts';

/** Where decoded body bytes go. */
export interface ChunkSink {
  chunkData(data: Buffer): void;
}

const SIZE = 0;
const EXT = 1;
const SIZE_LF = 2;
const DATA = 3;
const DATA_CR = 4;
const DATA_LF = 5;
const TRAILER = 6;
const TRAILER_LF = 7;
const DONE = 8;

/** A size line or trailer section longer than this is refused. */
const MAX_LINE = 16 * 1024;

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

function malformed(what: string): ResponseParseError {
  return new ResponseParseError(`invalid chunked body: ${what}`, 'HPE_INVALID_CHUNK_SIZE');
}

export class ChunkedDecoder {
  #state = SIZE;
  #size = 0;
  #digits = 0;
  #line = 0;
  /** Bytes of the current trailer line (0: the line is empty so far). */
  #trailerLine = 0;

  reset(): void {
    this.#state = SIZE;
    this.#size = 0;
    this.#digits = 0;
    this.#line = 0;
    this.#trailerLine = 0;
  }

  get done(): boolean {
    return this.#state === DONE;
  }

  /**
   * Decodes `buf` from `pos`; returns the offset just past the body's end, or -1 when all of
   * `buf` was consumed and more is needed.
   */
  decode(buf: Buffer, pos: number, sink: ChunkSink): number {
    const n = buf.length;
    let i = pos;
    while (i < n) {
      switch (this.#state) {
        case DATA: {
          const take = Math.min(this.#size, n - i);
          sink.chunkData(buf.subarray(i, i + take));
          i += take;
          this.#size -= take;
          if (this.#size === 0) this.#state = DATA_CR;
          break;
        }
        case SIZE: {
          const c = buf[i] as number;
          const h = hexValue(c);
          if (h >= 0) {
            if (++this.#digits > 12) throw malformed('size too large');
            this.#size = this.#size * 16 + h;
          } else if (this.#digits === 0) throw malformed('missing size');
          else if (c === 0x3b || c === 0x20 || c === 0x09) this.#state = EXT;
          else if (c === 0x0d) this.#state = SIZE_LF;
          else throw malformed('bad size');
          i++;
          break;
        }
        case EXT: {
          const c = buf[i] as number;
          if (c === 0x0d) this.#state = SIZE_LF;
          else if (c === 0x0a || ++this.#line > MAX_LINE) throw malformed('bad extension');
          i++;
          break;
        }
        case SIZE_LF: {
          if (buf[i] !== 0x0a) throw malformed('bare CR');
          i++;
          this.#digits = 0;
          this.#line = 0;
          if (this.#size === 0) {
            this.#state = TRAILER;
            this.#trailerLine = 0;
          } else this.#state = DATA;
          break;
        }
        case DATA_CR:
          if (buf[i] !== 0x0d) throw malformed('missing CRLF after data');
          this.#state = DATA_LF;
          i++;
          break;
        case DATA_LF:
          if (buf[i] !== 0x0a) throw malformed('missing CRLF after data');
          this.#state = SIZE;
          i++;
          break;
        case TRAILER: {
          const c = buf[i] as number;
          if (c === 0x0d) this.#state = TRAILER_LF;
          else if (c === 0x0a || ++this.#line > MAX_LINE) throw malformed('bad trailer');
          else this.#trailerLine++;
          i++;
          break;
        }
        case TRAILER_LF: {
          if (buf[i] !== 0x0a) throw malformed('bare CR in trailer');
          i++;
          if (this.#trailerLine === 0) {
            this.#state = DONE;
            return i;
          }
          this.#trailerLine = 0;
          this.#state = TRAILER;
          break;
        }
        default:
          return i;
      }
    }
    return -1;
  }
}
