/**
 * The webview's side of the protocol (src/shared/protocol.ts): posting to the
 * extension host, numbering requests, dispatching what comes back, and the
 * state VS Code keeps for the panel across hides and window reloads.
 */
import type { FromWebviewMessage, PersistedPanelState, ToWebviewMessage } from '../src/shared/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();
let lastRequestId = 0;
const listeners: ((m: ToWebviewMessage) => void)[] = [];

/** A fresh id for a request; its reply carries it as `inReplyTo`. */
export function nextRequestId(): number {
  return ++lastRequestId;
}

export function post(message: FromWebviewMessage): void {
  api.postMessage(message);
}

/** Calls `listener` with every message from the host. */
export function onHostMessage(listener: (m: ToWebviewMessage) => void): void {
  listeners.push(listener);
}

window.addEventListener('message', (e: MessageEvent<unknown>) => {
  const m = e.data;
  // Only the host posts to this window; still, ignore anything without a type.
  if (typeof m !== 'object' || m === null || typeof (m as { type?: unknown }).type !== 'string') return;
  for (const l of listeners) l(m as ToWebviewMessage);
});

/** The state saved with the panel (undefined on first open). */
export function savedState(): Partial<PersistedPanelState> | undefined {
  const s = api.getState();
  return typeof s === 'object' && s !== null ? (s as Partial<PersistedPanelState>) : undefined;
}

/** Merges `patch` into the saved state (VS Code restores it after a reload, and the serializer reads it). */
export function saveState(patch: Partial<PersistedPanelState>): void {
  api.setState({ ...savedState(), ...patch });
}
