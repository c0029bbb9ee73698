/**
 * A database URL as it may be shown in logs, errors and `parley config check`: the password
 * masked; a URL that cannot be parsed is shown by its scheme alone, since it may hold one.
 */
export function displayDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    return `${url.split(':')[0]}://…`;
  }
}
