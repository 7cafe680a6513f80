/**
 * The panel and `.http` request files: the webview asks the host to save what
 * it is about to send (target and transport are the host's; the webview gives
 * the messages, metadata and deadline). The host turns secret values into
 * `{{variables}}`, and the editor around it asks where the request goes.
 */
import type { MetadataRows } from './call';

/** "Save to .http": the editor's message, or every queued stream message, with the metadata and deadline. */
export interface SaveToHttpRequest {
  readonly type: 'saveToHttp';
  /** `waitForServer`: sent once the next reply arrived (`=== wait-for-server`), as the request file had it. */
  readonly messages: { text: string; waitForServer: boolean }[];
  readonly metadata: MetadataRows;
  readonly deadlineMs: number | null;
}

/** Request-file messages, webview → host. */
export type RequestFileFromWebview = SaveToHttpRequest;

/** Most messages one save (or one queue of prepared stream messages) holds. */
export const MAX_SAVED_MESSAGES = 10_000;
