import { GrpcError, InputError, RequestTooLargeError, Status, codeName } from '../core/errors';
import { UsageError } from './units';
import { USAGE } from './usage';
import type { Output } from './output';

/** Exit statuses, as the usage text documents them. */
export const EXIT = {
  ok: 0,
  /** Nothing was sent: bad request JSON, unknown method, unreadable file, schema that does not load. */
  local: 1,
  usage: 2,
  /** `run`: a request was answered, but one of its `??` assertions failed. */
  assertion: 3,
  /** stdout was closed by its reader (e.g. piped into head): 128 + SIGPIPE, as the shell reports it. */
  brokenPipe: 141,
  /** Plus the gRPC status code, as grpcurl does. */
  statusBase: 64,
} as const;

/** The exit status for a non-OK gRPC status code. */
export function statusExit(code: number): number {
  return EXIT.statusBase + code;
}

/** `ERROR: CODE_NAME: message`, the line every failed call ends with. */
export function statusLine(code: number, message: string): string {
  return `ERROR: ${codeName(code)}: ${message}\n`;
}

/** Reports anything a command threw and returns the exit status it maps to. */
export function reportError(e: unknown, out: Output): number {
  if (e instanceof UsageError) {
    out.stderr(`grpc-explorer: ${e.message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (e instanceof GrpcError) {
    out.stderr(statusLine(e.code, e.message));
    return statusExit(e.code);
  }
  if (e instanceof RequestTooLargeError) {
    // bench and flow refuse it as call does: the status grpc-js gives a message over its send limit.
    out.stderr(statusLine(Status.RESOURCE_EXHAUSTED, e.problem));
    return statusExit(Status.RESOURCE_EXHAUSTED);
  }
  if (e instanceof InputError) {
    out.stderr(`ERROR: invalid request: ${e.message}\n`);
    return EXIT.local;
  }
  out.stderr(`ERROR: ${e instanceof Error ? e.message : String(e)}\n`);
  return EXIT.local;
}
