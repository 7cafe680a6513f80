// What the user reads: emit-defaults, the printed text, the request template,
// and the codec cache.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { codecFor } from './codec';
import { loadTestRoot, PKG, roundTrip, testCodec } from './testdata/load';

describe('emitDefaults', () => {
  test('off: only set fields; on: every field but an unset Value, like grpcurl -emit-defaults (Go protojson EmitUnpopulated)', () => {
    assert.deepEqual(roundTrip({ item: {} }), { item: {} });
    assert.deepEqual(roundTrip({}, { emitDefaults: true }, 'Item'), { name: '', at: null, count: 0 });
    const all = roundTrip({}, { emitDefaults: true }) as Record<string, unknown>;
    assert.deepEqual(
      { ...all },
      {
        fDouble: 0,
        fFloat: 0,
        fInt32: 0,
        fInt64: '0',
        fUint32: 0,
        fUint64: '0',
        fSint32: 0,
        fSint64: '0',
        fFixed32: 0,
        fFixed64: '0',
        fSfixed32: 0,
        fSfixed64: '0',
        fBool: false,
        fString: '',
        fBytes: '',
        color: 'COLOR_UNSPECIFIED',
        colors: [],
        item: null,
        items: [],
        ids: [],
        tags: [],
        labels: {},
        namesById: {},
        itemsById: {},
        flags: {},
        colorsByCode: {},
        when: null,
        timeout: null,
        detail: null,
        attributes: null,
        // anything (a Value) stays out: null would read back as a Value set to null
        list: null,
        mask: null,
        nothing: null,
        wDouble: null,
        wFloat: null,
        wInt64: null,
        wUint64: null,
        wInt32: null,
        wUint32: null,
        wBool: null,
        wString: null,
        wBytes: null,
        tree: null,
        stamps: [],
        values: [],
        customName: '',
      },
    );
  });
  test('unset oneof members and proto3 optional fields stay out; a set one is printed', () => {
    const out = roundTrip({ choiceNumber: 0 }, { emitDefaults: true }) as Record<string, unknown>;
    assert.equal(out.choiceNumber, 0);
    for (const absent of ['choiceText', 'choiceItem', 'maybeCount', 'maybeName']) assert.ok(!(absent in out), absent);
  });
  test('fields print in declaration order', () => {
    const out = roundTrip({ customName: 'z', fDouble: 1 }, { emitDefaults: true }) as object;
    const keys = Object.keys(out);
    assert.equal(keys[0], 'fDouble');
    assert.equal(keys[keys.length - 1], 'customName');
  });
  test('reaches into nested messages, repeated and map values, and an Any body', () => {
    const out = roundTrip(
      {
        item: { name: 'a' },
        items: [{}],
        itemsById: { '1': {} },
        tree: { children: [{}] },
        detail: { '@type': `type.googleapis.com/${PKG}.Item` },
      },
      { emitDefaults: true },
    ) as Record<string, unknown>;
    const emptyItem = { name: '', at: null, count: 0 };
    assert.deepEqual(out.item, { ...emptyItem, name: 'a' });
    assert.deepEqual(out.items, [emptyItem]);
    assert.deepEqual(out.itemsById, { '1': emptyItem });
    assert.deepEqual(out.tree, { label: '', children: [{ label: '', children: [], parent: null }], parent: null });
    assert.deepEqual(out.detail, { '@type': `type.googleapis.com/${PKG}.Item`, ...emptyItem });
  });
});

describe('decodeToText', () => {
  test('one line by default, indented on request, 64-bit integers as strings', () => {
    const codec = testCodec();
    const bytes = codec.encodeJson('{"fInt64": 9223372036854775807, "tags": ["a"]}');
    assert.equal(codec.decodeToText(bytes), '{"fInt64":"9223372036854775807","tags":["a"]}');
    assert.equal(
      codec.decodeToText(bytes, { indent: 2 }),
      '{\n  "fInt64": "9223372036854775807",\n  "tags": [\n    "a"\n  ]\n}',
    );
  });
  test('bytes that are not the type say so', () => {
    assert.throws(
      () => testCodec().decode(Uint8Array.from([0x0a, 0xff])),
      /cannot decode 2 bytes as explorer\.jsontest\.v1\.AllTypes: .*right message type/,
    );
  });
});

describe('template', () => {
  const template = JSON.parse(testCodec().template()) as Record<string, unknown>;
  test('every field at its default, JSON names, 64-bit as strings, enums by name', () => {
    assert.equal(template.fInt64, '0');
    assert.equal(template.fInt32, 0);
    assert.equal(template.color, 'COLOR_UNSPECIFIED');
    assert.equal(template.customName, '');
    assert.equal(template.when, '1970-01-01T00:00:00Z');
    assert.equal(template.timeout, '0s');
    assert.equal(template.wInt64, '0');
  });
  test('nested messages one level deep; recursion stops; maps empty; one example element', () => {
    assert.deepEqual(template.item, { name: '', at: '1970-01-01T00:00:00Z', count: 0 });
    assert.deepEqual(template.items, [{ name: '', at: '1970-01-01T00:00:00Z', count: 0 }]);
    assert.deepEqual(template.tree, { label: '', children: [], parent: {} });
    assert.deepEqual(template.labels, {});
    assert.deepEqual(template.ids, ['0']);
  });
  test('only the first member of a oneof, so the template itself can be sent', () => {
    assert.equal(template.choiceText, '');
    assert.ok(!('choiceNumber' in template) && !('choiceItem' in template));
    assert.doesNotThrow(() => testCodec().encodeJson(testCodec().template()));
  });
  test('is pretty-printed', () => {
    assert.match(testCodec('Item').template(), /^\{\n {2}"name": "",\n/);
  });
});

describe('codecFor', () => {
  test('is cached per root and type name (with or without a leading dot)', () => {
    const root = loadTestRoot();
    const codec = codecFor(root, `${PKG}.Item`);
    assert.equal(codecFor(root, `.${PKG}.Item`), codec);
    assert.notEqual(codecFor(loadTestRoot(), `${PKG}.Item`), codec);
    assert.equal(codec.typeName, `${PKG}.Item`);
  });
  test('an unknown type name is named in the error', () => {
    assert.throws(() => codecFor(loadTestRoot(), `${PKG}.Nope`), /no message type "explorer\.jsontest\.v1\.Nope"/);
  });
});
