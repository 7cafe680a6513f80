/**
 * The model of a `.http` request file's gRPC requests, as the IntelliJ HTTP
 * Client, httpyac and kulala.nvim write them. Every text here is raw: `{{vars}}`
 * are substituted later (variables.ts), so a file can be parsed, checked and
 * rewritten without an environment.
 */

/** A problem in a file, on a 0-based line, for editor diagnostics and the runner's error output. */
export interface FileDiagnostic {
  readonly line: number;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

/** How to reach the server and where the schema comes from: request-level `# @grpc-…` settings. */
export interface RequestSettings {
  /** From the scheme (`grpcs://` = TLS, `grpc://` = plaintext) or `# @grpc-plaintext` / `# @grpc-tls`; plaintext when absent, as in IntelliJ and httpyac. */
  tls?: boolean;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  serverName?: string;
  insecure?: boolean;
  /** `# @grpc-proto` (or httpyac's `proto < file`); reflection when empty. Relative to the file. */
  protoFiles: string[];
  importPaths: string[];
  protosetFiles: string[];
  /** `# @grpc-deadline 5s` as written. */
  deadline?: string;
}

/** One message of a request body. Client and bidi streams have several, separated by `===` lines. */
export interface BodyMessage {
  readonly text: string;
  /** 0-based line of the message's first line. */
  readonly line: number;
  /** `=== wait-for-server` came before it: wait for the next reply before sending it. */
  readonly waitForServer: boolean;
  /** Replies to wait for when more than one (`=== wait-for-server` written that many times in a row). */
  readonly waitReplies?: number;
}

export type AssertionSubject = 'status' | 'body' | 'messages' | 'duration' | 'header' | 'trailer';

/** `?? subject [path] operator [expected]`, in httpyac's form. */
export interface Assertion {
  readonly line: number;
  /** The text after `??`, for reports. */
  readonly source: string;
  readonly subject: AssertionSubject;
  /** JSON path for body (`$.a.b`, empty = the whole message), key for header/trailer. */
  readonly path: string;
  readonly operator: string;
  /** Raw expected text (variables allowed); empty for unary operators such as `exists`. */
  readonly expected: string;
}

/** One gRPC request of a file. */
export interface GrpcRequest {
  /** `# @name` (or the text after `###`); used by `--name`, chained variables and reports. */
  readonly name?: string;
  /** 0-based line of the `GRPC` request line. */
  readonly line: number;
  /** 0-based last line of the request's region. */
  readonly endLine: number;
  /** `host:port` as written (may hold variables). */
  readonly target: string;
  /** `package.Service/Method` as written. */
  readonly method: string;
  readonly settings: RequestSettings;
  readonly metadata: ReadonlyArray<readonly [key: string, value: string]>;
  readonly messages: readonly BodyMessage[];
  readonly assertions: readonly Assertion[];
  /** Errors that keep this request from running (the others still can). */
  readonly errors: readonly FileDiagnostic[];
}

/** A parsed file: its requests, the file's own `@name = value` variables, and everything it reported. */
export interface RequestFile {
  readonly requests: readonly GrpcRequest[];
  readonly variables: Readonly<Record<string, string>>;
  readonly diagnostics: readonly FileDiagnostic[];
}
