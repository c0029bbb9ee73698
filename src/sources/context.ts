import type { LoadedConfig } from '../config/index.ts';
import type { Logger } from '../logger.ts';
import type { Executor } from '../store/index.ts';

/** What every source needs to ingest: where to store, where to log, the configuration and the clock. */
export interface IngestContext {
  db: Executor;
  logger: Logger;
  loaded: LoadedConfig;
  /** The clock; `parley … --now ISO` replaces it for replays and tests. */
  now: () => Date;
}
