// A listening socket of the main thread, served by another thread too: the thread gets its
// own descriptor of the same socket (so each thread closes only its own), duplicated by a
// short-lived child process that inherits the descriptor and sends it back over its IPC
// channel. The kernel then hands each new connection to one of the threads accepting on it.
import { spawn, type ChildProcess } from 'node:child_process';
import { Socket } from 'node:net';

// The child: wrap fd 3 (the inherited listener) without reading from it, send it back, go.
const CHILD = `const net = require('node:net');
const s = new net.Socket({ fd: 3, readable: false, writable: false });
process.send('listener', s, () => process.disconnect());`;

/** A handle of this thread on the listening socket `fd` (of another thread of this process). */
export function dupListener(fd: number, timeoutMs = 30_000): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, ['-e', CHILD], {
      stdio: ['ignore', 'ignore', 'pipe', fd, 'ipc'],
      env: {},
    });
    let stderr = '';
    let done = false;
    const finish = (err: Error | undefined, handle?: Socket): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(handle as Socket);
    };
    const timer = setTimeout(() => {
      child.kill();
      finish(new Error('the descriptor copy did not arrive'));
    }, timeoutMs);
    child.stderr?.on('data', (b: Buffer) => {
      if (stderr.length < 2000) stderr += b.toString();
    });
    child.on('message', (_m: unknown, handle: unknown) => {
      if (handle instanceof Socket) finish(undefined, handle);
    });
    child.on('error', (err) => finish(err));
    child.on('exit', (code) => {
      if (!done) finish(new Error(`the descriptor copy failed (exit ${String(code)}): ${stderr.trim()}`));
    });
  });
}
