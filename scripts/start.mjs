// `npm start`: the extension against the bundled sample server, in a real VS Code.
// Builds and packages the .vsix, starts the sample server on 127.0.0.1:50051 and
// code-server (VS Code 1.100 in the browser, installed by `npm run setup`) on
// 127.0.0.1:8080 with the extension installed, then waits until Ctrl-C.
// Flags: --port N (code-server, default 8080), --sample-port N (default 50051), --light.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, TOOLS, spawnGroup, waitFor, startCodeServer } from '../e2e/harness.mjs';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '8080' }, 'sample-port': { type: 'string', default: '50051' }, light: { type: 'boolean' } },
});
if (!existsSync(join(TOOLS, 'node_modules', '.bin', 'code-server'))) {
  console.error('npm start: code-server is not installed yet — run `npm run setup` first (installs it, Chromium and protoc).');
  process.exit(1);
}
if (spawnSync('npm', ['run', 'package', '--silent'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) process.exit(1);
const { name, version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

const sampleAddress = `127.0.0.1:${values['sample-port']}`;
const sample = spawnGroup(process.execPath, [join(ROOT, 'dist', 'sample-server.js'), '--port', values['sample-port'], '--quiet'], { cwd: ROOT });
await waitFor(`the sample server on ${sampleAddress}`, () => {
  if (sample.exitCode !== null) throw new Error(`the sample server exited:\n${sample.output()}`);
  return sample.output().includes('listening');
}, 20_000);

const vscode = await startCodeServer({
  vsix: join(ROOT, `${name}-${version}.vsix`),
  theme: values.light ? 'Default Light Modern' : 'Default Dark Modern',
  port: Number(values.port),
});
console.log(`
gRPC Explorer is running in VS Code (code-server) at:

    ${vscode.url}

The sample server listens on ${sampleAddress} (plaintext, reflection on).
In the browser: open the gRPC view in the activity bar (or F1 → "gRPC: Connect…"), type ${sampleAddress},
choose "Plaintext", skip metadata; then open a method from the tree (e.g. Counter → Increment) and press Send.
"gRPC: Start Sample Server" runs another sample server inside the editor and connects to it in one step.

From a terminal: node dist/cli.js list --plaintext ${sampleAddress}
Ctrl-C stops both.`);
await new Promise(() => {}); // the harness kills both process groups on exit and on Ctrl-C
