import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRequestFile } from './parse';

test('requests separated by ###, with names, metadata, body, comments and file variables', () => {
  const f = parseRequestFile(
    [
      '@host = localhost:50051',
      '// a comment',
      '### first',
      'GRPC {{host}}/explorer.sample.v1.Counter/Increment',
      'authorization: Bearer {{token}}',
      'x-trace: 1',
      '',
      '{"value": "41"}',
      '',
      '###',
      '# @name second',
      'GRPC grpcs://api.example.com:443/pkg.Svc/Do',
      '{}',
    ].join('\n'),
  );
  assert.deepEqual(f.diagnostics, []);
  assert.deepEqual(f.variables, { host: 'localhost:50051' });
  const [a, b] = f.requests;
  assert.equal(a!.name, 'first'); // IntelliJ: the text after ### names the request
  assert.equal(a!.line, 3);
  assert.equal(a!.endLine, 7);
  assert.equal(a!.target, '{{host}}');
  assert.equal(a!.method, 'explorer.sample.v1.Counter/Increment');
  assert.equal(a!.settings.tls, undefined);
  assert.deepEqual(a!.metadata, [
    ['authorization', 'Bearer {{token}}'],
    ['x-trace', '1'],
  ]);
  assert.deepEqual(a!.messages, [{ text: '{"value": "41"}', line: 7, waitForServer: false }]);
  assert.equal(b!.name, 'second');
  assert.equal(b!.settings.tls, true);
  assert.equal(b!.target, 'api.example.com:443');
  assert.deepEqual(
    b!.messages.map((m) => m.text),
    ['{}'],
  ); // httpyac: body right after the request line
});

test('variables with spaces inside the braces stay part of the address', () => {
  const r = parseRequestFile('GRPC {{ host }}/p.S/M\n').requests[0]!;
  assert.deepEqual([r.target, r.method, r.errors], ['{{ host }}', 'p.S/M', []]);
});

test('stream messages separated by === and === wait-for-server', () => {
  const f = parseRequestFile(
    'GRPC localhost:1/p.S/Bidi\n\n{"a":1}\n=== wait-for-server\n{"a":2}\n===\n{\n  "a": 3\n}\n',
  );
  assert.deepEqual(
    f.requests[0]!.messages.map((m) => [m.text, m.line, m.waitForServer]),
    [
      ['{"a":1}', 2, false],
      ['{"a":2}', 4, true],
      ['{\n  "a": 3\n}', 6, false],
    ],
  );
});

test('kulala spelling: target and method separated by a space, @grpc- settings', () => {
  const f = parseRequestFile(
    '# @grpc-import-path protos\n# @grpc-proto protos/echo.proto\n# @grpc-plaintext\nGRPC localhost:8080 grpc_echo.v1.EchoService/Echo\n\n{"ping": "hi"}',
  );
  const r = f.requests[0]!;
  assert.equal(r.target, 'localhost:8080');
  assert.equal(r.method, 'grpc_echo.v1.EchoService/Echo');
  assert.deepEqual(r.settings, {
    tls: false,
    protoFiles: ['protos/echo.proto'],
    importPaths: ['protos'],
    protosetFiles: [],
  });
});

test("httpyac's global proto < file and includeDirs apply to every later request", () => {
  const f = parseRequestFile(
    'proto < ./hello.proto\nincludeDirs: ["inc"]\nkeepCase: true\n\n###\nGRPC h:1/hello.HelloService/SayHello\n{}\n\n\nGRPC h:1/hello.HelloService/SayHello\n{"greeting": "john"}\n',
  );
  assert.deepEqual(f.diagnostics, []);
  assert.equal(f.requests.length, 2);
  for (const r of f.requests) {
    assert.deepEqual(r.settings.protoFiles, ['./hello.proto']);
    assert.deepEqual(r.settings.importPaths, ['inc']);
  }
});

test('TLS settings: CA, client certificate, server name, deadline', () => {
  const f = parseRequestFile(
    '# @grpc-cacert ca.pem\n# @grpc-cert c.pem\n# @grpc-key k.pem\n# @grpc-servername api\n# @grpc-deadline 2s\nGRPC h:1/p.S/M\n',
  );
  assert.deepEqual(f.requests[0]!.settings, {
    tls: true,
    caFile: 'ca.pem',
    certFile: 'c.pem',
    keyFile: 'k.pem',
    serverName: 'api',
    deadline: '2s',
    protoFiles: [],
    importPaths: [],
    protosetFiles: [],
  });
});

test('assertions are read from the request, wherever they stand after the request line', () => {
  const f = parseRequestFile(
    'GRPC h:1/p.S/M\n?? status == OK\n\n{"a": 1}\n?? body $.value == "42"\n?? messages == 1\n',
  );
  const r = f.requests[0]!;
  assert.deepEqual(
    r.assertions.map((a) => [a.subject, a.path, a.operator, a.expected]),
    [
      ['status', '', '==', 'OK'],
      ['body', '$.value', '==', '"42"'],
      ['messages', '', '==', '1'],
    ],
  );
  assert.deepEqual(
    r.messages.map((m) => m.text),
    ['{"a": 1}'],
  );
});

test('other requests (GET, WS) are skipped without complaint', () => {
  const f = parseRequestFile(
    'GET https://example.com\nAccept: */*\n\n###\nPOST https://example.com\n\n{"x":1}\n###\nGRPC h:1/p.S/M\n{}\n',
  );
  assert.deepEqual(f.diagnostics, []);
  assert.equal(f.requests.length, 1);
});

test('a bad request line, a bad metadata line and a bad assertion: errors on their lines; the good request is intact', () => {
  const f = parseRequestFile(
    'GRPC localhost:1\n\n{}\n###\nGRPC h:1/p.S/M\nnot metadata\n\n{}\n###\nGRPC h:1/p.S/Good\n?? body $.a ==\n{}\n###\nGRPC h:1/p.S/Fine\n{}\n',
  );
  assert.deepEqual(
    f.diagnostics.map((d) => [d.line, d.severity]),
    [
      [0, 'error'],
      [5, 'error'],
      [10, 'error'],
    ],
  );
  assert.match(f.diagnostics[0]!.message, /expected GRPC host:port\/package\.Service\/Method/);
  assert.match(f.diagnostics[1]!.message, /key: value/);
  assert.match(f.diagnostics[2]!.message, /needs a value/);
  assert.deepEqual(
    f.requests.map((r) => r.errors.length),
    [1, 1, 1, 0],
  );
});

test('scripts are reported and skipped, never run; unknown @grpc- settings are warnings', () => {
  const f = parseRequestFile(
    '# @grpc-colour blue\nGRPC h:1/p.S/M\n{"a":1}\n\n{{@streaming\n  grpcStream.write({});\n}}\n\n> {%\n client.test("x", () => {});\n%}\n',
  );
  assert.deepEqual(
    f.diagnostics.map((d) => [d.line, d.severity]),
    [
      [0, 'warning'],
      [4, 'warning'],
      [8, 'warning'],
    ],
  );
  assert.deepEqual(
    f.requests[0]!.messages.map((m) => m.text),
    ['{"a":1}'],
  );
});

test('never throws, whatever the text', () => {
  for (const t of ['', '###', 'GRPC', '===', '??', '{{', '> {%', 'proto <', '@=', 'GRPC a b c d'])
    assert.doesNotThrow(() => parseRequestFile(t));
});

test("httpyac's documented gRPC forms (https://httpyac.github.io/guide/request.html#grpc)", () => {
  const f = parseRequestFile(
    [
      '@assetsDir=./',
      '@lazy:=foo{{assetsDir}}',
      '',
      'proto < {{assetsDir}}hello.proto',
      'keepCase: true',
      'includeDirs: [`${__dirname}/request`, `${assetsDir}/more`, "plain"]',
      '',
      '# @grpc-reflection',
      '# @name=first',
      'GRPC grpc.postman-echo.com/HelloService/sayHello',
      '{"greeting": "world"}',
      '',
      '',
      'GRPC /HelloService/BidiHello',
      '{"greeting": "world"}',
      '===',
      '{"greeting": "How are you?"}',
      '=== wait-for-server',
      '=== wait-for-server',
      '{"greeting": "I can stream."}',
    ].join('\n'),
  );
  assert.deepEqual(f.diagnostics, []);
  assert.deepEqual(f.variables, { assetsDir: './', lazy: 'foo{{assetsDir}}' });
  const [a, b] = f.requests;
  assert.equal(a!.name, 'first');
  assert.deepEqual(a!.settings.protoFiles, ['{{assetsDir}}hello.proto']);
  assert.deepEqual(a!.settings.importPaths, ['./request', '{{assetsDir}}/more', 'plain']);
  // Two requests in one region, without ###; a path alone goes to {{host}}.
  assert.equal(b!.target, '{{host}}');
  assert.equal(b!.method, 'HelloService/BidiHello');
  assert.deepEqual(
    b!.messages.map((m) => [m.text, m.waitForServer, m.waitReplies]),
    [
      ['{"greeting": "world"}', false, undefined],
      ['{"greeting": "How are you?"}', false, undefined],
      ['{"greeting": "I can stream."}', true, 2],
    ],
  );
});

test("IntelliJ's # @name = NAME and a message from a file; kulala's flags, @grpc-authority and list", () => {
  const f = parseRequestFile(
    [
      '# @name = fromFile',
      'GRPC localhost:50051/p.S/M',
      '< ./message.json',
      '',
      '###',
      'GRPC -plaintext -import-path ../protos -proto helloworld.proto localhost:50051 helloworld.Greeter/SayHello',
      '',
      '###',
      '# @grpc-authority real.example.com',
      'GRPC localhost:443 helloworld.Greeter/SayHello',
      '',
      '###',
      '# @grpc-v',
      'GRPC localhost:50051 list',
      '',
      '###',
      'GRPC {{flags}} {{address}} {{service}}/SayHello',
    ].join('\n'),
  );
  const [a, b, c, d] = f.requests;
  assert.equal(a!.name, 'fromFile');
  assert.deepEqual(a!.messages, [{ text: '< ./message.json', line: 2, waitForServer: false }]);
  assert.equal(b!.settings.tls, false);
  assert.deepEqual(b!.settings.importPaths, ['../protos']);
  assert.deepEqual(b!.settings.protoFiles, ['helloworld.proto']);
  assert.equal(b!.target, 'localhost:50051');
  assert.equal(b!.method, 'helloworld.Greeter/SayHello');
  assert.deepEqual(b!.errors, []);
  assert.equal(c!.settings.serverName, 'real.example.com');
  assert.equal(c!.settings.tls, undefined, '-authority names the certificate; it does not turn TLS on');
  assert.equal(f.requests.length, 4, 'the list command is no call');
  assert.match(f.diagnostics.find((x) => x.line === 13)!.message, /list is kulala's schema listing, not a call: skipped/);
  assert.equal(d!.errors.length, 1);
  assert.equal(d!.errors[0]!.line, 16);
  assert.match(d!.errors[0]!.message, /\{\{flags\}\} before the address: flags from a variable are not read/);
});

test("a script that sets TLS credentials says to write grpcs:// instead", () => {
  const f = parseRequestFile(
    [
      '{{@request',
      "const grpc = require('@grpc/grpc-js');",
      'request.channelCredentials = grpc.ChannelCredentials.createSsl();',
      '}}',
      'GRPC grpc.postman-echo.com/HelloService/sayHello',
      '{"greeting": "world"}',
    ].join('\n'),
  );
  assert.equal(f.requests.length, 1);
  assert.deepEqual(
    f.diagnostics.map((d) => [d.line, d.severity]),
    [[0, 'warning']],
  );
  assert.match(f.diagnostics[0]!.message, /write grpcs:\/\/ before the address for TLS/);
});
