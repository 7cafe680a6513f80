/**
 * The core words its advice for the command line (`try --plaintext`, `--cacert FILE`…). A request
 * in a `.http` file is configured in the file, not with flags, so for it the same advice names the
 * file's spelling: the `grpcs://` scheme, `# @grpc-…` settings, metadata lines. Used by
 * `grpc-explorer run` and by CodeLens Send in the editor.
 */
const REWRITES: ReadonlyArray<readonly [RegExp, string]> = [
  [/try --plaintext/g, 'try plaintext: write the address without grpcs://'],
  [/drop --plaintext/g, 'write grpcs:// before the address'],
  [
    /pass its CA with --cacert FILE, or --insecure-skip-verify for/g,
    'name its CA with # @grpc-cacert FILE, or add # @grpc-insecure for',
  ],
  [/pass the name it was issued for with --servername NAME/g, 'name it with # @grpc-servername NAME'],
  [/--deadline/g, '# @grpc-deadline'],
  [/pass --cert FILE and --key FILE/g, 'add # @grpc-cert FILE and # @grpc-key FILE'],
  [/\(--cert \/ --key\)/g, '(# @grpc-cert / # @grpc-key)'],
  [/client certificate \(--cert\)/g, 'client certificate (# @grpc-cert)'],
  [/its key \(--key\)/g, 'its key (# @grpc-key)'],
  [/client key \(--key\)/g, 'client key (# @grpc-key)'],
  [/CA certificate \(--cacert\)/g, 'CA certificate (# @grpc-cacert)'],
  [/pass credentials, e\.g\. -H '([^']*)'/g, 'add a metadata line under the GRPC line, e.g. $1'],
  [/use --proto FILE or --protoset FILE/g, 'add # @grpc-proto FILE or # @grpc-protoset FILE'],
  [/pass at least one --proto(set)? FILE/g, 'name one with # @grpc-proto$1 FILE'],
  [/with --import-path DIR/g, 'with # @grpc-import-path DIR'],
];

/**
 * This client's message-size limit is no setting of the file's: `grpc-explorer run` takes
 * --max-msg-size for every request, the editor has its grpcExplorer.maxMessageBytes setting.
 */
const IN_EDITOR: ReadonlyArray<readonly [RegExp, string]> = [
  [/raise the limit with --max-msg-size/g, 'raise the grpcExplorer.maxMessageBytes setting'],
  [/--max-msg-size only sets this client's limits/g, "grpcExplorer.maxMessageBytes only sets this editor's limits"],
  [/--max-msg-size/g, 'the grpcExplorer.maxMessageBytes setting'],
];

/**
 * `message` with its command-line advice in the words of a `.http` file; `surface` says where the
 * request ran, which decides how the message-size limit is named (the flag, or the setting).
 */
export function inRequestFileTerms(message: string, surface: 'cli' | 'editor' = 'cli'): string {
  const rewrites = surface === 'editor' ? [...REWRITES, ...IN_EDITOR] : REWRITES;
  return rewrites.reduce((m, [re, to]) => m.replace(re, to), message);
}
