import fs from 'node:fs';
import path from 'node:path';

/**
 * True when `dist/cli.js` was built after every file that goes into it last changed: the sources
 * under `src/` and the locked dependency versions. A checkout, an edit or an upgrade after the
 * last build makes it stale, and `parley` then runs the sources instead.
 */
export function builtCliIsFresh(root) {
  let built;
  try {
    built = fs.statSync(path.join(root, 'dist', 'cli.js')).mtimeMs;
  } catch {
    return false;
  }
  const inputs = [path.join(root, 'package-lock.json')];
  for (const entry of fs.readdirSync(path.join(root, 'src'), { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) inputs.push(path.join(entry.parentPath ?? entry.path, entry.name));
  }
  // One stat a file (this runs before every command); a missing lock file changes nothing.
  return inputs.every((file) => (fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0) <= built);
}
