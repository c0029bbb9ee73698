/** True when `dist/cli.js` under `root` was built after the last change to `src/` and `package-lock.json`. */
export function builtCliIsFresh(root: string): boolean;
