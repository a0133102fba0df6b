// A request body on the raw HTTP/1.1 listener: Content-Length bytes, or a chunked body decoded
// as strictly as llhttp (http/chunked.ts, REQUEST_RULES), pushed into a Readable for the
// exchange, or discarded once the response went out before the body ended.
import { Readable } from 'node:stream';
import { CHUNKED_MALFORMED, CHUNKED_MORE, ChunkedDecoder, REQUEST_RULES } from '../http/chunked.ts';

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

/** One request's body being read off the connection. */
export class RawBody {
  /** Where the bytes go; null: discarded (the response already ended). */
  sink: BodyStream | null;
  /** The chunked framing, or null for a Content-Length body. */
  readonly #chunks: ChunkedDecoder | null;
  #remaining: number;
  #done = false;

  constructor(sink: BodyStream | null, chunked: boolean, contentLength: number) {
    this.sink = sink;
    this.#chunks = chunked ? new ChunkedDecoder(REQUEST_RULES) : null;
    this.#remaining = chunked ? 0 : contentLength;
  }

  get done(): boolean {
    return this.#done;
  }

  /**
   * Consumes body bytes from buf[start..]: the offset where the body ended (then `done`) or
   * buf.length, or -1 for a malformed chunked body.
   */
  feed(buf: Buffer, start: number): number {
    const chunks = this.#chunks;
    if (chunks !== null) {
      const end = chunks.decode(buf, start, this);
      if (end === CHUNKED_MALFORMED) return -1;
      if (end === CHUNKED_MORE) return buf.length;
      this.#finish();
      return end;
    }
    const n = Math.min(this.#remaining, buf.length - start);
    if (n > 0) this.chunkData(start === 0 && n === buf.length ? buf : buf.subarray(start, start + n));
    this.#remaining -= n;
    if (this.#remaining > 0) return buf.length;
    this.#finish();
    return start + n;
  }

  /** Body bytes (the chunked decoder's sink too). */
  chunkData(chunk: Buffer): void {
    if (this.sink !== null) this.sink.push(chunk);
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

  #finish(): void {
    this.#done = true;
    const s = this.sink;
    if (s !== null) s.push(null);
  }
}
