/**
 * The "done" bar of the command line: against the sample server, over
 * plaintext and over TLS (--cacert), list the services, describe each one,
 * and call every method of every kind with --timing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSampleServer, type SampleServer } from '../../sample-server/server';
import { jsonLines, runCli, tempFile } from './cli-process';

/** A request for each sample method that ends quickly, and how many responses it gets. */
const REQUESTS: Record<string, { data: string; responses: number }> = {
  'Books/Recommend': { data: '{"count": 3}', responses: 3 },
  'Books/RecommendAll': { data: '{"count": 3}', responses: 1 },
  'Books/RecommendPage': { data: '{"pageSize": 2, "totalCount": 3}', responses: 1 },
  'Counter/Increment': { data: '{"value": "1"}', responses: 1 },
  'Counter/IncrementStream': { data: '{"value": "1"} {"value": "10"}', responses: 2 },
  'Faults/FailStream': { data: '{"code": "OK", "afterMessages": 2}', responses: 2 },
  'Faults/FailUnary': { data: '{"code": "OK"}', responses: 1 },
  'FlowControl/Stream': { data: '{"count": 3}', responses: 3 },
  'FlowControl/StreamWithAcks': { data: '{"start": {"count": 2}}', responses: 2 },
  'Streams/BidiAsync': { data: '{"seq": "1", "text": "a"} {"seq": "2", "text": "b"}', responses: 4 },
  'Streams/BidiSync': { data: '{"value": "1"} {"value": "2"}', responses: 2 },
  'Streams/Collect': { data: '{"value": "1"} {"value": "2"}', responses: 1 },
  'Streams/Generate': { data: '{"count": 3}', responses: 3 },
  'Types/Echo': { data: '{}', responses: 1 },
};

const PKG = 'explorer.sample.v1';

for (const mode of ['plaintext', 'tls'] as const) {
  describe(`every sample method over ${mode}`, () => {
    let server: SampleServer;
    let transport: string[];
    before(async () => {
      server = await startSampleServer({ port: 0, tls: mode === 'tls' });
      transport = mode === 'tls' ? ['--cacert', tempFile('ca.pem', server.caPem!)] : ['--plaintext'];
    });
    after(() => server.close());

    test('describe lists exactly the methods this test calls, with their streaming shapes', async () => {
      const r = await runCli(['describe', server.address, ...transport]);
      assert.equal(r.code, 0, r.stderr);
      const methods = [...r.stdout.matchAll(/^service (\w+) \{([^}]*)\}/gm)].flatMap(([, svc, body]) =>
        [...body!.matchAll(/rpc (\w+)\(/g)].map(([, m]) => `${svc}/${m}`),
      );
      assert.deepEqual(methods.sort(), Object.keys(REQUESTS).sort());
      for (const kind of ['rpc \\w+\\(\\w+\\) returns \\(\\w+\\)', 'returns \\(stream ', '\\(stream \\w+\\) returns \\(\\w+\\)', '\\(stream \\w+\\) returns \\(stream ']) {
        assert.match(r.stdout, new RegExp(kind), `a method of shape ${kind}`);
      }
    });

    for (const [method, { data, responses }] of Object.entries(REQUESTS)) {
      test(`call ${method} with --timing`, async () => {
        const r = await runCli(['call', server.address, `${PKG}.${method}`, '-d', data, '--timing', ...transport]);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(jsonLines(r.stdout).length, responses, r.stdout);
        const events = jsonLines(r.stderr);
        assert.equal(events.filter((e) => e.event === 'received').length, responses);
        assert.deepEqual(events.at(-1), { ...events.at(-1), event: 'status', code: 'OK' });
      });
    }
  });
}

test('TLS: an untrusted certificate fails with advice; --insecure-skip-verify accepts it', async () => {
  const server = await startSampleServer({ port: 0, tls: true });
  try {
    const method = `${PKG}.Counter/Increment`;
    const untrusted = await runCli(['call', server.address, method]);
    assert.equal(untrusted.code, 64 + 14);
    assert.match(untrusted.stderr, /^ERROR: UNAVAILABLE: .*not trusted.*--cacert FILE.*--insecure-skip-verify/m);
    const skip = await runCli(['call', server.address, method, '--insecure-skip-verify', '-d', '{"value": "1"}']);
    assert.equal(skip.code, 0, skip.stderr);
    assert.equal(skip.stdout, '{"value":"2"}\n');
    assert.equal(skip.stderr, '', 'no warnings from Node about the IP address as TLS server name');
    const plain = await runCli(['list', server.address, '--plaintext']);
    assert.equal(plain.code, 64 + 14, 'plaintext against a TLS server fails');
  } finally {
    await server.close();
  }
});
