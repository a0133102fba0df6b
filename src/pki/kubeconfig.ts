// $GANGWAY_HOME/kubeconfig: one cluster, user and context, all named `gangway`, trusting
// the local CA through certificate-authority-data, with current-context set so
// `export KUBECONFIG=$GANGWAY_HOME/kubeconfig` is all kubectl needs. Mode 0600: it holds the token.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { writeFileAtomic } from './files.ts';

export const KUBECONFIG_FILE = 'kubeconfig';
export const CONTEXT_NAME = 'gangway';

export interface KubeconfigInput {
  server: string; // https://127.0.0.1:6443
  token: string;
  caPem: string;
}

/** The kubeconfig text, laid out as `kubectl config view --raw` prints one. */
export function renderKubeconfig(input: KubeconfigInput): string {
  const doc = {
    apiVersion: 'v1',
    clusters: [
      {
        cluster: {
          'certificate-authority-data': Buffer.from(input.caPem).toString('base64'),
          server: input.server,
        },
        name: CONTEXT_NAME,
      },
    ],
    contexts: [{ context: { cluster: CONTEXT_NAME, user: CONTEXT_NAME }, name: CONTEXT_NAME }],
    'current-context': CONTEXT_NAME,
    kind: 'Config',
    preferences: {},
    users: [{ name: CONTEXT_NAME, user: { token: input.token } }],
  };
  return stringify(doc, { indentSeq: false, lineWidth: 0 });
}

/** Writes `<home>/kubeconfig` (mode 0600) and returns its path. */
export async function writeKubeconfig(home: string, input: KubeconfigInput): Promise<string> {
  const path = join(home, KUBECONFIG_FILE);
  await writeFileAtomic(path, renderKubeconfig(input), 0o600);
  return path;
}

export interface KubeconfigCluster {
  server: string;
  caPem?: string;
  token?: string;
  namespace?: string;
}

function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function named(list: unknown, name: unknown): Record<string, unknown> {
  if (!Array.isArray(list)) return {};
  return record(list.map(record).find((e) => e['name'] === name));
}

/** The current context's server, CA, token and namespace from a kubeconfig's text. */
export function parseKubeconfig(text: string): KubeconfigCluster {
  const doc = record(parse(text));
  const ctx = record(named(doc['contexts'], doc['current-context'])['context']);
  const cluster = record(named(doc['clusters'], ctx['cluster'])['cluster']);
  const user = record(named(doc['users'], ctx['user'])['user']);
  const server = cluster['server'];
  if (typeof server !== 'string' || server === '') throw new Error('kubeconfig has no server');
  const out: KubeconfigCluster = { server };
  const caData = cluster['certificate-authority-data'];
  if (typeof caData === 'string') out.caPem = Buffer.from(caData, 'base64').toString('utf8');
  if (typeof user['token'] === 'string') out.token = user['token'];
  if (typeof ctx['namespace'] === 'string' && ctx['namespace'] !== '') out.namespace = ctx['namespace'];
  return out;
}

export async function readKubeconfig(home: string): Promise<KubeconfigCluster | undefined> {
  let text: string;
  try {
    text = await readFile(join(home, KUBECONFIG_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return parseKubeconfig(text);
}
