// gangway's DNS server: UDP and TCP on one loopback port, answering from a ZoneTable that
// setRecords() swaps whole (a query sees the old table or the new one, never a mix).
// Authoritative for the zones its records live in; every other name is NXDOMAIN.
import { createSocket } from 'node:dgram';
import type { Socket as UdpSocket } from 'node:dgram';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import type { Component, ComponentStatus } from '../runtime/component.ts';
import { invalidRecord } from './records.ts';
import type { DnsRecord } from './records.ts';
import { BADVERS, encodeResponse, parseQuery, RCODE } from './wire.ts';
import type { Query } from './wire.ts';
import { buildZoneTable } from './zone.ts';
import type { ZoneTable } from './zone.ts';

export interface DnsServerOptions {
  host?: string; // default 127.0.0.1
  port: number; // 0: any free port (the same one for UDP and TCP)
  /** Zones to be authoritative for even without records (e.g. 'example.com'). */
  zones?: readonly string[];
}

/** Our EDNS UDP payload size (the DNS flag day 2020 value). */
const UDP_SIZE = 1232;
const TCP_IDLE_MS = 10_000;

/** The response to one query message, or undefined when nothing must be sent. */
export function respond(table: ZoneTable, msg: Buffer, transport: 'udp' | 'tcp'): Buffer | undefined {
  const query = parseQuery(msg);
  if (!query) return undefined;
  const limit = transport === 'tcp' ? 65535 : query.edns ? Math.min(query.edns.udpSize, UDP_SIZE) : 512;
  const base = { query, udpSize: UDP_SIZE, answers: [], authority: [], aa: false };
  if (query.opcode !== 0) return encodeResponse({ ...base, rcode: RCODE.NOTIMP }, limit);
  if (!query.question) return encodeResponse({ ...base, rcode: RCODE.FORMERR }, limit);
  if (query.edns && query.edns.version > 0) return encodeResponse({ ...base, rcode: BADVERS }, limit);
  const a = table.answer(query.question);
  return encodeResponse({ query, udpSize: UDP_SIZE, ...a }, limit);
}

export class DnsServer implements Component {
  readonly name = 'dns';
  readonly #host: string;
  readonly #wantPort: number;
  readonly #zones: readonly string[];
  #table: ZoneTable;
  #udp: UdpSocket | undefined;
  #tcp: Server | undefined;
  #sockets = new Set<Socket>();
  #port = 0;
  #listeners = new Set<() => void>();

  constructor(opts: DnsServerOptions) {
    this.#host = opts.host ?? '127.0.0.1';
    this.#wantPort = opts.port;
    this.#zones = opts.zones ?? [];
    this.#table = buildZoneTable([], { zones: this.#zones, serial: 1 });
  }

  /** The port both transports listen on (the requested one before start). */
  get port(): number {
    return this.#port || this.#wantPort;
  }

  get host(): string {
    return this.#host;
  }

  /** The records served now, sorted by name, type, value. */
  get records(): readonly DnsRecord[] {
    return this.#table.records;
  }

  get zones(): readonly string[] {
    return this.#table.zones;
  }

  /** Replaces every record at once. Invalid records are dropped; their reasons are returned. */
  setRecords(records: readonly DnsRecord[]): string[] {
    const problems: string[] = [];
    const good: DnsRecord[] = [];
    for (const r of records) {
      const bad = invalidRecord(r);
      if (bad === undefined) good.push(r);
      else problems.push(bad);
    }
    const next = buildZoneTable(good, { zones: this.#zones, serial: this.#table.serial + 1 });
    const same =
      JSON.stringify(next.records) === JSON.stringify(this.#table.records) &&
      next.zones.join() === this.#table.zones.join();
    if (same) return problems;
    this.#table = next;
    for (const l of this.#listeners) l();
    return problems;
  }

  /** Called after each change of the records; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async start(): Promise<void> {
    if (this.#udp) return;
    // Port 0: the UDP socket picks the port and TCP must get the same one; retry if taken.
    for (let attempt = 0; ; attempt++) {
      const udp = await this.#bindUdp(this.#wantPort);
      const port = udp.address().port;
      try {
        this.#tcp = await this.#listenTcp(port);
        this.#udp = udp;
        this.#port = port;
        return;
      } catch (err) {
        await new Promise<void>((r) => udp.close(() => r()));
        if (this.#wantPort !== 0 || attempt >= 20 || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE')
          throw err;
      }
    }
  }

  async stop(): Promise<void> {
    const udp = this.#udp;
    const tcp = this.#tcp;
    this.#udp = undefined;
    this.#tcp = undefined;
    this.#port = 0;
    for (const s of this.#sockets) s.destroy();
    this.#sockets.clear();
    await Promise.all([
      udp ? new Promise<void>((r) => udp.close(() => r())) : undefined,
      tcp ? new Promise<void>((r) => tcp.close(() => r())) : undefined,
    ]);
  }

  status(): ComponentStatus {
    if (!this.#udp) return { ready: false, detail: 'not started' };
    const n = this.#table.records.length;
    return {
      ready: true,
      detail: `serving ${this.#host}:${this.#port} (udp, tcp), ${n} record${n === 1 ? '' : 's'}`,
    };
  }

  #bindUdp(port: number): Promise<UdpSocket> {
    return new Promise((resolve, reject) => {
      const sock = createSocket({ type: this.#host.includes(':') ? 'udp6' : 'udp4' });
      sock.once('error', reject);
      sock.bind(port, this.#host, () => {
        sock.off('error', reject);
        sock.on('error', () => undefined); // ICMP errors on send: nothing to do
        sock.on('message', (msg, rinfo) => {
          const out = this.#answer(msg, 'udp');
          if (out) sock.send(out, rinfo.port, rinfo.address);
        });
        resolve(sock);
      });
    });
  }

  #listenTcp(port: number): Promise<Server> {
    return new Promise((resolve, reject) => {
      const server = createServer((s) => this.#serveTcp(s));
      server.once('error', reject);
      server.listen(port, this.#host, () => {
        server.off('error', reject);
        resolve(server);
      });
    });
  }

  /** RFC 7766: two-byte length prefix, several queries per connection, idle timeout. */
  #serveTcp(s: Socket): void {
    this.#sockets.add(s);
    s.on('close', () => this.#sockets.delete(s));
    s.on('error', () => undefined);
    s.setTimeout(TCP_IDLE_MS, () => s.destroy());
    let pending: Buffer = Buffer.alloc(0);
    s.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= 2) {
        const len = pending.readUInt16BE(0);
        if (pending.length < 2 + len) break;
        const msg = pending.subarray(2, 2 + len);
        pending = pending.subarray(2 + len);
        const out = this.#answer(msg, 'tcp');
        if (!out) {
          s.destroy();
          return;
        }
        const head = Buffer.alloc(2);
        head.writeUInt16BE(out.length);
        s.write(Buffer.concat([head, out]));
      }
    });
  }

  #answer(msg: Buffer, transport: 'udp' | 'tcp'): Buffer | undefined {
    try {
      return respond(this.#table, msg, transport);
    } catch {
      return serverFailure(msg);
    }
  }
}

/** SERVFAIL for a query we failed on (our bug): header only, the id echoed. */
function serverFailure(msg: Buffer): Buffer | undefined {
  if (msg.length < 12) return undefined;
  const q: Query = {
    id: msg.readUInt16BE(0),
    opcode: 0,
    rd: false,
    cd: false,
    question: undefined,
    edns: undefined,
  };
  return encodeResponse({
    query: q,
    rcode: RCODE.SERVFAIL,
    aa: false,
    answers: [],
    authority: [],
    udpSize: UDP_SIZE,
  });
}
