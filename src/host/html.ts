/**
 * The method panel's HTML: an empty shell that loads the bundled webview
 * script and styles. Strict CSP: nothing is allowed by default; scripts only
 * with this render's nonce; styles and fonts only from the webview's own
 * resource origin (no inline style or script anywhere). Pure, so the CSP is
 * unit-tested.
 */
import { randomBytes } from 'node:crypto';

export interface PanelHtmlParts {
  /** `webview.cspSource`: the origin VS Code serves local resources from. */
  readonly cspSource: string;
  /** `asWebviewUri` of dist/webview/main.js, main.css and codicon.css. */
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly codiconUri: string;
  /** Fresh for every render (`newNonce()`). */
  readonly nonce: string;
  /** The page title, e.g. the method's name. */
  readonly title: string;
}

/** A new random nonce: 128 bits, base64 (CSP nonces must be unguessable and never reused). */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/** The Content-Security-Policy the panel runs under. */
export function panelCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
  ].join('; ');
}

function escapeHtml(text: string): string {
  // Attributes here are always double-quoted, so ' needs no escaping (and the CSP stays readable).
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The whole document. The body is filled by main.js; it shows a line of text until then. */
export function panelHtml(p: PanelHtmlParts): string {
  const attr = escapeHtml;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(panelCsp(p.cspSource, p.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(p.codiconUri)}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${attr(p.styleUri)}">
<title>${escapeHtml(p.title)}</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="loading">Loading ${escapeHtml(p.title)}…</p></main>
<script type="module" nonce="${attr(p.nonce)}" src="${attr(p.scriptUri)}"></script>
</body>
</html>`;
}

/** What the panel shows when it cannot be restored (the target is gone); no script at all. */
export function unavailableHtml(cspSource: string, styleUri: string, title: string, reason: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(`default-src 'none'; style-src ${cspSource}`)}">
<link rel="stylesheet" href="${escapeHtml(styleUri)}">
<title>${escapeHtml(title)}</title>
</head>
<body><main id="app"><p class="unavailable" role="alert">${escapeHtml(reason)}</p></main></body>
</html>`;
}
