import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describeSymbol } from './describe';
import { loadSchema } from './discover';
import type { Schema } from './types';
import { FIXTURE_FILES, FIXTURE_ROOT } from '../../../test/servers/fixtures';

const nowhere = { address: 'unused:1', transport: { kind: 'plaintext' as const } };

describe('describeSymbol', () => {
  let schema: Schema;
  before(async () => {
    schema = await loadSchema(nowhere, { kind: 'proto', files: FIXTURE_FILES.map((f) => join(FIXTURE_ROOT, f)), importPaths: [FIXTURE_ROOT] });
  });

  it('without a symbol prints every service with its rpcs, streams marked', () => {
    const text = describeSymbol(schema);
    assert.equal(
      text,
      [
        '// fixture.admin.v1.Admin is a service in package fixture.admin.v1',
        'service Admin {',
        '  rpc GetCategories(google.protobuf.Empty) returns (fixture.common.v1.Tree);',
        '  rpc Reprice(RepriceRequest) returns (fixture.common.v1.Money);',
        '}',
        '',
        '// fixture.shop.v1.Shop is a service in package fixture.shop.v1',
        'service Shop {',
        '  rpc GetItem(GetItemRequest) returns (Item);',
        '  rpc WatchItems(WatchRequest) returns (stream Item);',
        '  rpc UploadItems(stream Item) returns (UploadSummary);',
        '  rpc Chat(stream ChatMessage) returns (stream ChatMessage);',
        '  rpc Ping(google.protobuf.Empty) returns (google.protobuf.Empty);',
        '}',
      ].join('\n'),
    );
  });

  it('a message shows nested types, labels, maps, oneofs and proto3 optional as written', () => {
    const text = describeSymbol(schema, 'fixture.shop.v1.Item');
    assert.match(text, /^\/\/ fixture\.shop\.v1\.Item is a message in package fixture\.shop\.v1\nmessage Item \{\n  message Variant \{\n    enum Size \{\n      SIZE_UNSPECIFIED = 0;/);
    for (const line of [
      '    Item.Variant.Size size = 2;',
      '  repeated Item.Variant variants = 3;',
      '  map<string, fixture.common.v1.Money> prices = 4;',
      '  map<int32, string> labels_by_rank = 5;',
      '  oneof pricing {\n    fixture.common.v1.Money fixed_price = 6;\n    double discount_percent = 7;\n    string coupon_code = 8;\n  }',
      '  optional string note = 9;',
      '  google.protobuf.Timestamp created_at = 11;',
      '  repeated int32 ratings = 21;',
    ]) {
      assert.ok(text.includes(`\n${line}\n`), `missing:\n${line}\nin:\n${text}`);
    }
    assert.doesNotMatch(text, /oneof _note/, 'proto3 optional is not shown as a oneof');
  });

  it('a recursive message refers to itself', () => {
    assert.equal(
      describeSymbol(schema, 'fixture.common.v1.Tree'),
      [
        '// fixture.common.v1.Tree is a message in package fixture.common.v1',
        'message Tree {',
        '  string label = 1;',
        '  repeated Tree children = 2;',
        '  map<string, Tree> named = 3;',
        '}',
      ].join('\n'),
    );
  });

  it('an enum lists its values; a nested one is found by its full name', () => {
    assert.equal(
      describeSymbol(schema, 'fixture.shop.v1.Item.State'),
      '// fixture.shop.v1.Item.State is an enum in package fixture.shop.v1\nenum State {\n  STATE_UNSPECIFIED = 0;\n  STATE_ACTIVE = 1;\n  STATE_RETIRED = 2;\n}',
    );
  });

  it('a method in any of its spellings prints its rpc line', () => {
    for (const name of ['fixture.shop.v1.Shop/Chat', '/fixture.shop.v1.Shop/Chat', 'fixture.shop.v1.Shop.Chat']) {
      assert.equal(
        describeSymbol(schema, name),
        '// fixture.shop.v1.Shop/Chat is a method in package fixture.shop.v1\nrpc Chat(stream ChatMessage) returns (stream ChatMessage);',
      );
    }
  });

  it('an unknown symbol names the services there are', () => {
    assert.throws(() => describeSymbol(schema, 'fixture.shop.v1.Nope'), /no service, method, message or enum named "fixture\.shop\.v1\.Nope" \(services: fixture\.admin\.v1\.Admin, fixture\.shop\.v1\.Shop\)/);
    assert.throws(() => describeSymbol(schema, 'fixture.shop.v1'), /no service, method, message or enum/);
  });
});
