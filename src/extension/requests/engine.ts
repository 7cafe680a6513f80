// The request-file core as the heavy bundle exposes it (./lazy.ts): parsing
// pulls in the codec's error types, so it loads on first use, not at activation.
export { parseRequestFile } from '../../core/requests/parse';
export { RequestRunner, requestTitle } from '../../core/requests/runner';
export { environmentNames, environmentValues, loadEnvironments } from '../../core/requests/environments';
export { variableNames } from '../../core/requests/variables';
export { appendRequest, writeRequest } from '../../core/requests/write';
export { addToHistory, isSecretKey } from '../../core/requests/history';
export { bufImportRoots } from '../../core/requests/buf-roots';
export { resolveRequest } from '../../core/requests/resolve';
export { findMethod } from '../../core/schema/schema';
