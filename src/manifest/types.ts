// A manifest is one YAML/JSON document read from a file, with a way back to the text.
import type { SourcePosition } from '../diagnostics/diagnostic.ts';
import type { FieldPath } from '../resources/types.ts';

export interface SourceRef {
  file: string; // as the user named it; '-' for stdin
  document: number; // 0-based index of the document in the file
  /** Position of the node at `path` (or of its nearest existing ancestor), 1-based. */
  locate(path: FieldPath): SourcePosition;
  /** Position of the key naming the field at `path` (falls back as locate does); for unknown fields. */
  locateKey?(path: FieldPath): SourcePosition;
}

export interface Manifest {
  object: unknown; // the parsed document (YAML 1.1 semantics, as kubectl reads it)
  source: SourceRef;
}
