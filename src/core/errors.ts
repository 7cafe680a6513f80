import { status as Status } from '@grpc/grpc-js';
import type { MetadataEntries } from './metadata';

/** Names of the gRPC status codes, indexed by code (OK = 0 … UNAUTHENTICATED = 16). */
export const CODE_NAMES: readonly string[] = [
  'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS',
  'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE',
  'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED',
];

export function codeName(code: number): string {
  return CODE_NAMES[code] ?? `CODE_${code}`;
}

/** Parses a code given by name (any case) or number; undefined when it is neither. */
export function parseCode(text: string): number | undefined {
  const n = Number(text);
  if (Number.isInteger(n) && n >= 0 && n <= 16) return n;
  const i = CODE_NAMES.indexOf(text.toUpperCase());
  return i >= 0 ? i : undefined;
}

/**
 * A call or reflection request that ended with a non-OK gRPC status. `message`
 * is written for people: it names the address and what to try; `details` is
 * the server's own text, untouched.
 */
export class GrpcError extends Error {
  override readonly name = 'GrpcError';
  constructor(
    readonly code: number,
    message: string,
    readonly details: string = message,
    readonly trailers: MetadataEntries = [],
  ) {
    super(message);
  }
  get codeName(): string {
    return codeName(this.code);
  }
}

/**
 * Input the user gave that cannot become a request: bad JSON, unknown field,
 * wrong type. `path` is a JSON path such as `$.items[2].at`. Nothing was sent.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

export { Status };

/**
 * A request message over the send limit (`--max-msg-size`, the panel's
 * grpcExplorer.maxMessageBytes), found before anything was sent. `exact` is
 * false when `size` is a lower bound, found before the message was built.
 */
export class RequestTooLargeError extends InputError {
  constructor(
    readonly size: number,
    readonly limit: number,
    readonly exact: boolean,
    readonly jsonChars: number,
  ) {
    super(
      '$',
      `the request message is ${exact ? '' : 'at least '}${size} bytes encoded (from ${jsonChars} characters of JSON), ` +
        `over the send limit of ${limit} bytes — raise the limit with --max-msg-size; nothing was sent`,
    );
  }
}
