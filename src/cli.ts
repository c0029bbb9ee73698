import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { LoadedConfig } from './config/index.ts';
import type { Digest } from './digest/index.ts';
import type { Explanation } from './digest/explanation.ts';
import { errorMessage, UserError } from './errors.ts';
import type { Logger } from './logger.ts';
import type { IngestContext } from './sources/context.ts';
import type { IngestReport } from './sources/ingest-configured.ts';
import type { Store, SubscriptionRow } from './store/index.ts';

/**
 * The `parley` command. Output goes to stdout, errors to stderr as one line each; exit code 0 on
 * success, 2 on bad usage or config, 1 on failure.
 *
 * Each command imports what it needs when it runs, so `--help` and usage errors answer at once
 * instead of first loading the database drivers, the HTML parsers and the analysis.
 */

interface GlobalOptions {
  config?: string;
  db?: string;
}

interface Session {
  loaded: LoadedConfig;
  logger: Logger;
  store: Store;
  now: () => Date;
}

function write(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** One line on stderr per problem, each naming parley. */
function warn(text: string): void {
  for (const line of text.split('\n')) process.stderr.write(`parley: ${line}\n`);
}

/** Loads the config, opens the store, runs `work`, and always closes the store. */
async function withSession<T>(options: GlobalOptions, now: Date | undefined, work: (session: Session) => Promise<T>): Promise<T> {
  const [{ loadConfig }, { createLogger, secretsFromEnv }, { openStore }] = await Promise.all([
    import('./config/index.ts'),
    import('./logger.ts'),
    import('./store/index.ts'),
  ]);
  const loaded = loadConfig({ configPath: options.config, databaseUrl: options.db });
  // One-shot commands report each skipped file and failed feed themselves, as one line on stderr;
  // the log adds only errors unless PARLEY_LOG_LEVEL asks for more.
  const logger = createLogger({ level: loaded.env.PARLEY_LOG_LEVEL ?? 'error', secrets: secretsFromEnv() });
  const store = await openStore(loaded.databaseUrl);
  try {
    return await work({ loaded, logger, store, now: () => now ?? new Date() });
  } finally {
    await store.close();
  }
}

function parseNow(value: string): Date {
  const time = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(time)) {
    throw new InvalidArgumentError('expected an ISO date such as 2024-05-06T08:00:00Z.');
  }
  return new Date(time);
}

function parseLimit(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw new InvalidArgumentError('expected a whole number from 1 to 50.');
  return limit;
}

const nowOption = () => new Option('--now <iso>', 'the clock, for replays and tests').argParser(parseNow);

export function buildProgram(): Command {
  const program = new Command('parley')
    .description('Follows one evolving news story and tells each channel what changed since its last digest.')
    .option('--config <file>', 'config file (env PARLEY_CONFIG; default: config/default.yaml)')
    .option('--db <url>', 'database: sqlite:PATH or postgres://… (env PARLEY_DB; default: sqlite:./data/parley.db)')
    .exitOverride()
    .configureOutput({ outputError: (text, writeErr) => writeErr(`parley: ${text.trim().replace(/^error: /, '')} (see parley --help)\n`) })
    .addHelpText(
      'after',
      `
Examples:
  parley ingest                          the configured articles folder and feeds
  parley ingest ./more-articles https://example.org/feed.xml
  parley digest --format json --dry-run  the next digest of the console channel, not recorded
  parley latest Doha talks
  parley web export ./site                the story and every digest as static pages
  parley discord register --guild 123456789012345678

Exit codes: 0 success, 2 bad usage or config, 1 failure.`,
    );

  program
    .command('start')
    .description('run the bot: ingest on a schedule and post digests on each channel\'s schedule (npm start)')
    .action(async (_options, command: Command) => {
      const { start } = await import('./start.ts');
      await start(command.optsWithGlobals<GlobalOptions>());
    });

  program
    .command('ingest')
    .description('ingest article files, folders and feed URLs (default: the configured articles folder and feeds)')
    .argument('[inputs...]', 'files, folders (.txt, .md, .html) or http(s) feed URLs')
    .addOption(nowOption())
    .action(async (inputs: string[], options: { now?: Date }, command: Command) => {
      await withSession(command.optsWithGlobals<GlobalOptions>(), options.now, async (session) => {
        const { ingestConfiguredSources, ingestInputs } = await import('./sources/ingest-configured.ts');
        const ctx: IngestContext = { db: session.store.db, logger: session.logger, loaded: session.loaded, now: session.now };
        const report = inputs.length > 0 ? await ingestInputs(ctx, inputs) : await ingestConfiguredSources(ctx, 'now');
        printIngestReport(report);
      });
    });

  program
    .command('digest')
    .description('plan the next digest for a channel, print it and record it as delivered')
    .option('--channel <id>', 'channel id, or platform:id', 'console')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'slack', 'discord']).default('text'))
    .option('--dry-run', 'print the digest without recording it (the channel\'s cursor stays where it is)')
    .option('--explain', 'also print what became of every article and candidate development, and why (text or json)')
    .option('--last', 'with --explain: the channel\'s last recorded digest and the reasons kept with it, instead of planning a new one')
    .addOption(nowOption())
    .action(async (options: { channel: string; format: 'text' | 'json' | 'slack' | 'discord'; dryRun?: boolean; explain?: boolean; last?: boolean; now?: Date }, command: Command) => {
      if (options.explain && (options.format === 'slack' || options.format === 'discord')) throw new UserError('bad_usage', '--explain prints text or json, not a platform\'s messages', 2);
      if (options.last && !options.explain) throw new UserError('bad_usage', '--last goes with --explain: parley digest --explain --last', 2);
      if (options.last && options.dryRun) throw new UserError('bad_usage', '--last plans nothing, so --dry-run has nothing to leave unrecorded', 2);
      await withSession(command.optsWithGlobals<GlobalOptions>(), options.now, async ({ loaded, store, now }) => {
        const [{ planDigest, recordDigest, lastRecordedDigest }, { ensureConfiguredSubscriptions }] = await Promise.all([import('./digest/index.ts'), import('./store/index.ts')]);
        const at = now();
        await ensureConfiguredSubscriptions(store.db, loaded.config, at);
        const subscription = await resolveChannel(store, options.channel);
        if (options.last) {
          const last = await lastRecordedDigest(store.db, subscription.id);
          if (!last) throw new UserError('not_found', `channel ${options.channel} has had no digest with news yet: run parley digest --explain to plan one`, 1);
          if (!last.explanation) throw new UserError('not_found', `the last digest of channel ${options.channel} (${last.recordedAt}) was recorded before parley kept its reasons`, 1);
          await printExplained(last.digest, last.explanation, options.format);
          return;
        }
        // A recorded digest keeps its reasons (`--explain --last`); a dry run computes them only when asked.
        const plan = await planDigest({ db: store.db, subscription, config: loaded.config, now: at, explain: options.explain === true || !options.dryRun });
        if (!options.dryRun) {
          await store.db.transaction().execute((trx) => recordDigest(trx, subscription, plan, 'cli', at));
        }
        if (plan.explanation && options.explain) await printExplained(plan.digest, plan.explanation, options.format);
        else write(await formatDigest(plan.digest, options.format));
      });
    });

  program
    .command('latest')
    .description('the most recent developments about a query, best first')
    .argument('[query...]', 'what to look for, e.g. "Doha talks" (none: the topic\'s newest developments)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--limit <n>', 'how many developments (1-50)', parseLimit, 5)
    .addOption(nowOption())
    .action(async (query: string[], options: { format: 'text' | 'json'; limit: number; now?: Date }, command: Command) => {
      await withSession(command.optsWithGlobals<GlobalOptions>(), options.now, async ({ loaded, store, now }) => {
        const [{ answerLatest }, { renderLatestText }] = await Promise.all([import('./digest/index.ts'), import('./render/index.ts')]);
        const answer = await answerLatest({
          db: store.db,
          dialect: store.dialect,
          query: query.join(' '),
          config: loaded.config,
          limit: options.limit,
          now: now(),
        });
        write(options.format === 'json' ? JSON.stringify(answer, null, 2) : renderLatestText(answer));
      });
    });

  program
    .command('config')
    .description('the configuration parley runs with')
    .command('check')
    .description('validate the config file and print the effective configuration, where each value came from, secrets hidden')
    .action(async (_options: unknown, command: Command) => {
      const [{ loadConfig }, { describeEffectiveConfig }] = await Promise.all([import('./config/index.ts'), import('./config/describe.ts')]);
      const global = command.optsWithGlobals<GlobalOptions>();
      write(describeEffectiveConfig(loadConfig({ configPath: global.config, databaseUrl: global.db })));
    });

  program
    .command('web')
    .description('the story on the web')
    .command('export')
    .description('write the story page, every day and digest page and their charts as static files into DIR')
    .argument('<dir>', 'folder to write to (created if missing; files in it are replaced)')
    .addOption(nowOption())
    .action(async (dir: string, options: { now?: Date }, command: Command) => {
      await withSession(command.optsWithGlobals<GlobalOptions>(), options.now, async ({ loaded, store, now }) => {
        const { exportSite } = await import('./web/export.ts');
        const report = await exportSite({ db: store.db, config: loaded.config, now }, dir);
        write(`web: ${report.pages} pages and ${report.images} chart images written to ${report.dir}`);
      });
    });

  program
    .command('discord')
    .description('Discord setup')
    .command('register')
    .description('register the /latest and /parley slash commands (env DISCORD_TOKEN, DISCORD_APPLICATION_ID)')
    .option('--guild <id>', 'register in one server only (immediate) instead of globally')
    .action(async (options: { guild?: string }) => {
      const [{ loadEnv }, { registerDiscordCommands }] = await Promise.all([import('./config/index.ts'), import('./platforms/discord/register.ts')]);
      write(await registerDiscordCommands(loadEnv(), options.guild));
    });

  return program;
}

/** `console`, a channel id, or `platform:id` when the same id exists on two platforms. */
async function resolveChannel(store: Store, channel: string): Promise<SubscriptionRow> {
  const { listSubscriptions } = await import('./store/index.ts');
  const subscriptions = await listSubscriptions(store.db);
  const matches = subscriptions.filter((row) => row.channel_id === channel || `${row.platform}:${row.channel_id}` === channel);
  if (matches.length === 1) return matches[0]!;
  const known = subscriptions.map((row) => (row.platform === 'console' ? row.channel_id : `${row.platform}:${row.channel_id}`)).join(', ');
  if (matches.length > 1) throw new UserError('channel_ambiguous', `channel "${channel}" exists on several platforms; name it as platform:id (${known})`, 2);
  throw new UserError('channel_unknown', `unknown channel "${channel}" (known channels: ${known || 'none'})`, 2);
}

async function formatDigest(digest: Digest, format: 'text' | 'json' | 'slack' | 'discord'): Promise<string> {
  const { renderDigestText, renderMessages } = await import('./render/index.ts');
  switch (format) {
    case 'json':
      return JSON.stringify(digest, null, 2);
    case 'text':
      return renderDigestText(digest);
    case 'slack':
    case 'discord':
      return JSON.stringify(renderMessages(digest, format).map((message) => message.payload), null, 2);
  }
}

/** A digest with what became of every article and candidate: JSON as data, else text for a terminal. */
async function printExplained(digest: Digest, explanation: Explanation, format: 'text' | 'json' | 'slack' | 'discord'): Promise<void> {
  if (format === 'json') {
    write(JSON.stringify({ digest, explanation }, null, 2));
    return;
  }
  const { renderExplanationText } = await import('./render/explanation-text.ts');
  write(`${await formatDigest(digest, 'text')}\n\n${renderExplanationText(explanation)}`);
}

function printIngestReport(report: IngestReport): void {
  const { files, feeds } = report;
  if (files) {
    write(`files: ${files.inserted} new, ${files.updated} updated, ${files.unchanged} unchanged, ${files.skipped.length} skipped`);
    for (const skipped of files.skipped) warn(`skipped ${skipped.file}: ${skipped.reason}`);
  }
  if (feeds.length > 0) {
    const ok = feeds.filter((feed) => feed.ok);
    const sum = (key: 'inserted' | 'updated' | 'unchanged' | 'items') => ok.reduce((total, feed) => total + feed[key], 0);
    write(
      `feeds: ${ok.length} read, ${feeds.length - ok.length} failed; items: ${sum('inserted')} new, ${sum('updated')} updated, ${sum('unchanged')} unchanged`,
    );
    for (const feed of feeds.filter((f) => !f.ok)) {
      const error = feed.error ?? 'failed';
      warn(error.includes(feed.url) ? error : `feed ${feed.url}: ${error}`);
    }
  }
  if (report.failedAll) {
    throw new UserError('ingest_failed', 'nothing was ingested: every input failed', 1);
  }
}

/** Runs the command line; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0; every usage error is 2.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UserError) {
      warn(error.message);
      return error.exitCode;
    }
    warn(`internal error: ${errorMessage(error)}`);
    if (error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return 1;
  }
}

// Output piped into a reader that stops early (`parley --help | head`) is not an error of parley's.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await main(process.argv.slice(2));
