import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { digestSchema, type Digest } from '../../src/digest/model.ts';
import { escapeDiscord } from '../../src/render/discord-escape.ts';
import { renderDiscordLatest, renderMessages, renderSlackLatest, type DiscordMessage, type SlackMessage } from '../../src/render/index.ts';
import { escapeSlack } from '../../src/render/slack-escape.ts';

const bundled = digestSchema.parse(
  JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/render/digest-bundled-articles.json'), 'utf8')),
);
const hostile = '@everyone <!channel> @here <!here|here> <!everyone> <@U0ADMIN> <@&123456789012345678> <#C123> *bold* `code` > quote';

function hostileDigest(): Digest {
  const source = { id: '9', title: `Doha round ${hostile}`, outlet: '<!channel> Wire', url: 'https://news.example.org/doha?a=1&b=<2>', file: null };
  return {
    ...bundled,
    headline: `Talks resume in Doha ${hostile}`,
    updates: [{ summary: `Negotiators returned ${hostile}`, quotes: [{ text: `We are closer than before ${hostile}`, speaker: '<@U0ADMIN>', source }], sources: [source] }],
    figures: [],
    background: [hostile],
  };
}

describe('article text that tries to ping everyone', () => {
  it('Slack: <!channel>, <!here>, <!everyone> and user mentions become inert text', () => {
    const posted = JSON.stringify(renderMessages(hostileDigest(), 'slack').map((m) => m.payload as SlackMessage));
    expect(posted).not.toMatch(/<!(channel|here|everyone)(\|[^>]*)?>|<@U0ADMIN>|<@&|<#C123>/);
    expect(posted).toContain('&lt;!channel&gt;');
    // The link itself survives, with its & escaped as Slack expects.
    expect(posted).toContain('<https://news.example.org/doha?a=1&amp;b=%3C2%3E|');
  });

  it('Discord: @everyone/@here are broken with a zero-width space, <@…> escaped, markdown escaped, no mention parsed', () => {
    const messages = renderMessages(hostileDigest(), 'discord').map((m) => m.payload as DiscordMessage);
    const posted = messages.map((m) => m.content + m.embeds.map((e) => e.description).join('\n')).join('\n');
    expect(posted).not.toMatch(/@everyone|@here|<@U0ADMIN>|<@&\d|<#C123>/);
    expect(posted).toContain('@\u200beveryone');
    expect(messages.every((m) => m.allowed_mentions.parse.length === 0)).toBe(true);
  });

  it('the /latest answers are escaped the same way', () => {
    const answer = { query: '<!channel> Doha', asOf: '2024-05-06T00:00:00Z', updates: [{ ...hostileDigest().updates[0]!, published: '2024-05-06T00:00:00Z' }] };
    const slack = renderSlackLatest(answer, { share: true });
    // The share button's value carries the query back to parley; it is never displayed.
    const shown = { text: slack.text, blocks: slack.blocks.filter((block) => block.type !== 'actions') };
    expect(JSON.stringify(shown)).not.toMatch(/<!(channel|here|everyone)/);
    const discord = renderDiscordLatest(answer, { share: true });
    expect(discord.content + JSON.stringify(discord.embeds)).not.toMatch(/@everyone|<@U0ADMIN>/);
  });
});

describe('escaping helpers', () => {
  it('Slack escapes exactly &, < and >', () => {
    expect(escapeSlack('Q&A <b> a > b')).toBe('Q&amp;A &lt;b&gt; a &gt; b');
  });

  it('Discord escapes markdown and block syntax at line starts', () => {
    expect(escapeDiscord('*a* _b_ ~c~ `d` |e|')).toBe('\\*a\\* \\_b\\_ \\~c\\~ \\`d\\` \\|e\\|');
    expect(escapeDiscord('> quote\n# heading\n- item')).toBe('\\> quote\n\\# heading\n\\- item');
  });
});
