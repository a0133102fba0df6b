// Container image references as the container runtime reads them: `nginx`,
// `nginxdemos/hello:0.4`, `docker.io/library/nginx:1.27@sha256:...`, `ghcr.io/o/app:v1`.
// Docker Hub names are normalized (docker.io, library/), and the tag defaults to latest.
import { createHash, randomBytes } from 'node:crypto';

export interface ImageRef {
  registry: string; // 'docker.io'
  repository: string; // 'library/nginx', 'nginxdemos/hello'
  tag: string | undefined; // undefined: none written (latest unless a digest is given)
  digest: string | undefined; // 'sha256:...'
}

const DOCKER_HUB = 'docker.io';

/** undefined when `image` is not a valid reference. */
export function parseImageRef(image: string): ImageRef | undefined {
  if (image === '' || image !== image.trim() || /\s/.test(image)) return undefined;
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[0-9a-fA-F]{32,}$/.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) return undefined;
  }
  const parts = rest.split('/');
  let registry = DOCKER_HUB;
  const first = parts[0] ?? '';
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = first === 'index.docker.io' ? DOCKER_HUB : first;
    parts.shift();
  }
  if (parts.length === 0 || parts.some((p) => !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/.test(p))) {
    return undefined;
  }
  if (registry === DOCKER_HUB && parts.length === 1) parts.unshift('library');
  return { registry, repository: parts.join('/'), tag, digest };
}

/** `docker.io/nginxdemos/hello` */
export function fullName(ref: ImageRef): string {
  return `${ref.registry}/${ref.repository}`;
}

/** `nginxdemos/hello`, `nginx`: the short name `docker pull` accepts. */
export function familiarName(ref: ImageRef): string {
  if (ref.registry !== DOCKER_HUB) return fullName(ref);
  return ref.repository.startsWith('library/') ? ref.repository.slice('library/'.length) : ref.repository;
}

/** The tag in effect: the written one, or latest when neither tag nor digest is written. */
export function effectiveTag(ref: ImageRef): string | undefined {
  return ref.tag ?? (ref.digest ? undefined : 'latest');
}

/** What containerd reports as a running container's image: `docker.io/nginxdemos/hello:latest`. */
export function canonicalReference(ref: ImageRef): string {
  const tag = effectiveTag(ref);
  let s = fullName(ref);
  if (tag !== undefined) s += `:${tag}`;
  if (ref.digest) s += `@${ref.digest}`;
  return s;
}

/** The API server's default: Always for `:latest` or no tag, else IfNotPresent. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  const ref = parseImageRef(image);
  if (!ref) return 'IfNotPresent';
  if (ref.digest && ref.tag === undefined) return 'IfNotPresent';
  return (ref.tag ?? 'latest') === 'latest' ? 'Always' : 'IfNotPresent';
}

/** `docker.io/nginxdemos/hello@sha256:<64 hex>`, stable for one image identity. */
export function imageID(ref: ImageRef, identity: string): string {
  const hex = createHash('sha256').update(`gangway-image\0${identity}`).digest('hex');
  return `${fullName(ref)}@sha256:${hex}`;
}

/** A fresh `gangway://<64 hex>` container ID. */
export function newContainerID(): string {
  return `gangway://${randomBytes(32).toString('hex')}`;
}
