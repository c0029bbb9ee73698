import type { ParsedCommand } from './types.ts';

/**
 * Words of a Slack command's text; "double quotes" (straight or curly, as Slack clients often
 * type them) keep a phrase such as a cron expression together.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const pattern = /["“”]([^"“”]*)["“”]?|(\S+)/g;
  for (const match of text.matchAll(pattern)) tokens.push(match[1] ?? match[2] ?? '');
  return tokens;
}

const noArguments = ['unsubscribe', 'pause', 'resume', 'now', 'status'] as const;

/** `/parley …` text to a command; anything not understood becomes help with the reason. */
export function parseParleyText(text: string): ParsedCommand {
  const [first, ...rest] = tokenize(text.trim());
  const sub = first?.toLowerCase();
  if (sub === undefined || sub === 'help') return { name: 'help' };
  if ((noArguments as readonly string[]).includes(sub)) {
    if (rest.length > 0) return { name: 'help', problem: `“${sub}” takes no options (got “${rest.join(' ')}”).` };
    return { name: sub as (typeof noArguments)[number] };
  }
  switch (sub) {
    case 'subscribe':
      return { name: 'subscribe', topic: rest.length > 0 ? rest.join(' ') : null };
    case 'schedule':
      return parseSchedule(text.trim().slice(first!.length).trim(), rest);
    case 'sources':
      return parseSources(rest);
    case 'why':
      return rest.length > 0 ? { name: 'why', about: rest.join(' ') } : { name: 'help', problem: '“why” needs words of a title or an article’s URL, e.g. why Cairo talks.' };
    default:
      return { name: 'help', problem: `Unknown subcommand “${first}”.` };
  }
}

function parseSchedule(raw: string, words: string[]): ParsedCommand {
  if (words.length === 0) return { name: 'help', problem: 'schedule needs a cron expression, e.g. schedule "0 8 * * *" Europe/Berlin.' };
  // Quoted: `"0 9 * * 1-5" Europe/Berlin`.
  if (/^["“”]/.test(raw)) {
    const [cron, ...zone] = words;
    if (zone.length > 1) return { name: 'help', problem: `Unexpected “${zone.slice(1).join(' ')}” after the time zone.` };
    return { name: 'schedule', cron: cron!, timeZone: zone[0] ?? null };
  }
  // Unquoted: five or six cron fields, then an optional time zone (it contains a letter).
  const last = words[words.length - 1]!;
  const hasZone = words.length > 5 && /[A-Za-z]/.test(last) && !/^(\*|[A-Za-z]{3}(-[A-Za-z]{3})?(,[A-Za-z]{3})*)$/.test(last);
  return { name: 'schedule', cron: (hasZone ? words.slice(0, -1) : words).join(' '), timeZone: hasZone ? last : null };
}

function parseSources(words: string[]): ParsedCommand {
  const [action, ...args] = words;
  switch (action?.toLowerCase()) {
    case undefined:
    case 'list':
      return args.length === 0 ? { name: 'sources-list' } : { name: 'help', problem: '“sources list” takes no options.' };
    case 'add':
      return args.length === 1 ? { name: 'sources-add', url: args[0]! } : { name: 'help', problem: '“sources add” takes one feed URL.' };
    case 'remove':
      return args.length === 1 ? { name: 'sources-remove', id: args[0]! } : { name: 'help', problem: '“sources remove” takes one source id (see “sources list”).' };
    default:
      return { name: 'help', problem: `Unknown sources action “${action}”: use add, remove or list.` };
  }
}
