/**
 * How to reach a server. The same shape comes from CLI flags, the extension's
 * Connect steps and per-target settings.
 */
export type Transport =
  | { kind: 'plaintext' }
  | {
      kind: 'tls';
      /** PEM file of the CA that signed the server's certificate; system roots when absent. */
      caFile?: string;
      /** Client certificate and key (PEM) for mTLS; both or neither. */
      certFile?: string;
      keyFile?: string;
      /** Name to verify the server's certificate against (and to send as SNI / :authority). */
      serverName?: string;
      /** Accept any server certificate. For self-signed development certificates only. */
      insecureSkipVerify?: boolean;
    };

export interface ConnectionOptions {
  /** `host:port` as the user typed it. */
  address: string;
  transport: Transport;
  /** Defaults 4 MiB each, as grpc-js. */
  maxSendMessageBytes?: number;
  maxReceiveMessageBytes?: number;
  compression?: 'identity' | 'gzip';
  keepalive?: { timeMs?: number; timeoutMs?: number; permitWithoutCalls?: boolean };
  /** Extra grpc-js channel options, e.g. `{ 'grpc-node.flow_control_window': 1048576 }`. */
  channelOptions?: Record<string, string | number>;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
