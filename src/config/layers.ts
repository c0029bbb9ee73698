import YAML, { isMap, isScalar, LineCounter, type Document } from 'yaml';
import type { z } from 'zod';

/**
 * A config file as a layer: its data, and where in the file each key is, so that every problem
 * can name its line. Files are layered over the built-in defaults (config/default.yaml): a key a
 * file sets replaces the default, objects merge key by key, and lists (`topic.terms`, `channels`)
 * replace the default list whole.
 */

export interface Layer {
  /** File name as shown in messages ("config.yaml"). */
  where: string;
  data: unknown;
  /** 1-based line of the value (or key) at a path, when the file has it. */
  lineOf(path: readonly PropertyKey[], key?: string): number | null;
}

export type Path = readonly (string | number)[];

/** Parses YAML into a layer; every syntax error is one line of `problems`. */
export function readLayer(text: string, where: string, problems: string[]): Layer {
  const lines = new LineCounter();
  const doc: Document = YAML.parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  for (const error of doc.errors) {
    const line = error.linePos?.[0]?.line;
    problems.push(`${where}${line ? `:${line}` : ''}: not valid YAML: ${error.message.split('\n')[0]}`);
  }
  const data = doc.errors.length ? {} : (doc.toJS({ maxAliasCount: 100 }) ?? {});
  return {
    where,
    data,
    lineOf(path, key) {
      const node = doc.getIn(path as unknown[], true);
      if (key !== undefined && isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
        const range = (pair?.key as { range?: [number, number] } | undefined)?.range;
        if (range) return lines.linePos(range[0]).line;
      }
      const range = (node as { range?: [number, number] } | undefined)?.range;
      if (range) return lines.linePos(range[0]).line;
      // The path is not in the file (a default was wrong, or a list item's key is missing): the nearest parent that is.
      return path.length > 0 ? this.lineOf(path.slice(0, -1)) : null;
    },
  };
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `over` layered on `base`: objects merge key by key, anything else (lists included) replaces. */
export function layered(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = key in base ? layered(base[key], value) : value;
  return out;
}

/** True when `data` has a value at `path`. */
export function hasPath(data: unknown, path: Path): boolean {
  let node = data;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !(key in node)) return false;
    node = (node as Record<string | number, unknown>)[key];
  }
  return true;
}

/** The keys a schema accepts at a path, for "did you mean": objects are looked into through defaults and lists. */
export function knownKeys(schema: z.ZodType, path: Path): string[] {
  let node: unknown = schema;
  const unwrap = () => {
    for (;;) {
      const def = (node as { def?: { type?: string; innerType?: unknown; element?: unknown } }).def;
      if (def?.innerType) node = def.innerType;
      else break;
    }
  };
  unwrap();
  for (const key of path) {
    const def = (node as { def?: { type?: string; element?: unknown }; shape?: Record<string, unknown> }).def;
    if (def?.type === 'array' && typeof key === 'number') node = def.element;
    else if ((node as { shape?: Record<string, unknown> }).shape && typeof key === 'string') node = (node as { shape: Record<string, unknown> }).shape[key];
    else return [];
    unwrap();
  }
  const shape = (node as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

/** Edit distance, for suggesting a known key close to a mistyped one. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** The known key a mistyped one most likely meant, if one is close ("maxUpdate" → "maxUpdates"). */
export function closestKey(key: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = distance(key, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : null;
}
