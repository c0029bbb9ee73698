/**
 * General English verbs (and the nouns made from them) grouped by what they report, so that two
 * outlets telling one event in other words meet: "Hamas is studying the offer" and "the group said it
 * was reviewing the proposal" share the class `consider`. Lemmas only; nothing of any one story.
 */
const CLASSES: Record<string, readonly string[]> = {
  agree: ['agree', 'agreement', 'accept', 'acceptance', 'approve', 'approval', 'endorse', 'sign', 'ratify', 'consent', 'deal', 'accord'],
  reject: ['reject', 'rejection', 'refuse', 'refusal', 'dismiss', 'rebuff', 'decline', 'oppose', 'veto', 'deny'],
  propose: ['propose', 'proposal', 'offer', 'plan', 'draft', 'framework', 'table', 'submit', 'present', 'outline', 'counterproposal', 'initiative', 'memorandum'],
  respond: ['respond', 'response', 'reply', 'answer'],
  consider: ['study', 'review', 'examine', 'consider', 'assess', 'evaluate', 'weigh', 'mull'],
  meet: ['meet', 'meeting', 'talk', 'negotiate', 'negotiation', 'convene', 'host', 'gather', 'summit', 'round', 'hold'],
  call: ['call', 'phone', 'speak'],
  leave: ['leave', 'depart', 'departure', 'quit', 'exit', 'recall', 'withdraw', 'withdrawal', 'pull'],
  arrive: ['arrive', 'arrival', 'travel', 'fly', 'visit', 'land', 'head', 'trip', 'send', 'dispatch'],
  resume: ['resume', 'resumption', 'restart', 'reopen', 'continue', 'return'],
  delay: ['postpone', 'delay', 'cancel', 'reschedule', 'suspend', 'defer', 'adjourn'],
  stall: ['stall', 'deadlock', 'impasse', 'stalemate', 'collapse', 'fail', 'failure', 'breakdown', 'obstacle', 'gap'],
  progress: ['progress', 'breakthrough', 'advance', 'narrow', 'bridge', 'productive', 'constructive'],
  demand: ['demand', 'insist', 'require', 'condition', 'urge', 'press', 'push', 'ask'],
  warn: ['warn', 'warning', 'threaten', 'threat', 'caution'],
  blame: ['blame', 'accuse', 'accusation', 'condemn', 'criticise', 'criticize', 'denounce', 'slam'],
  free: ['release', 'free', 'swap', 'exchange', 'hand', 'return', 'repatriate'],
  attack: ['attack', 'strike', 'bomb', 'bombard', 'shell', 'raid', 'launch', 'kill', 'hit', 'assault', 'offensive'],
  stop: ['halt', 'stop', 'pause', 'cease', 'end', 'suspend', 'freeze', 'moratorium'],
  guarantee: ['guarantee', 'assurance', 'assure', 'commit', 'commitment', 'pledge', 'promise', 'vow'],
  sanction: ['sanction', 'tariff', 'embargo', 'penalty'],
  aid: ['aid', 'assistance', 'supply', 'deliver', 'delivery', 'shipment'],
};

const CLASS_OF = new Map<string, string[]>();
for (const [name, lemmas] of Object.entries(CLASSES)) for (const lemma of lemmas) CLASS_OF.set(lemma, [...(CLASS_OF.get(lemma) ?? []), name]);

/** The classes a lemma belongs to ("review" → consider), none for a word of no class. */
export function verbClasses(lemma: string): readonly string[] {
  return CLASS_OF.get(lemma) ?? [];
}

/**
 * How much an event of a class moves a negotiation: a decision, an offer or its answer, a delegation
 * coming or going, a release, more than warnings and accusations, and those more than the fighting
 * and aid every report mentions.
 */
const WEIGHT: Record<string, number> = {
  agree: 1.5, reject: 1.5, propose: 1.2, respond: 1.5, consider: 1, meet: 0.8, call: 0.8, leave: 1.2, arrive: 1, resume: 1, delay: 1.2,
  stall: 1.2, progress: 1.2, demand: 1, warn: 0.8, blame: 0.8, free: 1.2, attack: 0.4, stop: 1, guarantee: 1, sanction: 0.8, aid: 0.4,
};

/** The weight of the strongest class among `classes`, 0 when none. */
export function classWeight(classes: readonly string[]): number {
  return Math.max(0, ...classes.map((c) => WEIGHT[c] ?? 0));
}
