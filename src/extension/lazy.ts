import type * as Heavy from './heavy';

let heavy: typeof Heavy | undefined;

/**
 * The heavy half of the extension (./heavy.ts), loaded on first use. In the package it is the separate
 * bundle dist/extension-heavy.js next to dist/extension.js, kept external by the build so that
 * activation does not even parse it.
 */
export function loadHeavy(): typeof Heavy {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  heavy ??= require('./extension-heavy.js') as typeof Heavy;
  return heavy;
}

/**
 * At deactivation: stops what the heavy half runs beside the extension host (the encoder thread of
 * large requests), without loading it when it never was.
 */
export function stopHeavyThreads(): void {
  heavy?.stopEncoderThreads();
}
