// Everything the extension needs that is heavy to load: gRPC, protobuf, discovery, codecs, the
// sample server and the method panel. Built as its own bundle, dist/extension-heavy.js (see
// scripts/build.mjs), and required on first use through ./lazy.ts, so activating the extension parses
// none of it (activation budget: 50 ms).
export { loadSchema } from '../core/schema/discover';
export { Connection } from '../core/connection';
export { describeSymbol } from '../core/schema/describe';
export { codecFor } from '../core/json/codec';
export { stopEncoderThreads } from '../host/call/large-request';
export { codeName } from '../core/errors';
export { startSampleServer } from '../../sample-server/server';
export { openMethodPanel, registerMethodPanels } from './panel';
// The request-file core: parsing pulls in the codec's error types, so it loads on first use too.
export { parseRequestFile } from '../core/requests/parse';
export { RequestRunner, requestTitle } from '../core/requests/runner';
export { environmentNames, environmentValues, loadEnvironments } from '../core/requests/environments';
export { variableNames } from '../core/requests/variables';
export { appendRequest, writeRequest } from '../core/requests/write';
export { addToHistory, isSecretKey } from '../core/requests/history';
export { pathsRelativeTo, requestFromCall } from '../core/requests/from-call';
export { inRequestFileTerms } from '../core/requests/hints';
export { fieldsAt, keySpotAt } from '../core/requests/body-completion';
export { jsonSchemaFor } from '../core/json/json-schema';
export { bufImportRoots } from '../core/requests/buf-roots';
export { RequestError, resolveRequest } from '../core/requests/resolve';
export { findMethod } from '../core/schema/schema';
