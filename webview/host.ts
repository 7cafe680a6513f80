/**
 * The webview's side of VS Code: the one `acquireVsCodeApi()`, the port to the host built on it
 * (host-port.ts), and the state VS Code keeps for the panel across hides and window reloads.
 */
import type { PersistedPanelState } from '../src/shared/protocol';
import { HostChannel, type HostPort, type PushMessage } from './host-port';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

/** Opens the port to the host; `onPush` gets every message that is not a reply to a request. */
export function connectToHost(onPush: (m: PushMessage) => void): HostPort {
  const channel = new HostChannel((m) => api.postMessage(m));
  window.addEventListener('message', (e: MessageEvent<unknown>) => {
    const m = e.data;
    // Only the host posts to this window; still, ignore anything without a type.
    if (typeof m !== 'object' || m === null || typeof (m as { type?: unknown }).type !== 'string') return;
    const push = channel.deliver(m as PushMessage);
    if (push) onPush(push);
  });
  return channel;
}

/** The state saved with the panel (undefined on first open). */
export function savedState(): Partial<PersistedPanelState> | undefined {
  const s = api.getState();
  return typeof s === 'object' && s !== null ? (s as Partial<PersistedPanelState>) : undefined;
}

/** Merges `patch` into the saved state (VS Code restores it after a reload, and the serializer reads it). */
export function saveState(patch: Partial<PersistedPanelState>): void {
  api.setState({ ...savedState(), ...patch });
}
