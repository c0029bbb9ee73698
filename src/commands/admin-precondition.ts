import { UserError } from '../errors.ts';
import type { CommandServices, Invocation } from './types.ts';

/** `PARLEY_ADMINS=slack:U123,discord:456` as a set of `platform:user` keys. */
export function parseAdmins(value: string | undefined): Set<string> {
  return new Set(
    (value ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
  );
}

/**
 * The one admin check every settings-changing command passes through, on every platform: the
 * asker is listed in PARLEY_ADMINS, or the platform says they manage the workspace (Slack admin or
 * owner; Discord Manage Guild). Otherwise nothing changes and the asker is told why.
 */
export async function requireAdmin(services: CommandServices, invocation: Invocation): Promise<void> {
  const listed = parseAdmins(services.loaded.env.PARLEY_ADMINS);
  if (listed.has(`${invocation.platform}:${invocation.userId}`)) return;
  let platformAdmin = false;
  try {
    platformAdmin = await invocation.isPlatformAdmin();
  } catch (error) {
    services.logger.warn({ err: error, platform: invocation.platform }, 'could not check whether the user is an admin');
  }
  if (platformAdmin) return;
  const who = invocation.platform === 'slack' ? 'workspace admins and owners' : 'members with the Manage Server permission';
  throw new UserError('not_admin', `Only ${who} (or people listed in PARLEY_ADMINS) can change parley settings. Nothing was changed.`);
}
