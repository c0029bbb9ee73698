/** Seeded pseudo-random numbers in [0, 1), so a crash run can be repeated. */
export function seeded(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
}

// Distinct on-topic developments, one per round, so each is news to every channel.
const places = ['Doha', 'Cairo', 'Paris', 'Washington', 'Riyadh', 'Amman', 'Abu Dhabi', 'Istanbul', 'Rome', 'Geneva'];
const actors = [
  ['Majed al-Ansari', 'the Qatari spokesman'],
  ['Abbas Kamel', 'the Egyptian intelligence chief'],
  ['William Burns', 'the CIA director'],
  ['Antony Blinken', 'the US secretary of state'],
  ['Osama Hamdan', 'the Hamas official'],
  ['David Barnea', 'the Mossad chief'],
] as const;
const events = [
  'arrived for a new round of ceasefire talks',
  'presented a revised hostage-release proposal',
  'said the talks were adjourned for consultations',
  'announced a draft timetable for a phased truce',
  'reported progress on the prisoner-exchange lists',
];

export function article(k: number) {
  const place = places[k % places.length]!;
  const [name, role] = actors[k % actors.length]!;
  return {
    sourceKey: `file:/crash/round-${k}.md`,
    kind: 'file' as const,
    file: `articles/round-${k}.md`,
    title: `Round ${k}: ${name} in ${place} as Gaza ceasefire negotiations continue`,
    outlet: 'Check Wire',
    publishedAt: new Date(Date.UTC(2026, 2, 1, 0, k)).toISOString(),
    text:
      `Negotiators in ${place} ${events[k % events.length]} on day ${k * 3} of the latest effort to reach a Gaza ceasefire, officials said, with ${40 + k} hostages at the centre of the discussion.\n\n` +
      `"We have moved forward on ${k + 2} of the open points, and the remaining gaps can be closed in ${place}," ${name} told reporters.\n\n` +
      `${role[0]!.toUpperCase() + role.slice(1)} added that mediators from Qatar, Egypt and the United States would meet again within ${(k % 5) + 2} days.\n`,
  };
}

