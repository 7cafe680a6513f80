import * as protobuf from 'protobufjs';
import { messageType } from './codec';
import { isExtension } from './defaults';
import { is64Bit } from './scalars';
import { fullName, WRAPPERS } from './wkt';

type Schema = Record<string, unknown>;

/**
 * A JSON Schema (draft-07) of a message type's canonical JSON, for the
 * request editor's completion and linting. Messages live in `definitions`
 * (keyed by full name) and are referenced with $ref, so recursive types are
 * fine; the top level repeats the root type's definition so editors that do
 * not follow a top-level $ref still complete it. Properties use JSON names;
 * original proto names are allowed through `patternProperties` without being
 * offered. JSON null (which means "unset") is not advertised.
 */
export function jsonSchemaFor(root: protobuf.Root, typeName: string): object {
  const type = messageType(root, typeName);
  const definitions: Record<string, Schema> = {};
  const top = valueSchema(type, definitions);
  const rootDefinition = definitions[fullName(type)];
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    ...(rootDefinition ?? top),
    definitions,
  };
}

function messageSchema(type: protobuf.Type, definitions: Record<string, Schema>): Schema {
  const properties: Schema = {};
  const patternProperties: Schema = {};
  const oneofNotes: string[] = [];
  const schema: Schema = { type: 'object', title: fullName(type), properties, additionalProperties: false };
  definitions[fullName(type)] = schema; // before the fields, so a recursive field finds it
  for (const field of type.fieldsArray) {
    field.resolve();
    if (isExtension(field)) continue;
    const jsonName = field.jsonName ?? field.name;
    const protoName: string = (field as any).protoName ?? field.name;
    const elementSchema = fieldValueSchema(field, definitions);
    const hint = typeof elementSchema.description === 'string' ? `\n${elementSchema.description}` : '';
    const fieldSchema = { ...elementSchema, description: describeField(field) + hint };
    properties[jsonName] = fieldSchema;
    if (protoName !== jsonName) patternProperties[`^${protoName}$`] = fieldSchema;
  }
  for (const oneof of type.oneofsArray) {
    const members = oneof.fieldsArray.map((f) => f.jsonName ?? f.name);
    if (members.length > 1) oneofNotes.push(`oneof ${oneof.name}: set at most one of ${members.join(', ')}`);
  }
  if (Object.keys(patternProperties).length) schema.patternProperties = patternProperties;
  schema.description = [`message ${fullName(type)}`, ...oneofNotes].join('\n');
  return schema;
}

function fieldValueSchema(field: protobuf.Field, definitions: Record<string, Schema>): Schema {
  const element = field.resolvedType ? valueSchema(field.resolvedType, definitions) : scalarSchema(field.type);
  if (field.map) {
    const keyType = (field as unknown as protobuf.MapField).keyType;
    return { type: 'object', additionalProperties: element, propertyNames: mapKeySchema(keyType) };
  }
  return field.repeated ? { type: 'array', items: element } : element;
}

function valueSchema(type: protobuf.ReflectionObject, definitions: Record<string, Schema>): Schema {
  const name = fullName(type);
  if (type instanceof protobuf.Enum) return enumSchema(type);
  const wellKnown = wellKnownSchema(name);
  if (wellKnown) return wellKnown;
  if (!definitions[name]) messageSchema(type as protobuf.Type, definitions);
  return { $ref: `#/definitions/${name}` };
}

function enumSchema(type: protobuf.Enum): Schema {
  if (fullName(type) === 'google.protobuf.NullValue') return { type: 'null' };
  // Numbers are valid input too; the names come first so completion offers them.
  return { anyOf: [{ type: 'string', enum: Object.keys(type.values) }, { type: 'integer' }] };
}

const INT_LIMITS: Record<string, [number, number]> = {
  int32: [-2147483648, 2147483647],
  sint32: [-2147483648, 2147483647],
  sfixed32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  fixed32: [0, 4294967295],
};

function scalarSchema(type: string): Schema {
  const limits = INT_LIMITS[type];
  if (limits) return { type: 'integer', minimum: limits[0], maximum: limits[1] };
  // 64-bit integers are strings in canonical JSON (JavaScript numbers would round them); numbers are accepted.
  if (is64Bit(type))
    return {
      type: ['string', 'integer'],
      pattern: type.startsWith('u') || type === 'fixed64' ? '^[0-9]+$' : '^-?[0-9]+$',
    };
  switch (type) {
    case 'double':
    case 'float':
      return { anyOf: [{ type: 'number' }, { type: 'string', enum: ['NaN', 'Infinity', '-Infinity'] }] };
    case 'bool':
      return { type: 'boolean' };
    case 'bytes':
      return { type: 'string', contentEncoding: 'base64' };
    default:
      return { type: 'string' };
  }
}

function mapKeySchema(keyType: string): Schema {
  if (keyType === 'bool') return { enum: ['true', 'false'] };
  if (keyType === 'string') return { type: 'string' };
  return {
    pattern: keyType.startsWith('u') || keyType === 'fixed32' || keyType === 'fixed64' ? '^[0-9]+$' : '^-?[0-9]+$',
  };
}

function wellKnownSchema(name: string): Schema | undefined {
  const wrapped = WRAPPERS[name];
  if (wrapped) return { ...scalarSchema(wrapped), description: `${name}: a bare ${wrapped}` };
  switch (name) {
    case 'google.protobuf.Timestamp':
      return { type: 'string', format: 'date-time', description: `${name}: RFC 3339, e.g. "2024-01-31T12:00:00Z"` };
    case 'google.protobuf.Duration':
      return {
        type: 'string',
        pattern: '^-?[0-9]+(\\.[0-9]{1,9})?s$',
        description: `${name}: seconds with an "s", e.g. "1.5s"`,
      };
    case 'google.protobuf.FieldMask':
      return { type: 'string', description: `${name}: comma-separated lowerCamelCase paths, e.g. "name,address.city"` };
    case 'google.protobuf.Struct':
      return { type: 'object', description: `${name}: any JSON object` };
    case 'google.protobuf.ListValue':
      return { type: 'array', description: `${name}: any JSON array` };
    case 'google.protobuf.Value':
      return { description: `${name}: any JSON value` };
    case 'google.protobuf.Empty':
      return { type: 'object', properties: {}, additionalProperties: false, description: name };
    case 'google.protobuf.Any':
      return {
        type: 'object',
        properties: { '@type': { type: 'string', description: 'type URL, e.g. "type.googleapis.com/pkg.Type"' } },
        description: `${name}: "@type" plus the fields of that type (or "value" for a well-known type)`,
      };
    default:
      return undefined;
  }
}

/** e.g. "repeated explorer.v1.Item items = 19" plus the oneof it belongs to and its .proto comment. */
function describeField(field: protobuf.Field): string {
  const protoName: string = (field as any).protoName ?? field.name;
  const typeName = field.resolvedType ? fullName(field.resolvedType) : field.type;
  const keyType = (field as unknown as protobuf.MapField).keyType;
  const label = field.map ? `map<${keyType}, ${typeName}>` : field.repeated ? `repeated ${typeName}` : typeName;
  const synthetic = field.partOf && field.partOf.fieldsArray.length === 1 && field.partOf.name.startsWith('_');
  const lines = [`${synthetic ? 'optional ' : ''}${label} ${protoName} = ${field.id}`];
  if (field.partOf && !synthetic) lines.push(`oneof ${field.partOf.name}: set only one of its members`);
  if (field.comment) lines.push(field.comment);
  return lines.join('\n');
}
