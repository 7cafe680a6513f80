import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newNonce, panelHtml, unavailableHtml } from './html';

const parts = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/main.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/main.css',
  codiconUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/codicon.css',
  title: 'Streams/<Generate>',
};

test('the panel runs under a strict CSP with a fresh nonce per render', () => {
  const a = newNonce();
  const b = newNonce();
  assert.notEqual(a, b);
  assert.ok(a.length >= 22);
  const html = panelHtml({ ...parts, nonce: a });
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  assert.match(csp, /^default-src 'none'; /);
  assert.match(csp, new RegExp(`script-src 'nonce-${a.replace(/[+/]/g, '\\$&')}'`));
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  const scripts = html.match(/<script[^>]*>/g) ?? [];
  assert.equal(scripts.length, 1);
  assert.match(scripts[0]!, new RegExp(`nonce="${a.replace(/[+/]/g, '\\$&')}"`));
  assert.match(scripts[0]!, /src="https:\/\/file\+\.vscode-resource[^"]+main\.js"/, 'no inline script');
  assert.doesNotMatch(html, /<style|style="/, 'no inline style');
  assert.match(html, /id="vscode-codicon-stylesheet"/);
  assert.match(html, /Streams\/&#60;Generate&#62;/, 'the title is escaped');
});

test('the unavailable page says why and runs no script', () => {
  const html = unavailableHtml(
    parts.cspSource,
    parts.styleUri,
    'x',
    'Target 127.0.0.1:1 is not connected: run "gRPC Explorer: Connect".',
  );
  assert.doesNotMatch(html, /<script/);
  assert.match(html, /role="alert">Target 127\.0\.0\.1:1 is not connected/);
});
