// The JSON Schema the request editor completes and lints with.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { jsonSchemaFor } from './json-schema';
import { loadTestRoot, PKG } from './testdata/load';

type Schema = Record<string, any>;
const schema = jsonSchemaFor(loadTestRoot(), `${PKG}.AllTypes`) as Schema;
const props = schema.properties as Record<string, Schema>;

describe('jsonSchemaFor', () => {
  test('is draft-07, closed, titled with the message name, properties under their JSON names', () => {
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.equal(schema.type, 'object');
    assert.equal(schema.title, `${PKG}.AllTypes`);
    assert.equal(schema.additionalProperties, false);
    assert.ok(props.fInt32 && props.customName && props.choiceText && props.maybeCount);
    assert.ok(!props.f_int32 && !props.renamed, 'proto names are not offered for completion');
  });
  test('proto names are still allowed (the codec accepts them)', () => {
    assert.deepEqual(schema.patternProperties['^f_int32$'].type, 'integer');
    assert.ok(schema.patternProperties['^renamed$']);
  });
  test('descriptions name the proto type, field and number', () => {
    assert.equal(props.fInt64!.description, 'int64 f_int64 = 4');
    assert.equal(props.items!.description, `repeated ${PKG}.Item items = 19`);
    assert.equal(props.namesById!.description, 'map<int64, string> names_by_id = 23');
    assert.equal(props.maybeCount!.description, 'optional int32 maybe_count = 30');
    assert.match(props.choiceText!.description, /oneof choice: set only one/);
    assert.match(schema.description, /oneof choice: set at most one of choiceText, choiceNumber, choiceItem/);
  });
  test('scalars: 64-bit as string or integer, 32-bit bounded, bytes base64, floats with NaN/Infinity', () => {
    assert.deepEqual(props.fInt64!.type, ['string', 'integer']);
    assert.equal(props.fUint64!.pattern, '^[0-9]+$');
    assert.deepEqual([props.fUint32!.minimum, props.fUint32!.maximum], [0, 4294967295]);
    assert.equal(props.fBytes!.contentEncoding, 'base64');
    assert.deepEqual(props.fDouble!.anyOf[1].enum, ['NaN', 'Infinity', '-Infinity']);
  });
  test('enums complete by name', () => {
    assert.deepEqual(props.color!.anyOf[0], { type: 'string', enum: ['COLOR_UNSPECIFIED', 'RED', 'GREEN', 'BLUE'] });
    assert.deepEqual(props.colors!.items.anyOf[0].enum, ['COLOR_UNSPECIFIED', 'RED', 'GREEN', 'BLUE']);
  });
  test('well-known types take their JSON form', () => {
    assert.equal(props.when!.format, 'date-time');
    assert.ok(new RegExp(props.timeout!.pattern).test('-1.5s'));
    assert.ok(!new RegExp(props.timeout!.pattern).test('5 minutes'));
    assert.equal(props.attributes!.type, 'object');
    assert.equal(props.anything!.type, undefined, 'Value is any JSON');
    assert.equal(props.list!.type, 'array');
    assert.equal(props.mask!.type, 'string');
    assert.ok(props.detail!.properties['@type']);
    assert.deepEqual(props.wInt64!.type, ['string', 'integer']);
    assert.equal(props.wBool!.type, 'boolean');
    assert.equal(props.stamps!.items.format, 'date-time');
  });
  test('messages are $refs into definitions; recursive types refer to themselves', () => {
    assert.equal(props.item!.$ref, `#/definitions/${PKG}.Item`);
    const node = schema.definitions[`${PKG}.Node`];
    assert.equal(node.properties.children.items.$ref, `#/definitions/${PKG}.Node`);
    assert.equal(node.properties.parent.$ref, `#/definitions/${PKG}.Node`);
    assert.equal(schema.definitions[`${PKG}.Item`].additionalProperties, false);
  });
  test('maps constrain their keys and values', () => {
    assert.equal(props.namesById!.propertyNames.pattern, '^-?[0-9]+$');
    assert.equal(props.itemsById!.additionalProperties.$ref, `#/definitions/${PKG}.Item`);
    assert.deepEqual(props.flags!.propertyNames.enum, ['true', 'false']);
  });
  test('a recursive root type is defined once and referenced', () => {
    const tree = jsonSchemaFor(loadTestRoot(), `${PKG}.Node`) as Schema;
    assert.equal(tree.title, `${PKG}.Node`);
    assert.equal(tree.properties.children.items.$ref, `#/definitions/${PKG}.Node`);
  });
  test('an unknown type name is named in the error', () => {
    assert.throws(() => jsonSchemaFor(loadTestRoot(), `${PKG}.Nope`), /no message type "explorer\.jsontest\.v1\.Nope"/);
  });
});
