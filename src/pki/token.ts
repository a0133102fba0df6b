// The bearer token kubectl and gangway present to the API server: 32 random bytes in hex,
// kept in $GANGWAY_HOME/token with mode 0600 and reused across restarts.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './files.ts';

export const TOKEN_FILE = 'token';

export function newToken(): string {
  return randomBytes(32).toString('hex');
}

/** The token in `<home>/token`, or undefined when there is none. */
export async function readToken(home: string): Promise<string | undefined> {
  try {
    const text = (await readFile(join(home, TOKEN_FILE), 'utf8')).trim();
    return text === '' ? undefined : text;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export async function loadOrCreateToken(home: string): Promise<string> {
  const existing = await readToken(home);
  if (existing !== undefined) return existing;
  const token = newToken();
  await writeFileAtomic(join(home, TOKEN_FILE), token + '\n', 0o600);
  return token;
}
