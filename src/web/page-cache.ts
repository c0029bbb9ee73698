import type { WebResponse } from './site.tsx';

/** Pages kept at once: the story page, the newest days and digests, their charts. */
const MAX_PAGES = 64;

/**
 * Rendered pages, kept while the site's state token (story-days.ts `siteState`) stays the same:
 * the story page at 100,000 articles takes a few hundred milliseconds to render (thousands of
 * chart points and table rows) and a chart PNG as long, while the token is one small query. Any
 * change to the stored days or digests drops every page at once; the least recently read page
 * goes first when the cache is full. Pages not found are not kept.
 */
export class PageCache {
  #state = '';
  readonly #pages = new Map<string, WebResponse>();

  async get(state: string, path: string, render: () => Promise<WebResponse>): Promise<WebResponse> {
    if (state !== this.#state) {
      this.#pages.clear();
      this.#state = state;
    }
    const kept = this.#pages.get(path);
    if (kept) {
      // Map order is insertion order: reading a page moves it to the newest end.
      this.#pages.delete(path);
      this.#pages.set(path, kept);
      return kept;
    }
    const page = await render();
    if (page.status === 404) return page;
    // A page rendered while the state moved on belongs to no token: serve it, keep nothing.
    if (state !== this.#state) return page;
    this.#pages.set(path, page);
    if (this.#pages.size > MAX_PAGES) this.#pages.delete(this.#pages.keys().next().value!);
    return page;
  }
}
