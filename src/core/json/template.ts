import * as protobuf from 'protobufjs';
import { enumDefault, isExtension, scalarDefault } from './defaults';
import { setKey } from './json-path';
import { fullName, WRAPPERS } from './wkt';

/** How deep nested messages are written out; deeper ones are {} (the editor completes them). */
const EXPAND_DEPTH = 1;

const WELL_KNOWN: Record<string, unknown> = {
  'google.protobuf.Timestamp': '1970-01-01T00:00:00Z',
  'google.protobuf.Duration': '0s',
  'google.protobuf.FieldMask': '',
  'google.protobuf.Struct': {},
  'google.protobuf.ListValue': [],
  'google.protobuf.Value': null,
  'google.protobuf.Any': {},
  'google.protobuf.Empty': {},
};
for (const [name, scalar] of Object.entries(WRAPPERS)) WELL_KNOWN[name] = scalarDefault(scalar);

/**
 * A request skeleton for the editor: every field at its default, nested
 * messages written out one level deep, one example element in top-level
 * repeated fields, maps as {}, and only the first member of each oneof (two
 * would be rejected on send). Recursive types stop at {}.
 */
export function templateOf(type: protobuf.Type, depth = 0, open: ReadonlySet<protobuf.Type> = new Set()): unknown {
  const name = fullName(type);
  if (name in WELL_KNOWN) return structuredClone(WELL_KNOWN[name]);
  if (depth > EXPAND_DEPTH || open.has(type)) return {};
  const inside = new Set(open).add(type);
  const out: Record<string, unknown> = {};
  const oneofsSeen = new Set<protobuf.OneOf>();
  for (const field of type.fieldsArray) {
    field.resolve();
    if (isExtension(field)) continue;
    if (field.partOf) {
      if (oneofsSeen.has(field.partOf)) continue;
      oneofsSeen.add(field.partOf);
    }
    setKey(out, field.jsonName ?? field.name, fieldTemplate(field, depth, inside));
  }
  return out;
}

function fieldTemplate(field: protobuf.Field, depth: number, open: ReadonlySet<protobuf.Type>): unknown {
  if (field.map) return {};
  if (field.repeated) return depth === 0 ? example(elementTemplate(field, depth, open)) : [];
  return elementTemplate(field, depth, open);
}

// An example element only helps when it shows something: [{}] or [null] would
// just send an empty element.
function example(element: unknown): unknown[] {
  const empty = element === null || (typeof element === 'object' && Object.keys(element).length === 0);
  return empty ? [] : [element];
}

function elementTemplate(field: protobuf.Field, depth: number, open: ReadonlySet<protobuf.Type>): unknown {
  const type = field.resolvedType;
  if (type instanceof protobuf.Type) return templateOf(type, depth + 1, open);
  if (type instanceof protobuf.Enum) return enumDefault(type);
  return scalarDefault(field.type);
}
