// GET /version: the build facts kubectl prints as `Server Version:`. minor must stay "32":
// the kubectl dispatcher on the dev machine picks its bundled kubectl by this minor.

export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

export const KUBE_MAJOR = '1';
export const KUBE_MINOR = '32';
export const GIT_VERSION = 'v1.32.4-gangway';

const GO_ARCH: Readonly<Record<string, string>> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' };

/** Go's GOOS/GOARCH names for this machine, as the API server reports its own platform. */
export function goPlatform(platform: string = process.platform, arch: string = process.arch): string {
  const os = platform === 'win32' ? 'windows' : platform;
  return `${os}/${GO_ARCH[arch] ?? arch}`;
}

export function versionInfo(): VersionInfo {
  return {
    major: KUBE_MAJOR,
    minor: KUBE_MINOR,
    gitVersion: GIT_VERSION,
    gitCommit: '4cb5f07a9fd1ba2c2ed2a9d0a8b4b7c3e1f6d2a0',
    gitTreeState: 'clean',
    buildDate: '2025-04-22T16:00:00Z',
    goVersion: 'go1.23.6',
    compiler: 'gc',
    platform: goPlatform(),
  };
}
