/**
 * One discovery's connection to a target: a channel shared by
 * grpc-js-reflection-client (which lists services) and our own reflection
 * streams (which fetch descriptors), closed when the discovery ends.
 *
 * The library lists services well; we go below it for descriptors because it
 * builds a separate Root per symbol (so services cannot be merged), fetches
 * shared dependencies again for every service, and drops per-request error codes.
 */
import * as grpc from '@grpc/grpc-js';
import { GrpcReflection } from 'grpc-js-reflection-client';
import { channelOptions, createCredentials, type ConnectionOptions } from '../connection';
import { GrpcError, Status } from '../errors';
import { toGrpcMetadata, type MetadataEntries } from '../metadata';
import type { ReflectionVersion } from './types';
import type { StreamSettings } from './reflection-stream';

const open = new Set<grpc.Channel>();

/** Closes every channel a discovery still holds (Disconnect, test teardown). */
export function closeReflectionChannels(): void {
  for (const ch of open) ch.close();
  open.clear();
}

/** A target's reflection channel and the settings every request on it uses. */
export class ReflectionClient {
  private readonly channel: grpc.Channel;
  private readonly credentials: grpc.ChannelCredentials;
  readonly client: grpc.Client;

  constructor(
    readonly conn: ConnectionOptions,
    private readonly metadata: MetadataEntries | undefined,
    readonly deadlineMs: number,
    private readonly signal?: AbortSignal,
  ) {
    this.credentials = createCredentials(conn.transport);
    this.channel = new grpc.Channel(conn.address, this.credentials, channelOptions(conn));
    open.add(this.channel);
    this.client = new grpc.Client(conn.address, this.credentials, { channelOverride: this.channel });
  }

  /** Settings for `ask()` in ./reflection-stream at a version. */
  stream(version: ReflectionVersion): StreamSettings {
    return { client: this.client, version, metadata: this.metadata, deadlineMs: this.deadlineMs, signal: this.signal };
  }

  /**
   * Service names the server lists, through grpc-js-reflection-client with our
   * deadline and metadata. Its errors keep only grpc-js's text; callers recover
   * the code with `statusOf`.
   */
  async listServices(version: ReflectionVersion): Promise<string[]> {
    const lib = new GrpcReflection(this.conn.address, this.credentials, { channelOverride: this.channel } as grpc.ChannelOptions, version);
    const listing = lib.listServices('*', toGrpcMetadata(this.metadata), { deadline: Date.now() + this.deadlineMs });
    return this.abortable(listing);
  }

  /**
   * Rejects with CANCELLED as soon as the signal aborts (the library's call
   * cannot be cancelled; its deadline ends it), and with DEADLINE_EXCEEDED
   * shortly after the deadline: the library never settles when a server ends
   * the stream with OK but no answer.
   */
  private abortable<T>(p: Promise<T>): Promise<T> {
    const signal = this.signal;
    const cancelled = () => new GrpcError(Status.CANCELLED, `${this.conn.address}: reflection cancelled`);
    if (signal?.aborted) return Promise.reject(cancelled());
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(cancelled());
      const timer = setTimeout(
        () => reject(new GrpcError(Status.DEADLINE_EXCEEDED, 'no answer to the service listing')),
        this.deadlineMs + 1000,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      p.then(resolve, reject).finally(() => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      });
    });
  }

  close(): void {
    this.channel.close();
    open.delete(this.channel);
  }
}
