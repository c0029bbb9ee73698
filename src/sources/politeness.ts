/**
 * Polite fetching: at most `concurrency` requests at a time to one host, and request starts to one
 * host spaced at least `delayMs` apart (raised per host by a robots.txt `Crawl-delay`). Waiters are
 * served in arrival order.
 *
 * Example with concurrency 2 and delay 500 ms, five pages on one host, each answering in 2 s:
 * requests start at 0 s and 0.5 s; the third waits for a free slot (2 s), the fourth starts at 2.5 s,
 * the fifth at 4 s. Pages on other hosts are not held up.
 */
export interface PolitenessSettings {
  concurrency: number;
  delayMs: number;
}

interface HostState {
  active: number;
  /** When the last request to this host started (ms since epoch). */
  lastStart: number;
  queue: (() => void)[];
  /** A wake-up is scheduled for the head of the queue. */
  timer: NodeJS.Timeout | null;
}

export class HostLimiter {
  private readonly hosts = new Map<string, HostState>();

  constructor(private readonly settings: PolitenessSettings) {}

  /** Runs `task` once `host` has a free slot and its delay has passed. */
  async run<T>(host: string, task: () => Promise<T>, minDelayMs = 0): Promise<T> {
    const state = this.state(host);
    await new Promise<void>((start) => {
      state.queue.push(start);
      this.dispatch(host, state, minDelayMs);
    });
    try {
      return await task();
    } finally {
      state.active--;
      this.dispatch(host, state, minDelayMs);
      if (state.active === 0 && state.queue.length === 0 && state.timer === null) {
        // Keep the last start time while it still matters for the delay; forget idle hosts after.
        const forgetAfter = Math.max(this.settings.delayMs, minDelayMs);
        setTimeout(() => {
          const current = this.hosts.get(host);
          if (current && current.active === 0 && current.queue.length === 0 && current.timer === null) this.hosts.delete(host);
        }, forgetAfter).unref();
      }
    }
  }

  /** Requests running now to `host` (for status and tests). */
  active(host: string): number {
    return this.hosts.get(host)?.active ?? 0;
  }

  private state(host: string): HostState {
    let state = this.hosts.get(host);
    if (!state) {
      state = { active: 0, lastStart: 0, queue: [], timer: null };
      this.hosts.set(host, state);
    }
    return state;
  }

  private dispatch(host: string, state: HostState, minDelayMs: number): void {
    if (state.timer !== null || state.queue.length === 0 || state.active >= this.settings.concurrency) return;
    const delay = Math.max(this.settings.delayMs, minDelayMs);
    const wait = state.lastStart + delay - Date.now();
    if (wait > 0) {
      state.timer = setTimeout(() => {
        state.timer = null;
        this.dispatch(host, state, minDelayMs);
      }, wait);
      return;
    }
    const next = state.queue.shift()!;
    state.active++;
    state.lastStart = Date.now();
    next();
    this.dispatch(host, state, minDelayMs);
  }
}

const shared = new Map<string, HostLimiter>();

/**
 * One limiter per process for given settings, so that pages fetched for different feeds at the
 * same time still share each host's limits.
 */
export function sharedHostLimiter(settings: PolitenessSettings): HostLimiter {
  const key = `${settings.concurrency}/${settings.delayMs}`;
  let limiter = shared.get(key);
  if (!limiter) {
    limiter = new HostLimiter(settings);
    shared.set(key, limiter);
  }
  return limiter;
}
