import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeDiscord } from './fake-apis.ts';

const bin = path.resolve(import.meta.dirname, '../../bin/parley.js');
let discord: Awaited<ReturnType<typeof fakeDiscord>>;
beforeAll(async () => {
  discord = await fakeDiscord();
});
afterAll(async () => {
  await discord.close();
});

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('parley discord register', () => {
  it('registers the slash commands in one server through the REST API', async () => {
    const result = await run(['discord', 'register', '--guild', '555'], { DISCORD_TOKEN: 'cli.register.token', DISCORD_APPLICATION_ID: '777', DISCORD_API_URL: discord.apiUrl });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('registered 2 commands in server 555 (available now)\n');
    expect(result.code).toBe(0);
    const put = discord.calls.find((c) => c.method === 'PUT')!;
    expect(put.path).toBe('/api/v10/applications/777/guilds/555/commands');
    expect(put.headers.authorization).toBe('Bot cli.register.token');
  }, 60_000);

  it('says which setting is missing, with exit code 2', async () => {
    const result = await run(['discord', 'register'], { DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('parley: environment: DISCORD_TOKEN is required to register Discord commands\n');
  }, 60_000);
});
