import type { SourceRef } from './model.ts';

/** The article columns a source reference is built from. */
export interface SourceColumns {
  id: number;
  title: string | null;
  outlet: string | null;
  url: string | null;
  file: string | null;
  published_at: string | null;
}

export function sourceRef(article: SourceColumns): SourceRef {
  return {
    id: String(article.id),
    title: article.title,
    outlet: article.outlet,
    url: article.url,
    file: article.file,
    published: article.published_at,
  };
}
