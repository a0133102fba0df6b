// Test helpers for dns/: query messages built by hand and a one-shot UDP client.
import { createSocket } from 'node:dgram';
import { TYPE } from './wire.ts';

/** A query message: id 0x1234, RD, one question, optional OPT. */
export function queryMessage(
  name: string,
  type: number,
  opts: { edns?: number; version?: number; klass?: number } = {},
): Buffer {
  const labels = name === '' ? [] : name.split('.');
  const parts: Buffer[] = [];
  const head = Buffer.alloc(12);
  head.writeUInt16BE(0x1234, 0);
  head.writeUInt16BE(0x0100, 2);
  head.writeUInt16BE(1, 4);
  head.writeUInt16BE(opts.edns === undefined ? 0 : 1, 10);
  parts.push(head);
  for (const l of labels) parts.push(Buffer.from([l.length]), Buffer.from(l, 'latin1'));
  const tail = Buffer.alloc(5);
  tail.writeUInt16BE(type, 1);
  tail.writeUInt16BE(opts.klass ?? 1, 3);
  parts.push(tail);
  if (opts.edns !== undefined) {
    const opt = Buffer.alloc(11);
    opt.writeUInt16BE(TYPE.OPT, 1);
    opt.writeUInt16BE(opts.edns, 3);
    opt.writeUInt32BE(((opts.version ?? 0) << 16) >>> 0, 5);
    parts.push(opt);
  }
  return Buffer.concat(parts);
}

/** Sends `msg` over UDP to 127.0.0.1:port and resolves with the first reply. */
export function udpExchange(port: number, msg: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const sock = createSocket('udp4');
    const timer = setTimeout(() => {
      sock.close();
      reject(new Error('no reply within 10 s'));
    }, 10_000);
    sock.on('message', (reply) => {
      clearTimeout(timer);
      sock.close();
      resolve(reply);
    });
    sock.on('error', (err) => {
      clearTimeout(timer);
      sock.close();
      reject(err);
    });
    sock.send(msg, port, '127.0.0.1');
  });
}
