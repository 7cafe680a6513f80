// Everything the extension needs that is heavy to load: gRPC, protobuf, discovery, codecs, the
// sample server and the method panel. Built as its own bundle, dist/extension-heavy.js (see
// scripts/build.mjs), and required on first use through ./lazy.ts, so activating the extension parses
// none of it (activation budget: 50 ms).
export { loadSchema } from '../core/schema/discover';
export { Connection } from '../core/connection';
export { describeSymbol } from '../core/schema/describe';
export { codecFor } from '../core/json/codec';
export { codeName } from '../core/errors';
export { startSampleServer } from '../../sample-server/server';
export { openMethodPanel, registerMethodPanels } from './panel';
export * from './requests/engine';
