// `-o yaml` as kubectl writes it through sigs.k8s.io/yaml (go-yaml v2): map keys sorted,
// sequences not indented under their key, long plain strings folded at 80 columns, and
// go-yaml's quoting: "double quotes" for strings a YAML 1.1 reader would take for another
// type (`"true"`, `"80"`, `"on"`, timestamps) or that hold control characters, 'single
// quotes' for strings plain style cannot carry (`'*'`, `'a: b'`), literal blocks for
// multi-line text.
import { Document, Scalar, visit } from 'yaml';
import { sortKeysDeep } from './encode.ts';

const YAML11_NON_STRING = [
  /^(?:~|null|Null|NULL)$/,
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^[-+]?(?:0b[01_]+|0[0-7_]+|0|[1-9][0-9_]*|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9.]*(?:[eE][-+]?[0-9]+)?$/,
  /^[-+]?[0-9][0-9_]*(?:\.[0-9]*)?[eE][-+]?[0-9]+$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
  /^[-+]?\.(?:inf|Inf|INF)$/,
  /^\.(?:nan|NaN|NAN)$/,
  /^\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]|[ \t]+)\d{1,2}:\d{2}:\d{2}(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d{1,2}(?::\d{2})?))?)?$/,
  /^<<$/,
];

function resolvesToNonString(s: string): boolean {
  return YAML11_NON_STRING.some((re) => re.test(s));
}

function plainImpossible(s: string): boolean {
  return (
    s === '' ||
    /^\s|\s$/.test(s) ||
    /^[,[\]{}#&*!|>'"%@`]/.test(s) ||
    /^[-?:](?:\s|$)/.test(s) ||
    /:\s|:$|\s#/.test(s)
  );
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x09\x0b-\x1f\x7f]/;

function styleFor(s: string): Scalar.Type | undefined {
  if (s.includes('\n')) return undefined; // the library writes a literal block, as go-yaml does
  if (resolvesToNonString(s) || CONTROL.test(s) || s === '') return Scalar.QUOTE_DOUBLE;
  if (plainImpossible(s)) return Scalar.QUOTE_SINGLE;
  return Scalar.PLAIN;
}

export function toKubectlYaml(value: unknown): string {
  const doc = new Document(sortKeysDeep(value), { version: '1.1', aliasDuplicateObjects: false });
  visit(doc, {
    Scalar(key, node) {
      if (key === 'key' || typeof node.value !== 'string') return;
      const style = styleFor(node.value);
      if (style) node.type = style;
    },
  });
  return doc.toString({ indentSeq: false, lineWidth: 80 });
}
