import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as protobuf from 'protobufjs';
import { findMethod, findService, schemaFromRoot } from './schema';

const root = protobuf.parse(`
syntax = "proto3";
package grpc.reflection.v1;
message R {}
service ServerReflection { rpc ServerReflectionInfo(stream R) returns (stream R); }
`).root;
protobuf.parse(`
syntax = "proto3";
package demo.v1;
message M {}
service Zeta { rpc Up(stream M) returns (M); rpc Down(M) returns (stream M); }
service Alpha { rpc Get(M) returns (M); }
`, root);
root.resolveAll();
const schema = schemaFromRoot(root, 'proto');

describe('schemaFromRoot', () => {
  it('lists services and methods sorted, with kinds, and hides the reflection service', () => {
    assert.deepEqual(
      schema.services.map((s) => [s.name, s.methods.map((m) => `${m.name}:${m.kind}`)]),
      [
        ['demo.v1.Alpha', ['Get:unary']],
        ['demo.v1.Zeta', ['Down:server-streaming', 'Up:client-streaming']],
      ],
    );
  });
});

describe('findMethod / findService', () => {
  it('accepts pkg.Svc/Method, /pkg.Svc/Method and pkg.Svc.Method', () => {
    for (const name of ['demo.v1.Zeta/Up', '/demo.v1.Zeta/Up', 'demo.v1.Zeta.Up', ' demo.v1.Zeta/Up ']) {
      const m = findMethod(schema, name);
      assert.equal(m?.fullName, 'demo.v1.Zeta/Up', name);
      assert.equal(m?.path, '/demo.v1.Zeta/Up');
      assert.equal(m?.requestType, 'demo.v1.M');
    }
  });

  it('finds nothing for unknown or partial names', () => {
    assert.equal(findMethod(schema, 'demo.v1.Zeta/Nope'), undefined);
    assert.equal(findMethod(schema, 'Zeta/Up'), undefined);
    assert.equal(findMethod(schema, 'Up'), undefined);
    assert.equal(findService(schema, 'demo.v1.Alpha')?.methods.length, 1);
    assert.equal(findService(schema, '.demo.v1.Alpha')?.name, 'demo.v1.Alpha');
    assert.equal(findService(schema, 'grpc.reflection.v1.ServerReflection'), undefined);
  });
});
