#!/usr/bin/env node
// Compiles the `parley` command into dist/ (docs/adr/004-compiled-cli.md): one esbuild bundle of
// src/cli.ts, split at its lazy imports so a command loads only what it uses. `npm ci` runs it
// (prepare) and so does `npm test` (pretest); bin/parley.js falls back to the TypeScript sources
// whenever a source file is newer than the build.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist');

// Bundled with our code: the small pure-JavaScript packages every command loads, whose hundreds
// of files cost more to resolve one by one than to run. Everything else stays in node_modules:
// native addons (better-sqlite3), packages that load files or workers by path at run time (pino,
// linkedom, readability) and the platform SDKs, which only `parley start` loads.
const BUNDLED = new Set(['commander', 'entities', 'ipaddr.js', 'kysely', 'stemmer', 'yaml', 'zod']);
const { dependencies } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

fs.rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [path.join(root, 'src/cli.ts')],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: Object.keys(dependencies).filter((name) => !BUNDLED.has(name)),
  // Bundled CommonJS packages call require() for Node's own modules; an ES module has none.
  banner: { js: "import { createRequire as parleyCreateRequire } from 'node:module'; const require = parleyCreateRequire(import.meta.url);" },
  sourcemap: 'linked',
  logLevel: 'warning',
});
