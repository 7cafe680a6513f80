// codemirror-json-schema's index.d.ts re-exports its utilities with
// extensionless `export * from "./utils/json-pointers"`, which TypeScript's
// NodeNext resolution (this repository's setting) does not follow. These are
// the two re-exported functions the editor uses, typed as the package's own
// declarations type them (dist/utils/json-pointers.d.ts, dist/features/state.d.ts).
import type { EditorState, Extension } from '@codemirror/state';

declare module 'codemirror-json-schema' {
  type PointerData =
    { keyFrom: number; keyTo: number } | { keyFrom: number; keyTo: number; valueFrom: number; valueTo: number };
  export function getJsonPointers(state: EditorState, mode: 'json' | 'json5' | 'yaml'): Map<string, PointerData>;
  export function stateExtensions(schema?: object): Extension[];
}
