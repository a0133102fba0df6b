// Image references and where an image comes from: annotations, images.yaml (exact tag
// before any tag), built-ins, and the unknown-image message; images.yaml reloads on change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImageMap } from './image-map.ts';
import { canonicalReference, defaultPullPolicy, familiarName, parseImageRef } from './image-ref.ts';

void test('image references normalize as containerd reports them', () => {
  const cases: [string, string | undefined, string | undefined, 'Always' | 'IfNotPresent'][] = [
    ['nginx', 'docker.io/library/nginx:latest', 'nginx', 'Always'],
    ['nginxdemos/hello:0.4', 'docker.io/nginxdemos/hello:0.4', 'nginxdemos/hello', 'IfNotPresent'],
    ['docker.io/nginxdemos/hello', 'docker.io/nginxdemos/hello:latest', 'nginxdemos/hello', 'Always'],
    ['ghcr.io/o/app:v1', 'ghcr.io/o/app:v1', 'ghcr.io/o/app', 'IfNotPresent'],
    ['localhost:5000/app', 'localhost:5000/app:latest', 'localhost:5000/app', 'Always'],
    [`app@sha256:${'a'.repeat(64)}`, `docker.io/library/app@sha256:${'a'.repeat(64)}`, 'app', 'IfNotPresent'],
    ['Bad/Name', undefined, undefined, 'IfNotPresent'],
    ['a b', undefined, undefined, 'IfNotPresent'],
  ];
  for (const [image, canonical, familiar, policy] of cases) {
    const ref = parseImageRef(image);
    assert.equal(ref && canonicalReference(ref), canonical, image);
    assert.equal(ref && familiarName(ref), familiar, image);
    assert.equal(defaultPullPolicy(image), policy, image);
  }
});

void test('resolution order: annotation, images.yaml exact, images.yaml any tag, built-in', (t) => {
  const home = mkdtempSync(join(tmpdir(), 'gangway-images-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const map = new ImageMap(home);
  assert.equal(map.resolve('nginxdemos/hello', 'web').kind, 'builtin');
  const unknown = map.resolve('myorg/app:1.0', 'app');
  assert.deepEqual(
    unknown.kind === 'unknown' && unknown.message,
    'gangway has no built-in stand-in for "myorg/app:1.0"; map it to a local command or URL (see docs/images.md)',
  );
  assert.equal(map.resolve('Not Valid', 'app').kind, 'invalid');

  writeFileSync(
    join(home, 'images.yaml'),
    [
      'images:',
      '  - image: myorg/app',
      '    command: any-tag $PORT',
      '  - image: docker.io/myorg/app:1.0',
      '    url: http://127.0.0.1:3000',
      '  - image: nginxdemos/hello:plain-text',
      '    command: override',
    ].join('\n'),
  );
  const exact = map.resolve('myorg/app:1.0', 'app');
  assert.equal(exact.kind, 'url');
  assert.deepEqual(exact.kind === 'url' && exact.target, { host: '127.0.0.1', port: 3000 });
  const any = map.resolve('myorg/app:2.0', 'app');
  assert.equal(any.kind === 'command' && any.command, 'any-tag $PORT');
  assert.equal(map.resolve('nginxdemos/hello:plain-text', 'web').kind, 'command');

  const ann = map.resolve('myorg/app:1.0', 'app', {
    'gangway.io/run.app': 'from-annotation',
    'gangway.io/run.other': 'x',
  });
  assert.equal(ann.kind === 'command' && ann.command, 'from-annotation');
  const url = map.resolve('myorg/app:1.0', 'app', { 'gangway.io/url.app': 'http://127.0.0.1:9' });
  assert.deepEqual(url.kind === 'url' && url.target, { host: '127.0.0.1', port: 9 });
  const badUrl = map.resolve('myorg/app:1.0', 'app', { 'gangway.io/url.app': 'ftp://x' });
  assert.equal(badUrl.kind, 'unknown');

  // a broken file keeps the last good version and says why
  writeFileSync(join(home, 'images.yaml'), 'images:\n  - image: myorg/app\n');
  utimesSync(join(home, 'images.yaml'), new Date(), new Date(Date.now() + 5000));
  assert.equal(map.resolve('myorg/app:2.0', 'app').kind, 'command');
  assert.match(map.error ?? '', /images\[0\] \(myorg\/app\): give exactly one of command or url/);
});
