// gangway's own version (package.json) and the Kubernetes version its API serves.
import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** `v0.1.0`, from package.json. */
export function clientVersion(): string {
  if (cached === undefined) {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    cached = `v${pkg.version ?? '0.0.0'}`;
  }
  return cached;
}
