/**
 * The Lab tab's messages (part of the panel protocol, index.ts): the webview starts and steers the
 * backpressure lab; the host pushes batched samples and the explanation of where in-flight settles.
 * Types and constants only.
 */
import type { MetadataRows } from './call';

/** The lab's counters at one instant (see the core's FlowSample). */
export interface LabSampleView {
  readonly tMs: number;
  readonly serverSent: number;
  readonly received: number;
  readonly processed: number;
  readonly inFlight: number;
  readonly blockedWrites: number;
  readonly paused: boolean;
}

/** New lab samples since the last post (batched: at most one post per ~100 ms). */
export interface LabSamplesMessage {
  readonly type: 'labSamples';
  readonly labId: number;
  readonly samples: LabSampleView[];
  /** Where serverSent comes from: the server's own counter, or the newest seq stamp (a lower bound). */
  readonly source: 'server' | 'stamps';
}

/** The lab run ended: how, and the explanation of where the in-flight count settled. */
export interface LabEndedMessage {
  readonly type: 'labEnded';
  readonly labId: number;
  readonly codeName: string;
  readonly details: string;
  readonly explanation: string;
  readonly expectedInFlight: number;
  readonly messageBytes: number;
  readonly note: string | null;
  /**
   * The exact history, rebuilt from the server's send stamps once every message is in (replaces the
   * live samples, whose "sent" was a lower bound against a server without a probe); null without stamps.
   */
  readonly history: LabSampleView[] | null;
}

/**
 * Where the in-flight count will settle (it depends only on the window, the message size and the
 * consumer's delay): posted as the run starts, from the requested size (`estimated`), and again
 * from the first message's real size.
 */
export interface LabExplainedMessage {
  readonly type: 'labExplained';
  readonly labId: number;
  readonly explanation: string;
  readonly expectedInFlight: number;
  readonly messageBytes: number;
  readonly estimated: boolean;
}

/** A lab run started (the chart resets). */
export interface LabStartedMessage {
  readonly type: 'labStarted';
  readonly labId: number;
  readonly request: string;
}

/** Starts the backpressure lab on this streaming method. */
export interface LabStartRequest {
  readonly type: 'labStart';
  readonly text: string;
  readonly metadata: MetadataRows;
  /** Patched into the request's `count` / `start.count` when the type has one; null = leave the request as is. */
  readonly count: number | null;
  readonly size: number | null;
  readonly consumerDelayMs: number;
  /** The client's HTTP/2 flow-control window; null = grpc-js's default. */
  readonly windowBytes: number | null;
}

export interface LabControlRequest {
  readonly type: 'labControl';
  readonly action: 'pause' | 'resume' | 'stop';
}

export interface LabExportRequest {
  readonly type: 'labExport';
  readonly format: 'json' | 'csv';
}

/** Lab messages, host → webview. */
export type LabToWebview = LabSamplesMessage | LabEndedMessage | LabStartedMessage | LabExplainedMessage;
/** Lab messages, webview → host. */
export type LabFromWebview = LabStartRequest | LabControlRequest | LabExportRequest;

/** Largest flow-control window the lab form takes. */
export const MAX_WINDOW_BYTES = 2 ** 31 - 1;
