// Decoding a chunked body (RFC 9112 7.1) as bytes arrive, for both directions: hex sizes,
// chunk extensions skipped, data handed on as views of the received buffer, trailer fields read
// and dropped. The rules differ by side: a request body on the ALB's listener is read as
// strictly as llhttp reads it (REQUEST_RULES), an upstream response as leniently as the
// gateway's codec (RESPONSE_RULES). One decoder per connection, reset per message.
import { PARSER_MAX_HEADER_SIZE } from '../alb/limits.ts';

/** Where decoded body bytes go. */
export interface ChunkSink {
  chunkData(data: Buffer): void;
}

/** How strict a decoder is. */
export interface ChunkedRules {
  /** Most hex digits in a size (leading zeros count). */
  maxDigits: number;
  /** A size at or above this takes no more digits (keeps sizes exact integers). */
  maxSizeBeforeDigit: number;
  /** Whether a space or tab after the size starts the extensions (else only ';'). */
  extensionAfterSpace: boolean;
  /** Control characters (but HTAB) refused in extensions, and DEL too in trailer fields. */
  refuseControls: boolean;
  /** Whether a trailer line may start with a space or tab (obs-fold). */
  foldedTrailers: boolean;
  /** Longest extension of a size line. */
  maxExtension: number;
  /** Most bytes of trailer fields in all. */
  maxTrailer: number;
}

/** llhttp's strict parsing of a request body (node:http, the ALB's listener). */
export const REQUEST_RULES: ChunkedRules = {
  maxDigits: Infinity,
  maxSizeBeforeDigit: 2 ** 49, // 2^53 / 16: one more hex digit would pass MAX_SAFE_INTEGER
  extensionAfterSpace: false,
  refuseControls: true,
  foldedTrailers: false,
  maxExtension: Infinity,
  maxTrailer: PARSER_MAX_HEADER_SIZE,
};

/** An upstream response: up to 12 size digits, 16 KiB of extension or trailers. */
export const RESPONSE_RULES: ChunkedRules = {
  maxDigits: 12,
  maxSizeBeforeDigit: Infinity,
  extensionAfterSpace: true,
  refuseControls: false,
  foldedTrailers: true,
  maxExtension: 16 * 1024,
  maxTrailer: 16 * 1024,
};

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

/** decode(): more bytes are needed (all of them were consumed). */
export const CHUNKED_MORE = -1;
/** decode(): the framing is malformed (see `error`). */
export const CHUNKED_MALFORMED = -2;

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

const isControl = (c: number): boolean => (c < 32 && c !== 9) || c === 127;

export class ChunkedDecoder {
  readonly #rules: ChunkedRules;
  #state = SIZE;
  #size = 0;
  #digits = 0;
  #extension = 0;
  #trailer = 0;
  /** Why the framing was refused (after CHUNKED_MALFORMED). */
  error = '';

  constructor(rules: ChunkedRules = RESPONSE_RULES) {
    this.#rules = rules;
  }

  reset(): void {
    this.#state = SIZE;
    this.#size = 0;
    this.#digits = 0;
    this.#extension = 0;
    this.#trailer = 0;
    this.error = '';
  }

  get done(): boolean {
    return this.#state === DONE;
  }

  /**
   * Decodes `buf` from `pos`: the offset just past the body's end, CHUNKED_MORE when all of
   * `buf` was consumed and more is needed, or CHUNKED_MALFORMED.
   */
  decode(buf: Buffer, pos: number, sink: ChunkSink): number {
    const rules = this.#rules;
    const n = buf.length;
    let i = pos;
    while (i < n) {
      const state = this.#state;
      if (state === DATA) {
        const take = Math.min(this.#size, n - i);
        sink.chunkData(i === 0 && take === n ? buf : buf.subarray(i, i + take));
        i += take;
        this.#size -= take;
        if (this.#size === 0) this.#state = DATA_CR;
        continue;
      }
      if (state === DONE) return i;
      const c = buf[i] as number;
      i++;
      switch (state) {
        case SIZE: {
          const h = hexValue(c);
          if (h >= 0) {
            if (++this.#digits > rules.maxDigits || this.#size >= rules.maxSizeBeforeDigit)
              return this.#refuse('size too large');
            this.#size = this.#size * 16 + h;
          } else if (this.#digits === 0) return this.#refuse('missing size');
          else if (c === 0x3b || (rules.extensionAfterSpace && (c === 0x20 || c === 0x09))) this.#state = EXT;
          else if (c === 0x0d) this.#state = SIZE_LF;
          else return this.#refuse('bad size');
          break;
        }
        case EXT:
          if (c === 0x0d) this.#state = SIZE_LF;
          else if (
            c === 0x0a ||
            (rules.refuseControls && c < 32 && c !== 9) ||
            ++this.#extension > rules.maxExtension
          )
            return this.#refuse('bad extension');
          break;
        case SIZE_LF:
          if (c !== 0x0a) return this.#refuse('bare CR');
          this.#digits = 0;
          this.#extension = 0;
          this.#state = this.#size === 0 ? TRAILER_START : DATA;
          break;
        case DATA_CR:
          if (c !== 0x0d) return this.#refuse('missing CRLF after data');
          this.#state = DATA_LF;
          break;
        case DATA_LF:
          if (c !== 0x0a) return this.#refuse('missing CRLF after data');
          this.#state = SIZE;
          break;
        case TRAILER_START:
          if (c === 0x0d) this.#state = FINAL_LF;
          else if (c === 0x0a || (!rules.foldedTrailers && (c === 0x20 || c === 0x09)))
            return this.#refuse('bad trailer');
          else {
            this.#state = TRAILER_LINE;
            if (++this.#trailer > rules.maxTrailer || (rules.refuseControls && isControl(c)))
              return this.#refuse('bad trailer');
          }
          break;
        case TRAILER_LINE:
          if (c === 0x0d) this.#state = TRAILER_LF;
          else if (c === 0x0a || ++this.#trailer > rules.maxTrailer || (rules.refuseControls && isControl(c)))
            return this.#refuse('bad trailer');
          break;
        case TRAILER_LF:
          if (c !== 0x0a) return this.#refuse('bare CR in trailer');
          this.#state = TRAILER_START;
          break;
        case FINAL_LF:
          if (c !== 0x0a) return this.#refuse('bare CR in trailer');
          this.#state = DONE;
          return i;
      }
    }
    return this.#state === DONE ? i : CHUNKED_MORE;
  }

  #refuse(why: string): number {
    this.error = why;
    return CHUNKED_MALFORMED;
  }
}
