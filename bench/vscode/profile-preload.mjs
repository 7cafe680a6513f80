// Preloaded into code-server's Node processes by `npm run bench:vscode -- --profile` (NODE_OPTIONS
// --import: Node 20 refuses --cpu-prof there, and this machine's Node dies of SIGUSR1 instead of
// opening its inspector). In the extension host only, it starts V8's CPU profiler through the
// in-process inspector; on SIGUSR2 it writes the profile so far into GRPC_EXPLORER_PROFILE_DIR as
// host-PID.cpuprofile. The bench cuts it to the stream's window (profile times are CLOCK_MONOTONIC µs).
import { Session } from 'node:inspector';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.GRPC_EXPLORER_PROFILE_DIR;
if (dir && process.argv.some((a) => a.includes('--type=extensionHost'))) {
  const session = new Session();
  session.connect();
  const start = () => {
    session.post('Profiler.enable');
    session.post('Profiler.setSamplingInterval', { interval: 1000 });
    session.post('Profiler.start');
  };
  start();
  process.on('SIGUSR2', () =>
    session.post('Profiler.stop', (err, result) => {
      if (!err) {
        const file = join(dir, `host-${process.pid}.cpuprofile`);
        writeFileSync(`${file}.part`, JSON.stringify(result.profile));
        renameSync(`${file}.part`, file); // whole, or not there yet
      }
      start();
    }),
  );
}
