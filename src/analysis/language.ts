import type { WinkMethods } from 'wink-nlp';

/**
 * The English language model (wink-nlp with wink-eng-lite-web-model, docs/adr/006-language-model.md):
 * sentences' tokens with their part of speech, lemma and entity type. Loading it costs about a
 * quarter of a second, so it is imported only when articles are analysed with it, never by a
 * one-off command that reads stored analyses.
 */
export type LanguageModel = WinkMethods;

let loading: Promise<LanguageModel> | undefined;

export function languageModel(): Promise<LanguageModel> {
  loading ??= (async () => {
    const [{ default: winkNLP }, { default: model }] = await Promise.all([import('wink-nlp'), import('wink-eng-lite-web-model')]);
    return winkNLP(model, ['sbd', 'pos', 'ner', 'negation']);
  })();
  return loading;
}
