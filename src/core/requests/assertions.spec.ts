import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, isAssertion, parseAssertion, type CallFacts } from './assertions';

const facts: CallFacts = {
  code: 5,
  received: 2,
  body: { value: '9007199254740993', name: 'Ann', tags: ['a'], ok: true },
  durationMs: 12.5,
  headers: [['content-type', 'application/grpc']],
  trailers: [['x-cost', '3']],
};

function check(text: string): boolean {
  const a = parseAssertion(`?? ${text}`, 0);
  assert.ok(isAssertion(a), JSON.stringify(a));
  return evaluate(a, a.expected, facts).passed;
}

test('status by name, by number, or in words', () => {
  assert.ok(check('status == NOT_FOUND'));
  assert.ok(check('status == 5'));
  assert.ok(check('status != OK'));
  assert.ok(!check('status == OK'));
});

test('body paths on the last message, int64 compared exactly whether quoted or not', () => {
  assert.ok(check('body $.value == 9007199254740993'));
  assert.ok(check('body $.value == "9007199254740993"'));
  assert.ok(!check('body $.value == 9007199254740992'));
  assert.ok(check('body name == Ann'));
  assert.ok(check('body $.tags == ["a"]'));
  assert.ok(check('body $.ok isTrue'));
  assert.ok(check('body $.name startsWith A'));
  assert.ok(check('body $.missing != 1'));
  assert.ok(!check('body $.missing exists'));
  assert.ok(check('body == {"tags":["a"],"name":"Ann","ok":true,"value":"9007199254740993"}'));
});

test('message count, duration, headers and trailers', () => {
  assert.ok(check('messages == 2'));
  assert.ok(check('duration < 1000'));
  assert.ok(!check('duration > 1000'));
  assert.ok(check('header content-type contains grpc'));
  assert.ok(check('trailer x-cost >= 3'));
  assert.ok(!check('header missing exists'));
});

test('a failure says what was found', () => {
  const a = parseAssertion('?? body $.name == Bob', 0);
  assert.ok(isAssertion(a));
  assert.equal(evaluate(a, a.expected, facts).message, 'body $.name == Bob: got "Ann"');
  const s = parseAssertion('?? status == OK', 0);
  assert.ok(isAssertion(s));
  assert.equal(evaluate(s, s.expected, facts).message, 'status == OK: got NOT_FOUND');
});

test('scripts are not run; malformed assertions are diagnostics', () => {
  const js = parseAssertion('?? js response.parsedBody.x == 1', 3);
  assert.ok(!isAssertion(js) && js.severity === 'warning' && js.line === 3);
  for (const bad of ['?? status', '?? status ~ OK', '?? header == x', '?? body $.a exists 1', '?? body $..a == 1']) {
    const d = parseAssertion(bad, 0);
    assert.ok(!isAssertion(d) && d.severity === 'error', bad);
  }
});

test("httpyac's other documented forms (https://httpyac.github.io/guide/assert.html): equals, duration total, a bare body field", () => {
  assert.equal(check('status equals 5'), true);
  assert.equal(check('status == 5'), true);
  assert.equal(check('duration total < 100'), true);
  assert.equal(check('body name exists'), true);
  assert.equal(check('body includes Ann'), true);
  assert.equal(check('status matches ^\\d+'), true);
  for (const [text, why] of [
    ['duration firstByte < 200', /only its total duration/],
    ['body sha256 eji/gfOD9pQzrW6QDTWz4jhVk/dqe3q11DVbi6Qe4ks=', /sha256 hashes a raw body/],
    ['body md5 m7WPJhkuS6APAeLnsTa72A==', /md5 hashes a raw body/],
  ] as const) {
    const a = parseAssertion(`?? ${text}`, 4);
    assert.ok(!isAssertion(a));
    assert.equal(a.severity, 'warning');
    assert.equal(a.line, 4);
    assert.match(a.message, why);
  }
});
