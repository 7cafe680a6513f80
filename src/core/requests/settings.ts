import type { FileDiagnostic, RequestSettings } from './types';

/**
 * Request-level `# @grpc-…` settings. The names follow kulala.nvim's documented
 * `@grpc-proto`, `@grpc-import-path`, `@grpc-protoset`, `@grpc-plaintext`
 * (https://kulala.app/usage/grpc), extended with grpcurl's flag names for what
 * neither IntelliJ nor httpyac spell in a file (CA, client certificate, server name).
 */
const FLAGS = ['plaintext', 'tls', 'insecure'] as const;
const VALUES = ['cacert', 'cert', 'key', 'servername', 'authority', 'proto', 'import-path', 'protoset', 'deadline'] as const;
/**
 * Recognised and deliberately ignored: kulala's verbose logging (`@grpc-v`), and httpyac's
 * `@grpc-reflection [server]` (https://httpyac.github.io/guide/request.html#grpc-reflection):
 * reflection is already how the schema is found when no proto is named.
 */
const IGNORED = ['v', 'reflection'];

export const SETTING_NAMES: readonly string[] = [...FLAGS, ...VALUES].map((n) => `grpc-${n}`);

export function emptySettings(): RequestSettings {
  return { protoFiles: [], importPaths: [], protosetFiles: [] };
}

export function copySettings(s: RequestSettings): RequestSettings {
  return { ...s, protoFiles: [...s.protoFiles], importPaths: [...s.importPaths], protosetFiles: [...s.protosetFiles] };
}

/**
 * Applies `# @grpc-NAME value` to `into`. Returns a diagnostic for an unknown
 * name or a missing value, undefined when the setting was taken.
 */
export function applySetting(
  into: RequestSettings,
  name: string,
  value: string,
  line: number,
): FileDiagnostic | undefined {
  const key = name.slice('grpc-'.length);
  if (IGNORED.includes(key)) return undefined;
  if ((FLAGS as readonly string[]).includes(key)) {
    if (key === 'plaintext') into.tls = false;
    else if (key === 'tls') into.tls = true;
    else {
      into.insecure = true;
      into.tls = true;
    }
    return undefined;
  }
  if (!(VALUES as readonly string[]).includes(key)) {
    return {
      line,
      severity: 'warning',
      message: `unknown setting @${name}: gRPC Explorer reads ${SETTING_NAMES.map((n) => '@' + n).join(', ')}`,
    };
  }
  if (!value) return { line, severity: 'error', message: `@${name} needs a value, e.g. # @${name} ${example(key)}` };
  switch (key) {
    case 'cacert':
      into.caFile = value;
      into.tls = true;
      break;
    case 'cert':
      into.certFile = value;
      into.tls = true;
      break;
    case 'key':
      into.keyFile = value;
      into.tls = true;
      break;
    case 'servername':
      into.serverName = value;
      into.tls = true;
      break;
    case 'authority':
      // kulala's (grpcurl's -authority): the certificate's name when tunnelling; TLS stays as the file says.
      into.serverName = value;
      break;
    case 'proto':
      into.protoFiles.push(value);
      break;
    case 'import-path':
      into.importPaths.push(value);
      break;
    case 'protoset':
      into.protosetFiles.push(value);
      break;
    case 'deadline':
      into.deadline = value;
      break;
  }
  return undefined;
}

function example(key: string): string {
  return key === 'deadline'
    ? '5s'
    : key === 'servername' || key === 'authority'
      ? 'api.internal'
      : key === 'import-path'
        ? 'protos'
        : `./${key}.pem`;
}

/** `# @grpc-…` lines for a request's settings, in a fixed order (the writer's side of applySetting). */
export function settingLines(s: RequestSettings): string[] {
  const out: string[] = [];
  if (s.caFile) out.push(`# @grpc-cacert ${s.caFile}`);
  if (s.certFile) out.push(`# @grpc-cert ${s.certFile}`);
  if (s.keyFile) out.push(`# @grpc-key ${s.keyFile}`);
  if (s.serverName) out.push(`# @grpc-servername ${s.serverName}`);
  if (s.insecure) out.push('# @grpc-insecure');
  for (const p of s.protoFiles) out.push(`# @grpc-proto ${p}`);
  for (const p of s.importPaths) out.push(`# @grpc-import-path ${p}`);
  for (const p of s.protosetFiles) out.push(`# @grpc-protoset ${p}`);
  if (s.deadline) out.push(`# @grpc-deadline ${s.deadline}`);
  return out;
}
