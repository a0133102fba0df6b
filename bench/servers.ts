// The reference servers: the fixed backend every case shares (nginx, one worker, `return 200`
// with a fixed ~636-byte page, as in perf-baseline.md; a node:http child process when nginx is
// missing) and the two-hop nginx and HAProxy chains configured like perf-baseline.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from './procs.ts';

/** The fixed page: plain HTML of 636 bytes, no quotes or backslashes (it goes into configs). */
export const BODY = (() => {
  const head =
    '<!DOCTYPE html><html><head><title>gangway bench</title></head><body><h1>gangway bench</h1><p>';
  const tail = '</p></body></html>\n';
  return head + 'x'.repeat(636 - head.length - tail.length) + tail;
})();

const TEMP_PATHS = ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
  .map((k) => `  ${k === 'body' ? 'client_body' : k}_temp_path @DIR@/tmp-${k};`)
  .join('\n');

function nginxConf(dir: string, inner: string): string {
  return `worker_processes 1;
daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  server_tokens off;
  keepalive_requests 1000000;
  keepalive_timeout 75s;
${TEMP_PATHS.replaceAll('@DIR@', dir)}
${inner}
}
`;
}

/** nginx backend: one worker, the fixed page with `return 200`. */
export function nginxBackendConf(dir: string, port: number): string {
  return nginxConf(
    dir,
    `  default_type text/html;
  server {
    listen 127.0.0.1:${port};
    location / { return 200 "${BODY}"; }
  }`,
  );
}

/** One nginx proxy hop: keep-alive pool of 256 to the upstream, Host kept, X-Forwarded-For added. */
export function nginxProxyConf(dir: string, port: number, upstreamPort: number): string {
  return nginxConf(
    dir,
    `  upstream up {
    server 127.0.0.1:${upstreamPort};
    keepalive 256;
    keepalive_requests 1000000;
    keepalive_timeout 60s;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://up;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }
  }`,
  );
}

/** One HAProxy hop: mode http, http-reuse always, option forwardfor, one thread. */
export function haproxyConf(port: number, upstreamPort: number): string {
  return `global
  nbthread 1
  maxconn 8000
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  timeout http-keep-alive 60s
  option forwardfor
  http-reuse always
frontend fe
  bind 127.0.0.1:${port}
  default_backend be
backend be
  server s1 127.0.0.1:${upstreamPort}
`;
}

/** Write the config into its own directory and start nginx in the foreground. */
export function startNginx(root: string, name: string, conf: (dir: string) => string): void {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'nginx.conf');
  writeFileSync(file, conf(dir));
  startServer('nginx', ['-p', dir, '-e', join(dir, 'error.log'), '-c', file]);
}

export function startHaproxy(root: string, name: string, port: number, upstreamPort: number): void {
  const file = join(root, `${name}.cfg`);
  writeFileSync(file, haproxyConf(port, upstreamPort));
  startServer('haproxy', ['-db', '-f', file]);
}

/** The node:http backend used when nginx is not installed. */
export function startNodeBackend(port: number): void {
  const src = `const b=Buffer.from(${JSON.stringify(BODY)});require('node:http').createServer((q,s)=>{s.writeHead(200,{'content-type':'text/html','content-length':b.length});s.end(b)}).listen(${port},'127.0.0.1')`;
  startServer(process.execPath, ['-e', src]);
}
