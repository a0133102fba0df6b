// Dev tool: builds field-schema.json, the table of every field gangway's served kinds know,
// with the Go type each field decodes into. Run after upgrading kubernetes-models:
//   node --import tsx src/resources/schema/generate.ts
// Structure comes from the kubernetes-models type declarations (read with the TypeScript
// checker); integer widths (int32/int64) and integer-vs-number come from probing the
// package's compiled JSON-schema validators, which know the OpenAPI formats.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { apiVersionOf, RESOURCES } from '../catalogue.ts';
import { probeNumber, rootValidator, type ProbeSeg, type RootValidator } from './probe.ts';
import type { FieldSchema, StructSchema } from './field-schema.ts';

interface Root {
  key: string; // `apps/v1/Deployment`
  module: string; // `kubernetes-models/apps/v1/Deployment`
  kind: string;
  crd: boolean;
}

/** CRD fields the published types leave out: `x-kubernetes-preserve-unknown-fields` objects. */
const FREE_FORM: Record<string, Record<string, string>> = {
  'install.istio.io/v1alpha1/IstioOperator': { spec: 'any', status: 'any' },
};

/** Go types that the declarations cannot tell apart from plain strings or maps. */
const OVERRIDES: Record<string, string> = {
  'IoK8sApiCoreV1Secret.data': 'map[]bytes',
  'IoK8sApiCoreV1ConfigMap.binaryData': 'map[]bytes',
};

function roots(): Root[] {
  const out: Root[] = [];
  for (const rt of RESOURCES) {
    for (const version of rt.versions) {
      const istio = rt.group.endsWith('istio.io');
      const gv = apiVersionOf(rt.group, version);
      const module = istio
        ? `@kubernetes-models/istio/${rt.group}/${version}/${rt.kind}`
        : `kubernetes-models/${gv}/${rt.kind}`;
      out.push({ key: `${gv}/${rt.kind}`, module, kind: rt.kind, crd: rt.crd });
    }
  }
  return out;
}

function declarationFile(module: string): string {
  return fileURLToPath(import.meta.resolve(module)).replace(/\.js$/, '.d.ts');
}

class Generator {
  readonly types = new Map<string, StructSchema>();
  readonly #checker: ts.TypeChecker;
  readonly #bySignature = new Map<string, string>();
  readonly #aliasCache = new Map<string, string | undefined>();
  readonly #opaque = new Set<string>();

  constructor(checker: ts.TypeChecker) {
    this.#checker = checker;
  }

  /** The kubernetes-models schema id of a named struct (`IoK8sApiAppsV1DeploymentSpec`), if any. */
  #namedId(t: ts.Type): { id: string; go: string } | undefined {
    const decl = t.getSymbol()?.declarations?.[0];
    if (!decl || !ts.isInterfaceDeclaration(decl)) return undefined;
    const file = decl.getSourceFile().fileName;
    if (file.includes('@kubernetes-models/istio')) return undefined;
    let id = this.#aliasCache.get(file);
    if (!this.#aliasCache.has(file)) {
      const m = / as (IoK8s\w+) \};?\s*$/m.exec(readFileSync(file, 'utf8'));
      id = m?.[1];
      this.#aliasCache.set(file, id);
    }
    if (!id) return undefined;
    const struct = basename(file, '.d.ts');
    return { id, go: `${basename(dirname(file))}.${struct}` };
  }

  /** Classifies the type of one field. `declText` is the written type, for aliases of primitives. */
  classify(t: ts.Type, declText: string, root: RootValidator, path: ProbeSeg[], crd: boolean): FieldSchema {
    const alias = /(IntOrString|Quantity|MicroTime|Time|RawExtension)$/.exec(declText.trim())?.[1];
    if (alias === 'IntOrString') return 'intstr';
    if (alias === 'Quantity') return 'quantity';
    if (alias === 'Time' || alias === 'MicroTime') return 'time';
    if (alias === 'RawExtension') return 'any';
    const members = (t.isUnion() ? t.types : [t]).filter(
      (m) => !(m.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)),
    );
    const every = (flags: ts.TypeFlags): boolean => members.every((m) => (m.flags & flags) !== 0);
    if (members.length === 0) return 'any';
    if (every(ts.TypeFlags.StringLike)) return 'string';
    if (every(ts.TypeFlags.BooleanLike)) return 'bool';
    if (every(ts.TypeFlags.NumberLike)) return probeNumber(root, path, crd);
    if (every(ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike)) return crd ? 'int-or-string' : 'intstr';
    if (every(ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'any';
    let first = members[0]!;
    // A field present in both halves of an intersection has the type `A[] & B[]`.
    if (first.isIntersection() && first.types.every((m) => this.#checker.isArrayType(m)))
      first = first.types[0]!;
    if (members.length === 1 && this.#checker.isArrayType(first)) {
      const elem = this.#checker.getTypeArguments(first as ts.TypeReference)[0];
      const elemText = /^Array<(.*)>$/s.exec(declText.trim())?.[1] ?? '';
      return elem ? `[]${this.classify(elem, elemText, root, [...path, '[]'], crd)}` : '[]any';
    }
    return this.#object(members, root, path, crd);
  }

  #object(members: readonly ts.Type[], root: RootValidator, path: ProbeSeg[], crd: boolean): FieldSchema {
    if (members.length === 1) {
      const named = this.#namedId(members[0]!);
      if (named) {
        if (!this.types.has(named.id)) {
          this.types.set(named.id, { go: named.go, fields: {} }); // placeholder for recursion
          const fields = this.#fields(members, root, path, crd, named.id);
          // A struct with no declared fields (FieldsV1) is opaque JSON.
          if (Object.keys(fields).length === 0) this.#opaque.add(named.id);
          else this.types.set(named.id, { go: named.go, fields });
        }
        return this.#opaque.has(named.id) ? 'any' : `#${named.id}`;
      }
    }
    const props = members.flatMap((m) => this.#checker.getPropertiesOfType(m));
    if (props.length === 0) {
      const index = members
        .flatMap((m) => this.#checker.getIndexInfosOfType(m))
        .find((i) => (i.keyType.flags & ts.TypeFlags.String) !== 0);
      if (!index) return 'any';
      const text = index.declaration?.type.getText() ?? '';
      return `map[]${this.classify(index.type, text, root, [...path, '{}'], crd)}`;
    }
    const fields = this.#fields(members, root, path, crd, undefined);
    const signature = JSON.stringify(fields);
    let id = this.#bySignature.get(signature);
    if (!id) {
      id = `${root.key}:${formatProbePath(path)}`;
      this.#bySignature.set(signature, id);
      this.types.set(id, { fields });
    }
    return `#${id}`;
  }

  #fields(
    members: readonly ts.Type[],
    root: RootValidator,
    path: ProbeSeg[],
    crd: boolean,
    id: string | undefined,
  ): Record<string, FieldSchema> {
    const fields: Record<string, FieldSchema> = {};
    for (const m of members) {
      for (const p of this.#checker.getPropertiesOfType(m)) {
        if (p.name in fields) continue;
        const decl = p.valueDeclaration ?? p.declarations?.[0];
        if (!decl) continue;
        const override = id ? OVERRIDES[`${id}.${p.name}`] : undefined;
        if (override) {
          fields[p.name] = override;
          continue;
        }
        const text = ts.isPropertySignature(decl) && decl.type ? decl.type.getText() : '';
        const t = this.#checker.getTypeOfSymbolAtLocation(p, decl);
        fields[p.name] = this.classify(t, text, root, [...path, p.name], crd);
      }
    }
    return Object.fromEntries(Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}

function formatProbePath(path: readonly ProbeSeg[]): string {
  return path
    .map((s) => (s === '[]' || s === '{}' ? s : `.${s}`))
    .join('')
    .replace(/^\./, '');
}

async function main(): Promise<void> {
  const list = roots();
  const files = list.map((r) => declarationFile(r.module));
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noEmit: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const gen = new Generator(checker);
  const kinds: Record<string, string> = {};
  for (const [i, r] of list.entries()) {
    const sf = program.getSourceFile(files[i]!);
    if (!sf) throw new Error(`cannot read ${files[i]!}`);
    const iface = sf.statements.find(
      (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === `I${r.kind}`,
    );
    if (!iface) throw new Error(`no interface I${r.kind} in ${files[i]!}`);
    const validator = await rootValidator(r.module, r.kind, r.key);
    const t = checker.getTypeAtLocation(iface.name);
    const ref = gen.classify(t, '', validator, [], r.crd);
    if (!ref.startsWith('#')) throw new Error(`${r.key} is not an object type`);
    const id = ref.slice(1);
    const extra = FREE_FORM[r.key];
    if (extra) {
      const struct = gen.types.get(id)!;
      gen.types.set(id, { ...struct, fields: { ...struct.fields, ...extra } });
    }
    kinds[r.key] = id;
  }
  const types = Object.fromEntries(
    [...gen.types.entries()]
      .filter(([, t]) => Object.keys(t.fields).length > 0)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  const out = { kinds, types };
  const target = new URL('./field-schema.json', import.meta.url);
  writeFileSync(target, `${JSON.stringify(out, null, 2)}\n`);
  process.stdout.write(`wrote ${fileURLToPath(target)}: ${Object.keys(types).length} types\n`);
}

await main();
