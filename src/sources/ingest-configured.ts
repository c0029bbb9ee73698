import type { IngestContext } from './context.ts';
import { ingestDueFeeds, ingestFeedUrls, syncConfiguredFeeds, type FeedIngestResult } from './feed-ingest.ts';
import { ingestFiles, type FileIngestResult } from './ingest-files.ts';

export interface IngestReport {
  /** null when no file or folder was asked for. */
  files: FileIngestResult | null;
  feeds: FeedIngestResult[];
  /** Every input failed and nothing was read: the run as a whole failed. */
  failedAll: boolean;
}

/** Anything with a scheme goes to the feed ingester, which refuses what is not http(s) with a reason. */
const isUrl = (input: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(input);

/** `parley ingest PATH|URL…`: files and folders from disk, URLs fetched once as feeds. */
export async function ingestInputs(ctx: IngestContext, inputs: readonly string[]): Promise<IngestReport> {
  const paths = inputs.filter((input) => !isUrl(input));
  const urls = inputs.filter(isUrl);
  const files = paths.length > 0 ? await ingestFiles(ctx, paths) : null;
  const feeds = urls.length > 0 ? await ingestFeedUrls(ctx, urls) : [];
  return report(files, feeds);
}

/**
 * The configured articles folder and feeds. `now` (`parley ingest` with no arguments) fetches every
 * configured feed; `due` (the schedule of `parley start`) fetches configured and admin-added feeds
 * whose backoff after failures allows it.
 */
export async function ingestConfiguredSources(ctx: IngestContext, feeds: 'now' | 'due'): Promise<IngestReport> {
  const files = await ingestFiles(ctx, [ctx.loaded.articlesDir]);
  const configured = ctx.loaded.config.sources.feeds;
  await syncConfiguredFeeds(ctx.db, configured, ctx.now());
  if (feeds === 'due') return report(files, await ingestDueFeeds(ctx));
  return report(files, configured.length > 0 ? await ingestFeedUrls(ctx, configured.map((feed) => feed.url)) : []);
}

function report(files: FileIngestResult | null, feeds: FeedIngestResult[]): IngestReport {
  const read = (files ? files.inserted + files.updated + files.unchanged : 0) + feeds.filter((feed) => feed.ok).length;
  const failed = (files?.skipped.length ?? 0) + feeds.filter((feed) => !feed.ok).length;
  return { files, feeds, failedAll: read === 0 && failed > 0 };
}
