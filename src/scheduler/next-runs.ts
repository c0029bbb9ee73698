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
  const { seconds, minutes, hours, matchesDay, clock } = compiled(schedule, zone);
  const runs: Date[] = [];
  let after = from.getTime();
  let day = clock.wall(after);
  for (let i = 0; i < 366 * 8 && runs.length < n; i++) {
    if (matchesDay(day)) {
      const midnight = Date.UTC(day.year, day.month - 1, day.day);
      // On a day without an offset change a wall time is one subtraction away from its instant,
      // and whole hours and minutes that end before `after` can be skipped.
      const offset = clock.steadyOffset(day);
      for (const hour of hours) {
        if (offset !== null && midnight + (hour + 1) * 3_600_000 - offset <= after) continue;
        for (const minute of minutes) {
          if (offset !== null && midnight + hour * 3_600_000 + (minute + 1) * 60_000 - offset <= after) continue;
          for (const second of seconds) {
            const at =
              offset === null
                ? clock.instant({ year: day.year, month: day.month, day: day.day, hour, minute, second })
                : midnight + hour * 3_600_000 + minute * 60_000 + second * 1_000 - offset;
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
}

/** The next run strictly after `from`, or null when the schedule never runs again. */
export function nextRun(schedule: string, zone: string, from: Date): Date | null {
  return nextRuns(schedule, zone, 1, from)[0] ?? null;
}

interface Compiled {
  seconds: number[];
  minutes: number[];
  hours: number[];
  matchesDay: (day: Wall) => boolean;
  clock: ReturnType<typeof zoneClock>;
}

// Parsing a schedule costs milliseconds; the scheduler asks about the same few over and over.
const cache = new Map<string, Compiled>();
const cacheSize = 256;

function compiled(schedule: string, zone: string): Compiled {
  const key = `${zone} ${schedule}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const fields = cron.parse(schedule);
  const clock = zoneClock(zone);
  const sorted = (values: (number | string)[]) => (values as number[]).slice().sort((a, b) => a - b);
  let matchesDay: (day: Wall) => boolean;
  const plain = [...fields.dayOfMonth, ...fields.dayOfWeek].every((v) => typeof v === 'number');
  if (plain) {
    // node-cron's rule: day of month AND day of week must both match.
    const doms = new Set(fields.dayOfMonth as number[]);
    const months = new Set(fields.month);
    const dows = new Set((fields.dayOfWeek as number[]).map((d) => d % 7));
    matchesDay = (d) => months.has(d.month) && doms.has(d.day) && dows.has(new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay());
  } else {
    // L, W, # …: node-cron's own matcher over the date alone (every second of a matching day matches).
    const [dayOfMonth, month, dayOfWeek] = schedule.trim().split(/\s+/).slice(-3);
    const task = cron.createTask(`* * * ${dayOfMonth} ${month} ${dayOfWeek}`, () => {}, { timezone: zone });
    matchesDay = (d) => task.match(new Date(clock.instant({ ...d, hour: 12, minute: 0, second: 0 })));
  }
  const entry = { seconds: sorted(fields.second), minutes: sorted(fields.minute), hours: sorted(fields.hour), matchesDay, clock };
  if (cache.size >= cacheSize) cache.delete(cache.keys().next().value!);
  cache.set(key, entry);
  return entry;
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
  /** The zone's offset throughout a local day, or null when it changes during (or around) that day. */
  const steadyOffset = (day: Wall): number | null => {
    const midnight = Date.UTC(day.year, day.month - 1, day.day);
    // Offsets lie within ±14 h, so every instant of the local day falls inside this window.
    const before = offset(midnight - 15 * 3_600_000);
    return before === offset(midnight + 39 * 3_600_000) ? before : null;
  };
  return { wall, instant, steadyOffset };
}
