// Dev tool for generate.ts: asks kubernetes-models' compiled JSON-schema validators what
// kind of number a field holds, by validating a minimal object with a probe value there.
import type { FieldSchema } from './field-schema.ts';

/** One step of a path from the root: a field name, `[]` (an array item) or `{}` (a map value). */
export type ProbeSeg = string;

export interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

export interface RootValidator {
  key: string;
  run(obj: unknown): AjvError[];
}

interface ModelClass {
  prototype: { validate(this: unknown): void };
}

/** The validator of a model class (`Deployment` from `kubernetes-models/apps/v1/Deployment`). */
export async function rootValidator(module: string, kind: string, key: string): Promise<RootValidator> {
  const mod = (await import(module)) as Record<string, ModelClass | undefined>;
  const cls = mod[kind];
  if (!cls) throw new Error(`${module} exports no ${kind}`);
  return {
    key,
    run(obj) {
      try {
        cls.prototype.validate.call(obj);
        return [];
      } catch (e) {
        const errors = (e as { errors?: AjvError[] }).errors;
        if (!errors) throw e;
        return errors;
      }
    },
  };
}

function skeleton(path: readonly ProbeSeg[], leaf: unknown): { obj: unknown; instancePath: string } {
  let value = leaf;
  for (let i = path.length - 1; i >= 0; i--) {
    const seg = path[i]!;
    if (seg === '[]') value = [value];
    else if (seg === '{}') value = { k: value };
    else value = { [seg]: value };
  }
  const instancePath = path.map((s) => (s === '[]' ? '/0' : s === '{}' ? '/k' : `/${s}`)).join('');
  return { obj: value, instancePath };
}

function errorsAt(root: RootValidator, path: readonly ProbeSeg[], leaf: unknown): AjvError[] {
  const { obj, instancePath } = skeleton(path, leaf);
  return root.run(obj).filter((e) => e.instancePath === instancePath);
}

/** `int32`, `int64` or `float64` for built-in kinds; `integer` or `number` for CRDs. */
export function probeNumber(root: RootValidator, path: readonly ProbeSeg[], crd: boolean): FieldSchema {
  const integer = errorsAt(root, path, 1.5).some((e) => e.keyword === 'type' && e.params.type === 'integer');
  if (crd) return integer ? 'integer' : 'number';
  if (!integer) return 'float64';
  const int32 = errorsAt(root, path, 2 ** 31).some(
    (e) => e.keyword === 'format' && e.params.format === 'int32',
  );
  return int32 ? 'int32' : 'int64';
}
