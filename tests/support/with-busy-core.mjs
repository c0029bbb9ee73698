#!/usr/bin/env node
// Runs a command while another process keeps one core busy, so a test that depends on the
// machine being quiet shows itself: `npm run test:busy` is `npm test` beside a busy loop.
import { spawn } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  process.stderr.write('usage: with-busy-core.mjs COMMAND [ARGS...]\n');
  process.exit(2);
}
const busy = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
const run = spawn(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
const stop = () => busy.kill('SIGKILL');
run.on('exit', (code, signal) => {
  stop();
  process.exit(code ?? (signal ? 1 : 0));
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => run.kill(signal));
