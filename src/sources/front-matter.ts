import YAML from 'yaml';
import { z } from 'zod';
import { UserError } from '../errors.ts';
import { parseFlatYaml } from './flat-yaml.ts';

/**
 * Optional YAML front matter at the top of an article file:
 *
 *   ---
 *   title: "Hamas delegation leaves Cairo"
 *   outlet: Al Jazeera
 *   published: 2024-05-05
 *   ---
 *
 * Keys other tools put there (`layout`, `tags`, …) are ignored; a known key with a wrong value is an
 * error that names the file and the key.
 */
const isoDate = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** `2024-05-05` → midnight UTC; a time without a zone is read as UTC. Returns null when not a real date. */
export function parseIsoDate(value: string): string | null {
  const trimmed = value.trim();
  if (!isoDate.test(trimmed)) return null;
  let normalised = trimmed.replace(' ', 'T');
  if (!normalised.includes('T')) normalised += 'T00:00:00Z';
  else if (!/(?:Z|[+-]\d{2}:?\d{2})$/i.test(normalised)) normalised += 'Z';
  const time = Date.parse(normalised);
  if (Number.isNaN(time)) return null;
  // Date.parse rolls 2024-02-31 over to March; a date that does not round-trip is not a real date.
  const date = new Date(time);
  const [year, month, day] = trimmed.slice(0, 10).split('-').map(Number);
  if (!/(?:[+-]\d{2}:?\d{2})$/.test(normalised) && (date.getUTCFullYear() !== year || date.getUTCMonth() + 1 !== month || date.getUTCDate() !== day)) {
    return null;
  }
  return date.toISOString();
}

const dateMessage = 'expected a date such as 2024-05-05 or 2024-05-05T10:00:00Z';

export const frontMatterSchema = z.object({
  title: z.string().trim().min(1).optional(),
  url: z.url({ protocol: /^https?$/, error: 'expected an http or https URL' }).optional(),
  outlet: z.string().trim().min(1).optional(),
  published: z
    .string({ error: dateMessage })
    .transform((value, ctx) => {
      const iso = parseIsoDate(value);
      if (iso === null) {
        ctx.addIssue({ code: 'custom', message: `${dateMessage}, got "${value}"` });
        return z.NEVER;
      }
      return iso;
    })
    .optional(),
  language: z
    .string()
    .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'expected a language tag such as "en" or "pt-BR"')
    .optional(),
});

export type FrontMatter = z.infer<typeof frontMatterSchema>;

export interface SplitFrontMatter {
  data: FrontMatter;
  body: string;
}

const opening = /^---[ \t]*\r?\n/;
const closing = /^(?:---|\.\.\.)[ \t]*$/m;

/** Separates and validates the front matter; a file without one comes back with empty data. */
export function splitFrontMatter(text: string, fileName: string): SplitFrontMatter {
  const open = opening.exec(text);
  if (!open) return { data: {}, body: text };
  const rest = text.slice(open[0].length);
  const close = closing.exec(rest);
  if (!close) throw new UserError('file_front_matter', `${fileName}: front matter starts with "---" but is never closed`);
  const yamlText = rest.slice(0, close.index);
  const body = rest.slice(close.index + close[0].length).replace(/^\r?\n/, '');

  const raw = parseFlatYaml(yamlText) ?? parseYaml(yamlText, fileName);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new UserError('file_front_matter', `${fileName}: front matter must be a list of "key: value" lines`);
  }
  const parsed = frontMatterSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue && issue.path.length > 0 ? issue.path.join('.') : 'front matter';
    throw new UserError('file_front_matter', `${fileName}: front matter: ${key}: ${issue?.message ?? 'invalid'}`);
  }
  return { data: parsed.data, body };
}

function parseYaml(yamlText: string, fileName: string): unknown {
  try {
    // YAML 1.2 core schema: `published: 2024-05-05` stays a string, so one rule reads every date.
    return YAML.parse(yamlText, { prettyErrors: false, maxAliasCount: 50 }) ?? {};
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new UserError('file_front_matter', `${fileName}: front matter is not valid YAML: ${reason}`);
  }
}
