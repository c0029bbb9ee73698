#!/usr/bin/env node
// The `parley` command (docs/adr/004-compiled-cli.md): the compiled dist/cli.js when it was built
// after the last change to the sources (npm ci and npm test build it), else the TypeScript
// sources through tsx, so an edit is never run stale. PARLEY_FROM_SOURCE=1 always runs the sources.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtCliIsFresh } from './build-freshness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (process.env.PARLEY_FROM_SOURCE !== '1' && builtCliIsFresh(root)) {
  await import('../dist/cli.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
