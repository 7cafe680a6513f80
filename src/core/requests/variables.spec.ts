import { test } from 'node:test';
import assert from 'node:assert/strict';
import { substitute, VariableError, type Reply, type VariableSources } from './variables';

const login: Reply = {
  code: 0,
  body: { token: 'abc', user: { id: '42' } },
  headers: [['x-session', 's1']],
  trailers: [['x-cost', '3']],
};
const sources = (over: Partial<VariableSources> = {}): VariableSources => ({
  fileVariables: { host: '{{server}}:{{port}}', port: '50051', loop: '{{loop}}' },
  environment: { server: 'localhost', port: '1' },
  replies: new Map([['login', login]]),
  searched: 'the file\'s @variables and environment "dev"',
  ...over,
});

test('file variables win over the environment and may use other variables', () => {
  assert.equal(substitute('GRPC {{host}}/p.S/M', sources()), 'GRPC localhost:50051/p.S/M');
});

test('named replies: REST Client form, httpyac form, headers, trailers, status', () => {
  const s = sources();
  assert.equal(substitute('{{login.response.body.$.token}}', s), 'abc');
  assert.equal(substitute('{{login.token}}', s), 'abc'); // httpyac: the name holds the reply
  assert.equal(substitute('{{login.user.id}}', s), '42');
  assert.equal(substitute('{{login.response.body.$.user}}', s), '{"id":"42"}');
  assert.equal(substitute('{{login.response.headers.X-Session}}', s), 's1');
  assert.equal(substitute('{{login.response.trailers.x-cost}}', s), '3');
  assert.equal(substitute('{{login.response.status}}', s), '0');
});

test('dynamic variables', () => {
  const s = sources({ processEnv: { TOKEN: 't0k' } });
  assert.match(substitute('{{$uuid}}', s), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const before = Math.floor(Date.now() / 1000);
  const ts = Number(substitute('{{$timestamp}}', s));
  assert.ok(ts >= before && ts <= Math.floor(Date.now() / 1000));
  for (let i = 0; i < 50; i++) {
    const n = Number(substitute('{{$randomInt 5 8}}', s));
    assert.ok(Number.isInteger(n) && n >= 5 && n < 8, String(n));
  }
  assert.equal(substitute('{{$processEnv TOKEN}}', s), 't0k');
  assert.match(substitute('{{$random.integer(1, 3)}}', s), /^[12]$/);
});

test('a secret comes from the fallback (SecretStorage, process environment), never the file', () => {
  assert.equal(
    substitute('Bearer {{token}}', sources({ fallback: (n) => (n === 'token' ? 'secret' : undefined) })),
    'Bearer secret',
  );
});

test('what cannot be resolved is named, with where it was looked for', () => {
  const s = sources();
  assert.throws(
    () => substitute('{{nope}}', s),
    (e: Error) =>
      e instanceof VariableError &&
      /\{\{nope\}\} is not defined in the file's @variables and environment "dev"/.test(e.message),
  );
  assert.throws(() => substitute('{{other.response.body.$.x}}', s), /no earlier request named "other" has replied/);
  assert.throws(
    () => substitute('{{login.response.body.$.missing}}', s),
    /reply of "login" has nothing at response\.body\.\$\.missing/,
  );
  assert.throws(() => substitute('{{loop}}', s), /refers to itself/);
  assert.throws(
    () => substitute('{{$processEnv NOT_SET_ANYWHERE_123}}', sources({ processEnv: {} })),
    /NOT_SET_ANYWHERE_123 is not set/,
  );
  assert.throws(() => substitute('{{$randomInt 9}}', s), /\{\{\$randomInt MIN MAX\}\}/);
  assert.throws(() => substitute('{{$random.integer(9, 1)}}', s), /MIN < MAX/);
  assert.throws(() => substitute('{{$timestamp 2 parsecs}}', s), /offset is a whole number and a unit/);
  assert.throws(() => substitute('{{$datetime}}', s), /name a format/);
  assert.throws(() => substitute('{{$dotenv TOKEN}}', s), /\.env files are not read/);
  assert.throws(() => substitute('{{$nope}}', s), /not a dynamic variable/);
});

test("the other tools' documented dynamic variables", () => {
  const s = sources({ processEnv: { USER2: 'ada' } });
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  // IntelliJ (https://www.jetbrains.com/help/idea/http-client-variables.html)
  assert.match(substitute('{{$random.uuid}}', s), uuid);
  const f = Number(substitute('{{$random.float(2, 8)}}', s));
  assert.ok(f >= 2 && f < 8, String(f));
  assert.match(substitute('{{$random.alphabetic(50)}}', s), /^[A-Za-z]{50}$/);
  assert.match(substitute('{{$random.alphanumeric(12)}}', s), /^[A-Za-z0-9]{12}$/);
  assert.match(substitute('{{$random.hexadecimal(3)}}', s), /^[0-9a-f]{3}$/);
  assert.match(substitute('{{$random.email}}', s), /^[A-Za-z0-9]+@example\.com$/);
  // httpyac and REST Client (https://httpyac.github.io/guide/variables.html)
  assert.match(substitute('{{$guid}}', s), uuid);
  for (const [expr, lo, hi] of [['{{$randomInt -100 100}}', -100, 100], ['{{$randomInt -50 -100}}', -100, -50]] as const) {
    const n = Number(substitute(expr, s));
    assert.ok(Number.isInteger(n) && n >= lo && n < hi, `${expr} gave ${n}`);
  }
  // int64-wide ranges (ids): node's randomInt takes ranges below 2^48 only.
  for (const [expr, lo, hi] of [
    ['{{$randomInt 0 9007199254740993}}', 0n, 9007199254740993n],
    ['{{$randomInt -9223372036854775808 9223372036854775807}}', -9223372036854775808n, 9223372036854775807n],
    ['{{$random.integer(1000000000000000000, 1000000000000000002)}}', 1000000000000000000n, 1000000000000000002n],
  ] as const) {
    const got = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const n = BigInt(substitute(expr, s));
      assert.ok(n >= lo && n < hi, `${expr} gave ${n}`);
      got.add(String(n));
    }
    assert.ok(got.size > 1, `${expr} gave one value 40 times`);
  }
  const now = Math.floor(Date.now() / 1000);
  const later = Number(substitute('{{$timestamp 2 h}}', s));
  assert.ok(Math.abs(later - (now + 7200)) <= 5, `${later} is two hours on from ${now}`);
  assert.match(substitute('{{$datetime iso8601}}', s), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.match(substitute('{{$datetime rfc1123 2 h}}', s), /^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/);
  assert.match(substitute('{{$datetime "DD.MM.YYYY" 2 d}}', s), /^\d\d\.\d\d\.\d{4}$/);
  assert.match(substitute("{{$localDatetime 'DD.MM.YYYY HH:mm'}}", s), /^\d\d\.\d\d\.\d{4} \d\d:\d\d$/);
  assert.match(substitute('{{$localDatetime iso8601}}', s), /^\d{4}-\d\d-\d\dT[\d:.]+[+-]\d\d:\d\d$/);
  assert.equal(substitute('{{$processEnv USER2}}', s), 'ada');
  assert.equal(substitute('{{$processEnv.USER2}}|{{$env.USER2}}', s), 'ada|ada');
  // kulala (https://kulala.app): $date
  assert.match(substitute('{{$date}}', s), /^\d{4}-\d\d-\d\d$/);
});

test("httpyac's escape keeps {{…}} as text", () => {
  assert.equal(
    substitute('{"template": "My \\{\\{someVerb\\}\\} template for {{port}}"}', sources()),
    '{"template": "My {{someVerb}} template for 50051"}',
  );
});
