import { describe, expect, it } from 'vitest';
import { PageCache } from '../../src/web/page-cache.ts';
import type { WebResponse } from '../../src/web/site.tsx';

const page = (body: string, status: WebResponse['status'] = 200): WebResponse => ({ status, type: 'text/html; charset=utf-8', body });

describe('the page cache', () => {
  it('renders a page once while the site state stays the same, and again when it changes', async () => {
    const cache = new PageCache();
    let renders = 0;
    const render = async () => page(`story ${++renders}`);
    expect((await cache.get('s1', '/', render)).body).toBe('story 1');
    expect((await cache.get('s1', '/', render)).body).toBe('story 1');
    expect((await cache.get('s2', '/', render)).body).toBe('story 2');
    expect(renders).toBe(2);
  });

  it('keeps no page that was not found', async () => {
    const cache = new PageCache();
    let renders = 0;
    const render = async () => page(`missing ${++renders}`, 404);
    await cache.get('s1', '/days/2024-01-01/', render);
    await cache.get('s1', '/days/2024-01-01/', render);
    expect(renders).toBe(2);
  });

  it('lets the least recently read page go first when full', async () => {
    const cache = new PageCache();
    const rendered: string[] = [];
    const render = (path: string) => async () => {
      rendered.push(path);
      return page(path);
    };
    await cache.get('s', '/', render('/'));
    for (let i = 0; i < 64; i++) {
      await cache.get('s', `/days/${i}/`, render(`/days/${i}/`));
      await cache.get('s', '/', render('/'));
    }
    // The story page was read all along: still kept; the first day page was pushed out.
    expect(rendered.filter((p) => p === '/')).toHaveLength(1);
    await cache.get('s', '/days/0/', render('/days/0/'));
    expect(rendered.filter((p) => p === '/days/0/')).toHaveLength(2);
  });
});
