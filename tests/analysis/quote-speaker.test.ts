import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPeople } from '../../src/analysis/people.ts';
import { attributeQuotes } from '../../src/analysis/quote-speaker.ts';
import { findQuotes } from '../../src/analysis/quotes.ts';
import { splitParagraphs } from '../../src/analysis/text.ts';

const fixture = (name: string) => fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/analysis', name), 'utf8');

/** The speaker of each quote, looked up by the quote's opening words. */
function speakers(text: string): Record<string, string | null | undefined> {
  const paragraphs = splitParagraphs(text);
  const quotes = attributeQuotes(paragraphs, findQuotes(paragraphs), findPeople(paragraphs));
  return new Proxy({}, { get: (_t, start: string) => quotes.find((q) => q.text.startsWith(start))?.speaker });
}

describe('quote speakers', () => {
  const got = speakers(fixture('attribution.txt'));

  it('completes a surname after a quote to the full name given earlier ("Shoukry told Reuters")', () => {
    expect(got['We are closer than we have been']).toBe('Sameh Shoukry');
  });

  it('gives the second half of a split quote the same speaker', () => {
    expect(got['But the last steps are always t']).toBe('Sameh Shoukry');
  });

  it('reads an inverted attribution ("said Majed al-Ansari, the spokesman")', () => {
    expect(got['Nobody should expect a deal ton']).toBe('Majed al-Ansari');
  });

  it('attributes a partial quote to the subject of the reported speech', () => {
    expect(got['a complete and permanent end to']).toBe('Khalil al-Hayya');
  });

  it('resolves "he said" to the last person reported speaking', () => {
    expect(got['The occupation must withdraw fr']).toBe('Khalil al-Hayya');
  });

  it('attributes a quote over two paragraphs by the attribution at its end ("al-Hayya added")', () => {
    expect(got['We have shown flexibility on th']).toBe('Khalil al-Hayya');
  });

  it('resolves a role to the one person the article gave that title, with spun verbs', () => {
    expect(got['The proposal on the table is ex']).toBe('Antony Blinken');
    expect(got['The operation goes on until the']).toBe('Yoav Gallant');
  });

  it('names an organisation when the text says only that ("according to Israeli army radio")', () => {
    expect(got['the cabinet will meet on Thursd']).toBe('Israeli army radio');
  });

  it('names unnamed officials and diplomats as the text describes them, never by a guessed name', () => {
    expect(got['There are still gaps on the num']).toBe('an Egyptian official');
    expect(got['The window is closing']).toBe('one diplomat');
  });

  it('does not guess between two people with the same title', () => {
    const ambiguous = speakers(fixture('ambiguous-role.txt'));
    expect(ambiguous['We are working day and night on']).toBeNull();
  });

  it('leaves a quote with no attribution at all unattributed', () => {
    expect(speakers('The talks ended late.\n\n“Nothing was agreed tonight.”')['Nothing was agreed tonight.']).toBeNull();
  });

  describe('constructions of real reporting', () => {
    const said = speakers(fixture('attribution-constructions.txt'));

    it('names a body speaking as one, and resolves "it" to it', () => {
      expect(said['no delegation will travel befo']).toBe("the prime minister's office");
      expect(said['The talks will only go ahead o']).toBe("the prime minister's office");
    });

    it('keeps a described unnamed source as the text gives it', () => {
      expect(said['We have answered every point t']).toBe('A senior Hamas official');
    });

    it('looks past an appositive or a relative clause to the name', () => {
      expect(said['guarantees that the fighting w']).toBe('Rami Dawud');
      expect(said['time is running out for the fa']).toBe('Nadia Farouk');
      expect(said['will not be entered while talk']).toBe('Omar Lavi');
    });

    it('continues a speaker into a paragraph that is only a quote', () => {
      expect(said['The hard part is the sequence.']).toBe('Nadia Farouk');
    });

    it('reads "quoted X as saying", active and passive', () => {
      expect(said['The cabinet will vote once the']).toBe('an unnamed Israeli source');
      expect(said['the gaps are narrowing.']).toBe('A senior Egyptian source');
    });

    it('never makes a sentence-opening "But" part of a name', () => {
      expect(said['nowhere near final.']).toBe('Lena Marsh');
    });

    it('names a state or a group speaking as one', () => {
      expect(said['a basis for further talks.']).toBe('Hamas');
    });

    it('gives the second quote of a sentence the speaker of the first', () => {
      expect(said['send the negotiations back to']).toBe('Samir Odeh');
    });

    it('looks past an unnamed source\'s condition ("speaking on condition of anonymity", "who asked not to be named")', () => {
      expect(said['Our answer went to the mediato']).toBe('a Fatah official');
      expect(said['The text is close to final.']).toBe('a senior Likud official');
    });

    it('continues a speaker into the next sentence of the paragraph, after the attribution', () => {
      expect(said['Now it is up to them.']).toBe('Dana Sorel');
    });

    it('looks past two appositives after a quote to the name', () => {
      expect(said['The crossing stays shut until']).toBe('Yusuf Karam');
    });

    it('keeps a name that starts with a particle across a relative clause', () => {
      expect(said['written guarantees.']).toBe('Hana al-Masri');
    });

    it('resolves a role two people hold to the one named in the same paragraph', () => {
      expect(said['We will vote for it']).toBe('Ruth Alon');
    });

    it('reads a source described after its head, after the quote', () => {
      expect(said['We are nearly there']).toBe('source familiar with the negotiations');
    });

    it('never takes a place, a capitalised "States" or a reporting outlet for the speaker', () => {
      expect(said['will not be entered while talk']).not.toBe('Rafah');
      expect(said['fully informed of every step']).toBe('Israeli ministers');
      expect(said['bring both delegations back to']).toBe("Qatar's foreign ministry");
    });
  });
  // Sentences written for these tests, one per construction.
  describe('in described and reported forms', () => {
    const said = speakers(
      [
        'Talks have hinged on the leader’s role. “He saw the value of a deal,” a source told the network. “It is unclear what happens now.”',
        '“There is nobody willing to put pressure on either side,” Israeli political analyst Dov Amir told the broadcaster.',
        'The framework is being passed to the group, Qatari Prime Minister and Foreign Affairs Minister Sheikh Hamad bin Khalid Al Nasser said in Washington.',
        '“We hope to relay this proposal to the group soon,” the Qatari premier said in an interview.',
        'On Monday, a statement from the Prime Minister’s office said no concessions were made.',
        '“The delegation will leave for the talks at the end of the week,” the statement said.',
        '“New orders have been given to the fighters,” Abu Karim, the spokesman for the Al-Noor Brigades, the armed wing of the group, said in a statement.',
        '“We are closer than ever to another deal,” Lavi was quoted as saying, but he added that the less said the better.',
      ].join('\n\n'),
    );

    it('keeps an unnamed source as the text gives it, and for the quote after it', () => {
      expect(said['He saw the value of a deal']).toBe('a source');
      expect(said['It is unclear what happens now']).toBe('a source');
    });

    it('reads a name behind the lower-case words of its title', () => {
      expect(said['There is nobody willing']).toBe('Dov Amir');
    });

    it('resolves a role to a person given two titles joined by "and"', () => {
      expect(said['We hope to relay this proposal']).toBe('Hamad bin Khalid Al Nasser');
    });

    it('looks past two appositives, and a name inside the second', () => {
      expect(said['New orders have been given']).toBe('Abu Karim');
    });

    it('reads "X was quoted as saying"', () => {
      expect(said['We are closer than ever']).toBe('Lavi');
    });

    it('gives "the statement said" to whoever issued the statement named before', () => {
      expect(said['The delegation will leave']).toBe('the Prime Minister’s office');
    });
  });

  it('names the person after the last lower-case word of a title ("Foreign Office spokesman Dan Orr")', () => {
    const said = speakers(
      '“There have been no talks for weeks,” Foreign Office spokesman Dan Orr told reporters on Thursday.\n\n' +
        '“The aggression must stop first,” Beirut-based Hamas official Sami al-Karim said on Friday.',
    );
    expect(said['There have been no talks']).toBe('Dan Orr');
    expect(said['The aggression must stop']).toBe('Sami al-Karim');
  });

  it('gives the words after ", calling it" to the subject of the sentence', () => {
    const said = speakers(
      'The captive was freed on Sunday.\n\nThe Daher family expressed deep gratitude for the release, calling it “the greatest gift imaginable” on the holiday.\n\n' +
        'Qatar strongly condemned the killing, describing it as “a dangerous escalation” in the region.\n\n' +
        'In the capital, officials met again, calling it “a last chance” for the talks.',
    );
    expect(said['the greatest gift']).toBe('The Daher family');
    expect(said['a dangerous escalation']).toBe('Qatar');
    // No subject phrase to take: no guess.
    expect(said['a last chance']).toBeNull();
  });

  it('reads an attribution that opens with an initialism ("U.S. State Department spokesman …")', () => {
    const said = speakers('“We see an opportunity now,” U.S. State Department spokesman Dan Orr told reporters. “We want to seize it.”');
    expect(said['We see an opportunity']).toBe('Dan Orr');
  });

  describe('a family speaking for one of its own', () => {
    const said = speakers(
      'Omar Daher and Sami Tallis were freed on Saturday.\n\n' +
        'Omar Daher’s family said in a statement following his release, “Omar is home after 15 long months.”\n\n' +
        'Sami Tallis’ family said, “We can breathe again tonight.”\n\n' +
        'Later, Tallis spoke to the press. His family said, “He needs rest now, and quiet, above all.”',
    );

    it('is the family, not the person it names (a noun ending in -ly is not an adverb)', () => {
      expect(said['Omar is home']).toBe('Omar Daher’s family');
      expect(said['We can breathe again']).toBe('Sami Tallis’ family');
    });

    it('is the family of the person named last when the text says "his family"', () => {
      expect(said['He needs rest now']).toBe('Sami Tallis’s family');
    });
  });
});
