// The built-in images: which references gangway runs in-process, on which port, with which
// handler. `identity` names the image content (aliases share it, so they share an imageID).
// docs/images.md lists them with what each one does.
import type { ContainerInstance, RunContext } from '../container.ts';
import { effectiveTag, fullName, type ImageRef } from '../image-ref.ts';
import { helloHtmlHandler } from './hello-html.ts';
import { helloPlainTextHandler } from './hello-plain-text.ts';
import { startNginx, type NginxHandler } from './nginx-server.ts';
import { startGoHttpbin } from './go-httpbin.ts';
import { startHelloworld } from './helloworld.ts';
import { startHttpEcho } from './http-echo.ts';
import { startKrHttpbin } from './kr-httpbin.ts';
import { startNginxOfficial } from './nginx-official.ts';
import { startTcpEcho } from './tcp-echo.ts';

export interface BuiltinImage {
  identity: string; // 'nginxdemos/hello:0.4'
  port: number; // where the image listens, whatever the pod spec declares
  start(ctx: RunContext): Promise<ContainerInstance>;
}

function nginxImage(
  identity: string,
  port: number,
  handler: (serverAddress: string, serverName: string) => NginxHandler,
): BuiltinImage {
  return {
    identity,
    port,
    start: (ctx) => startNginx(ctx, port, handler(`${ctx.podIP}:${port}`, ctx.hostname)),
  };
}

const HELLO = nginxImage('nginxdemos/hello:0.4', 80, helloHtmlHandler);
const HELLO_TEXT = nginxImage('nginxdemos/hello:0.4-plain-text', 80, helloPlainTextHandler);
const NGINX_HELLO = nginxImage('nginxdemos/nginx-hello:0.3', 8080, helloHtmlHandler);
const NGINX_HELLO_TEXT = nginxImage('nginxdemos/nginx-hello:0.3-plain-text', 8080, helloPlainTextHandler);

/** repository -> tag -> image; the '' tag is a digest-only reference. */
const CATALOGUE = new Map<string, ReadonlyMap<string, BuiltinImage>>([
  [
    'docker.io/nginxdemos/hello',
    new Map([
      ['latest', HELLO],
      ['0.4', HELLO],
      ['', HELLO],
      ['plain-text', HELLO_TEXT],
      ['0.4-plain-text', HELLO_TEXT],
    ]),
  ],
  [
    'docker.io/nginxdemos/nginx-hello',
    new Map([
      ['latest', NGINX_HELLO],
      ['0.3', NGINX_HELLO],
      ['', NGINX_HELLO],
      ['plain-text', NGINX_HELLO_TEXT],
      ['0.3-plain-text', NGINX_HELLO_TEXT],
    ]),
  ],
]);

const GO_HTTPBIN: BuiltinImage = {
  identity: 'mccutchen/go-httpbin:v2.15.0',
  port: 8080,
  start: startGoHttpbin,
};
const KR_HTTPBIN: BuiltinImage = {
  identity: 'kennethreitz/httpbin:latest',
  port: 80,
  start: (ctx) => startKrHttpbin(ctx, 80),
};
const KONG_HTTPBIN: BuiltinImage = {
  identity: 'kong/httpbin:0.1.0',
  port: 8080,
  start: (ctx) => startKrHttpbin(ctx, 8080),
};
const HELLOWORLD_V1: BuiltinImage = {
  identity: 'istio/examples-helloworld-v1:1.0',
  port: 5000,
  start: (ctx) => startHelloworld(ctx, 'v1'),
};
const HELLOWORLD_V2: BuiltinImage = {
  identity: 'istio/examples-helloworld-v2:1.0',
  port: 5000,
  start: (ctx) => startHelloworld(ctx, 'v2'),
};
const TCP_ECHO: BuiltinImage = { identity: 'istio/tcp-echo-server:1.3', port: 9000, start: startTcpEcho };
const NGINX: BuiltinImage = { identity: 'nginx:1.27.4', port: 80, start: startNginxOfficial };

function httpEcho(version: string): BuiltinImage {
  return {
    identity: `hashicorp/http-echo:${version}`,
    port: 5678,
    start: (ctx) => startHttpEcho(ctx, version),
  };
}
const HTTP_ECHO_1 = httpEcho('1.0.0');
const HTTP_ECHO_OLD = new Map(['0.2.3', '0.2.1', '0.2.0', '0.1.0'].map((v) => [v, httpEcho(v)]));

/** repository -> (tag -> image) for images served whatever the tag ('' for a digest only). */
const ANY_TAG = new Map<string, (tag: string) => BuiltinImage | undefined>([
  ['docker.io/mccutchen/go-httpbin', () => GO_HTTPBIN],
  ['ghcr.io/mccutchen/go-httpbin', () => GO_HTTPBIN],
  ['docker.io/kennethreitz/httpbin', () => KR_HTTPBIN],
  ['docker.io/kong/httpbin', () => KONG_HTTPBIN],
  ['docker.io/istio/examples-helloworld-v1', () => HELLOWORLD_V1],
  ['docker.io/istio/examples-helloworld-v2', () => HELLOWORLD_V2],
  ['registry.istio.io/release/examples-helloworld-v1', () => HELLOWORLD_V1],
  ['registry.istio.io/release/examples-helloworld-v2', () => HELLOWORLD_V2],
  ['docker.io/istio/tcp-echo-server', () => TCP_ECHO],
  ['registry.istio.io/release/tcp-echo-server', () => TCP_ECHO],
  ['docker.io/hashicorp/http-echo', (tag) => HTTP_ECHO_OLD.get(tag) ?? HTTP_ECHO_1],
  ['docker.io/library/nginx', () => NGINX],
]);

/** Images the runtime adds (e.g. istio/proxyv2, which needs istiod): repository -> tags. */
const REGISTERED = new Map<string, { tags: ReadonlySet<string> | '*'; image: BuiltinImage }[]>();

/**
 * Adds a built-in image for `repository` (full name, `docker.io/istio/proxyv2`) under `tags`
 * ('*': every tag and digest-only references). Returns a function that removes it again.
 */
export function registerBuiltinImage(
  repository: string,
  tags: readonly string[] | '*',
  image: BuiltinImage,
): () => void {
  const entry = { tags: tags === '*' ? ('*' as const) : new Set(tags), image };
  const list = REGISTERED.get(repository) ?? [];
  list.unshift(entry);
  REGISTERED.set(repository, list);
  return () => {
    const at = list.indexOf(entry);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0 && REGISTERED.get(repository) === list) REGISTERED.delete(repository);
  };
}

export function findBuiltin(ref: ImageRef): BuiltinImage | undefined {
  const name = fullName(ref);
  const tag = effectiveTag(ref) ?? '';
  const fixed = CATALOGUE.get(name)?.get(tag);
  if (fixed) return fixed;
  for (const e of REGISTERED.get(name) ?? []) if (e.tags === '*' || e.tags.has(tag)) return e.image;
  return ANY_TAG.get(name)?.(tag);
}
