import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestTooLargeError } from '../errors';
import { explainError } from '../explain';
import { inRequestFileTerms } from './hints';

test("TLS advice for a .http request names the file's settings, not the CLI's flags", () => {
  assert.equal(
    inRequestFileTerms(
      "UNAVAILABLE: the server's certificate is not trusted — pass its CA with --cacert FILE, or --insecure-skip-verify for a development certificate",
    ),
    "UNAVAILABLE: the server's certificate is not trusted — name its CA with # @grpc-cacert FILE, or add # @grpc-insecure for a development certificate",
  );
  assert.match(
    inRequestFileTerms('TLS handshake failed: the server seems to speak plaintext — try --plaintext'),
    /try plaintext: write the address without grpcs:\/\/$/,
  );
  assert.match(
    inRequestFileTerms('the connection was dropped: the server may require TLS — drop --plaintext'),
    /write grpcs:\/\/ before the address$/,
  );
});

test('deadline, credentials, client certificates and protos: every hint in file terms, no flag left', () => {
  const hints = [
    'no answer before the deadline — raise it with --deadline',
    "unauthenticated — pass credentials, e.g. -H 'authorization: Bearer TOKEN'",
    'the server requires a client certificate — pass --cert FILE and --key FILE',
    'is it signed by a CA the server trusts? (--cert / --key)',
    'mTLS needs both a client certificate (--cert) and its key (--key)',
    'server does not support reflection (UNIMPLEMENTED): use --proto FILE or --protoset FILE',
    'cannot find a.proto (searched x) — add the directory that holds it with --import-path DIR',
    'the certificate is not valid for this host name — pass the name it was issued for with --servername NAME',
  ].map((h) => inRequestFileTerms(h));
  for (const h of hints) assert.doesNotMatch(h, /(^|\s|\()--?[a-z]/, h);
  assert.match(hints[1]!, /add a metadata line under the GRPC line, e\.g\. authorization: Bearer TOKEN/);
  assert.match(hints[2]!, /# @grpc-cert FILE and # @grpc-key FILE/);
  assert.match(hints[5]!, /# @grpc-proto FILE or # @grpc-protoset FILE/);
});

test('the real explanation of a refused TLS handshake reads in file terms', () => {
  const e = explainError(
    Object.assign(new Error('14 UNAVAILABLE: self-signed certificate'), {
      code: 14,
      details: 'self-signed certificate',
    }),
    { address: '127.0.0.1:1', transport: { kind: 'tls' } },
    'call x',
  );
  assert.match(inRequestFileTerms(e.message), /# @grpc-cacert FILE/);
});

test('the message-size limit is named where the request ran: --max-msg-size for run, the setting in the editor', () => {
  const refused = new RequestTooLargeError(5_000_002, 4_194_304, false, 5_000_019).problem;
  assert.match(inRequestFileTerms(refused), /raise the limit with --max-msg-size; nothing was sent$/);
  assert.match(
    inRequestFileTerms(refused, 'editor'),
    /raise the grpcExplorer\.maxMessageBytes setting; nothing was sent$/,
  );
  const server =
    "the server refused a request message of 5000005 bytes as over its receive limit of 4194304 bytes — send smaller requests (split the data, or stream it), or raise the server's max receive message size; --max-msg-size only sets this client's limits";
  assert.match(inRequestFileTerms(server, 'editor'), /grpcExplorer\.maxMessageBytes only sets this editor's limits$/);
  for (const m of [refused, server]) assert.doesNotMatch(inRequestFileTerms(m, 'editor'), /--/);
});
