/** `text` as a regular expression that matches it literally ("U.N." → "U\.N\."). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
