// The built-in images: which references gangway runs in-process, on which port, with which
// handler. `identity` names the image content (aliases share it, so they share an imageID).
import type { ContainerInstance, RunContext } from '../container.ts';
import { effectiveTag, fullName, type ImageRef } from '../image-ref.ts';
import { helloHtmlHandler } from './hello-html.ts';
import { helloPlainTextHandler } from './hello-plain-text.ts';
import { startNginx, type NginxHandler } from './nginx-server.ts';

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
  return undefined;
}
