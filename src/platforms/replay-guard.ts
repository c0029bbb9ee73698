/**
 * Remembers request signatures for as long as a signed request's timestamp is accepted (five
 * minutes), so a correctly signed request captured and sent again inside that window is refused.
 * Bolt checks Slack's signature and the timestamp's age, but not whether it has seen the request
 * before; Discord's signature check says nothing about age at all.
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly windowMs = 5 * 60_000,
    private readonly capacity = 50_000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** True the first time a signature is offered within the window; false for a repeat. */
  admit(signature: string): boolean {
    const now = this.clock();
    this.prune(now);
    if (this.seen.has(signature)) return false;
    this.seen.set(signature, now);
    return true;
  }

  /** Forgets a signature whose request was not accepted (so it never blocks a genuine one). */
  forget(signature: string): void {
    this.seen.delete(signature);
  }

  private prune(now: number): void {
    // Map iteration follows insertion order, so the oldest entries come first.
    for (const [signature, at] of this.seen) {
      if (now - at <= this.windowMs && this.seen.size < this.capacity) break;
      this.seen.delete(signature);
    }
  }
}
