import cron from 'node-cron';

/**
 * When a schedule (cron expression + IANA time zone) runs next, counted from any instant — node-cron
 * only counts from the real now, and a stored `next_run_at`, catch-up and tests need an arbitrary
 * `from`. Field values come from node-cron's own parser, and day matching (L, W, #…) from its own
 * matcher, so a schedule means here what it means to node-cron.
 *
 * Wall-clock semantics across daylight-saving changes — each scheduled local time runs once:
 * - a time that does not exist (spring forward, 02:30 in Europe/Berlin on the last Sunday of March)
 *   runs at the first instant after the gap (03:00 CEST), instead of being skipped;
 * - a time that exists twice (fall back, 02:30 on the last Sunday of October) runs at its first
 *   occurrence only (02:30 CEST), instead of twice.
 * Several times inside one gap collapse into one run at the end of the gap.
 */
export function nextRuns(schedule: string, zone: string, n: number, from: Date): Date[] {
  const fields = cron.parse(schedule);
  const parts = schedule.trim().split(/\s+/);
  const [dayOfMonth, month, dayOfWeek] = parts.slice(-3);
  // A matcher for the date alone: every second of a matching day matches.
  const dayMatcher = cron.createTask(`* * * ${dayOfMonth} ${month} ${dayOfWeek}`, () => {}, { timezone: zone });
  try {
    const clock = zoneClock(zone);
    const seconds = [...fields.second].sort((a, b) => a - b);
    const minutes = [...fields.minute].sort((a, b) => a - b);
    const hours = [...fields.hour].sort((a, b) => a - b);
    const runs: Date[] = [];
    let after = from.getTime();
    let day = clock.wall(after);
    // Wall times earlier than this in the first day cannot be after `from` (no zone shifts by more).
    const firstDayFloor = day.hour * 3600 + day.minute * 60 + day.second - 4 * 3600;
    for (let i = 0; i < 366 * 8 && runs.length < n; i++) {
      const noon = clock.instant({ year: day.year, month: day.month, day: day.day, hour: 12, minute: 0, second: 0 });
      if (dayMatcher.match(new Date(noon))) {
        for (const hour of hours) {
          for (const minute of minutes) {
            for (const second of seconds) {
              if (i === 0 && hour * 3600 + minute * 60 + second < firstDayFloor) continue;
              const at = clock.instant({ year: day.year, month: day.month, day: day.day, hour, minute, second });
              if (at > after && runs.length < n) {
                runs.push(new Date(at));
                after = at;
              }
            }
          }
        }
      }
      const next = new Date(Date.UTC(day.year, day.month - 1, day.day + 1));
      day = { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate(), hour: 0, minute: 0, second: 0 };
    }
    return runs;
  } finally {
    void dayMatcher.destroy();
  }
}

/** The next run strictly after `from`, or null when the schedule never runs again. */
export function nextRun(schedule: string, zone: string, from: Date): Date | null {
  return nextRuns(schedule, zone, 1, from)[0] ?? null;
}

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const wallSeconds = (w: Wall) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

function zoneClock(zone: string) {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const wall = (ms: number): Wall => {
    const p = Object.fromEntries(format.formatToParts(new Date(ms)).map((x) => [x.type, Number(x.value)]));
    return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute!, second: p.second! };
  };
  // The zone's offset (local minus UTC, ms) at an instant.
  const offset = (ms: number) => wallSeconds(wall(Math.floor(ms / 1000) * 1000)) - Math.floor(ms / 1000) * 1000;

  /** The instant a wall-clock time happens: its first occurrence, or the end of the gap it falls in. */
  const instant = (w: Wall): number => {
    const target = wallSeconds(w);
    const offsets = new Set([offset(target - 86_400_000), offset(target), offset(target + 86_400_000)]);
    const hits = [...offsets].map((o) => target - o).filter((ms) => wallSeconds(wall(ms)) === target);
    if (hits.length > 0) return Math.min(...hits);
    // In a gap: the first instant whose wall time is at or past the target.
    let lo = target - Math.max(...offsets);
    let hi = target - Math.min(...offsets);
    while (hi - lo > 1000) {
      const mid = Math.floor((lo + hi) / 2000) * 1000;
      if (wallSeconds(wall(mid)) >= target) hi = mid;
      else lo = mid;
    }
    return hi;
  };
  return { wall, instant };
}
