/**
 * Runs the requests of `.http` files in order, as the CLI's `run` and the
 * editor's CodeLens do: one connection per target and transport, the schema
 * by reflection or from the file's protos, named replies kept for the
 * variables of later requests, and the `??` assertions checked.
 */
import { Connection } from '../connection';
import type { ConnectionOptions } from '../connection-types';
import { GrpcError } from '../errors';
import type { CallOutcome } from '../call/types';
import { loadSchema } from '../schema/discover';
import { findMethod } from '../schema/schema';
import type { MethodInfo, Schema } from '../schema/types';
import { evaluate, type AssertionResult } from './assertions';
import { execute, type Executed, type ExecuteOptions } from './execute';
import { RequestError, resolveRequest, type ResolvedRequest } from './resolve';
import type { GrpcRequest } from './types';
import { substitute, type Reply, type VariableSources } from './variables';

export interface RunnerOptions extends Pick<ExecuteOptions, 'emitDefaults' | 'signal'> {
  /**
   * The largest message sent or received on every request's connection (`run --max-msg-size`);
   * grpc-js's 4 MiB when not given. A request over it is refused before its message is built.
   */
  readonly maxMessageBytes?: number;
  /** Variables of the selected environment. */
  readonly environment: Readonly<Record<string, string>>;
  /** How the environment is named in errors, e.g. `environment "dev" or the process environment`. */
  readonly searched: string;
  readonly fallback?: (name: string) => string | undefined;
  /** Each reply as it arrives. */
  readonly onMessage?: (request: GrpcRequest, json: unknown) => void;
  /**
   * Makes the call instead of the runner's own connection (the editor runs it in a method panel,
   * whose timeline shows it); throws a RequestError or GrpcError when it cannot be sent.
   */
  readonly executor?: (resolved: ResolvedRequest, request: GrpcRequest) => Promise<Executed>;
}

/** Where a request came from: its file's variables and directory (relative paths start there). */
export interface RequestContext {
  readonly fileVariables: Readonly<Record<string, string>>;
  readonly baseDir: string;
}

export interface RequestResult {
  readonly request: GrpcRequest;
  /** `# @name`, or `Service/Method (line N)`. */
  readonly title: string;
  readonly passed: boolean;
  /**
   * Why the request was not sent, with its 0-based line; `code` when the server answered
   * with an error status first (reflection refused, TLS handshake failed: UNAVAILABLE).
   */
  readonly error?: { readonly line: number; readonly message: string; readonly code?: number };
  readonly outcome?: CallOutcome;
  /** Where it went and the messages as sent (variables substituted), for the history. */
  readonly sent?: Pick<ResolvedRequest, 'connection' | 'messages'>;
  /** The last reply, as canonical JSON. */
  readonly body?: unknown;
  readonly assertions: readonly AssertionResult[];
  readonly durationMs: number;
}

export function requestTitle(req: GrpcRequest): string {
  return req.name ?? `${req.method.split('.').pop()} (line ${req.line + 1})`;
}

export class RequestRunner {
  private readonly connections = new Map<string, Connection>();
  readonly replies = new Map<string, Reply>();

  constructor(private readonly opts: RunnerOptions) {}

  async run(req: GrpcRequest, ctx: RequestContext): Promise<RequestResult> {
    const title = requestTitle(req);
    const vars = this.variables(ctx);
    let sent: RequestResult['sent'];
    const started = performance.now();
    const failed = (e: unknown): RequestResult => {
      const code = e instanceof GrpcError || e instanceof RequestError ? e.code : undefined;
      return {
        request: req,
        title,
        passed: false,
        assertions: [],
        durationMs: performance.now() - started,
        error: {
          line: e instanceof RequestError ? e.line : req.line,
          message: e instanceof Error ? e.message : String(e),
          ...(code !== undefined ? { code } : {}),
        },
      };
    };
    let executed: Executed;
    try {
      const resolved = resolveRequest(req, vars, ctx.baseDir);
      sent = { connection: resolved.connection, messages: resolved.messages };
      executed = await (this.opts.executor ?? ((r) => this.execute(r, req)))(resolved, req);
    } catch (e) {
      return failed(e);
    }
    const { outcome, body } = executed;
    if (req.name)
      this.replies.set(req.name, { code: outcome.code, body, headers: outcome.headers, trailers: outcome.trailers });
    const facts = {
      code: outcome.code,
      received: outcome.received,
      body,
      durationMs: outcome.durationUs / 1000,
      headers: outcome.headers,
      trailers: outcome.trailers,
    };
    const assertions = req.assertions.map((a) => {
      try {
        return evaluate(a, substitute(a.expected, this.variables(ctx)), facts);
      } catch (e) {
        return { assertion: a, passed: false, message: `${a.source}: ${(e as Error).message}` };
      }
    });
    // A request that asserts its status may expect an error; otherwise anything but OK fails it.
    const statusChecked = req.assertions.some((a) => a.subject === 'status');
    const passed = (statusChecked || outcome.code === 0) && assertions.every((a) => a.passed);
    return { request: req, title, passed, outcome, sent, body, assertions, durationMs: outcome.durationUs / 1000 };
  }

  /** The call on the runner's own connection: the schema by reflection or from the file's protos. */
  private async execute(resolved: ResolvedRequest, req: GrpcRequest): Promise<Executed> {
    const schema = await loadSchema(
      this.limited(resolved.connection),
      resolved.schema,
      this.opts.signal ? { signal: this.opts.signal } : {},
    );
    const method = findMethodOrThrow(schema, resolved.method, req.line, resolved.connection.address);
    return execute(this.connection(resolved), schema, method, resolved, {
      ...(this.opts.signal ? { signal: this.opts.signal } : {}),
      ...(this.opts.emitDefaults !== undefined ? { emitDefaults: this.opts.emitDefaults } : {}),
      onMessage: (json) => this.opts.onMessage?.(req, json),
    });
  }

  close(): void {
    for (const c of this.connections.values()) c.close();
    this.connections.clear();
  }

  private variables(ctx: RequestContext): VariableSources {
    return {
      fileVariables: ctx.fileVariables,
      environment: this.opts.environment,
      replies: this.replies,
      searched: this.opts.searched,
      ...(this.opts.fallback ? { fallback: this.opts.fallback } : {}),
    };
  }

  private connection(r: ResolvedRequest): Connection {
    const options = this.limited(r.connection);
    const key = JSON.stringify(options);
    let conn = this.connections.get(key);
    if (!conn) this.connections.set(key, (conn = new Connection(options)));
    return conn;
  }

  /** The request's connection with the runner's message-size limits, when it has any. */
  private limited(c: ConnectionOptions): ConnectionOptions {
    const max = this.opts.maxMessageBytes;
    return max === undefined ? c : { ...c, maxSendMessageBytes: max, maxReceiveMessageBytes: max };
  }
}

function findMethodOrThrow(schema: Schema, name: string, line: number, address: string): MethodInfo {
  // httpyac's documented examples write `sayHello` for `SayHello`: its proto-loader clients accept both.
  const found =
    findMethod(schema, name) ??
    findMethod(
      schema,
      name.replace(/\/(\w)/, (_, c: string) => `/${c.toUpperCase()}`),
    );
  if (found) return found;
  const service = name.slice(0, name.lastIndexOf('/'));
  const svc = schema.services.find((s) => s.name === service);
  const offer = svc
    ? `${svc.name} has ${svc.methods.map((m) => m.name).join(', ')}`
    : `services: ${schema.services.map((s) => s.name).join(', ') || 'none'}`;
  throw new RequestError(line, `${address} has no method "${name}" (${offer})`);
}
