// Pure: where imports of chosen .proto files are looked up. No 'vscode' import (unit-tested).
import * as path from 'node:path';

/**
 * Import paths for chosen .proto files: each file's folder and its ancestors up to the workspace
 * folder holding it (imports are usually written from a proto root above the file, e.g.
 * `import "acme/v1/common.proto"`), plus the workspace roots. Outside a workspace, two levels up.
 */
export function importPathsFor(files: readonly string[], workspaceRoots: readonly string[]): string[] {
  const out = new Set<string>();
  for (const f of files) {
    const root = workspaceRoots.find((r) => f.startsWith(r + path.sep));
    let dir = path.dirname(f);
    for (let depth = 0; depth < 6; depth++) {
      out.add(dir);
      const up = path.dirname(dir);
      if (up === dir || dir === root || (!root && depth >= 2)) break;
      dir = up;
    }
  }
  workspaceRoots.forEach((r) => out.add(r));
  return [...out];
}

