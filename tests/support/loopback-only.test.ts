import dns from 'node:dns/promises';
import http from 'node:http';
import { describe, expect, it } from 'vitest';

describe('the suite’s loopback-only guard', () => {
  it('refuses a lookup of a public name and a connection to a public address, and lets loopback through', async () => {
    await expect(dns.lookup('news.example.org')).rejects.toThrow(/only reaches loopback; refused a DNS lookup of news\.example\.org/);
    const refused = await new Promise<Error>((resolve) => http.get('http://93.184.215.14/', () => resolve(new Error('connected'))).on('error', resolve));
    expect(refused.message).toMatch(/refused a connection to 93\.184\.215\.14/);
    expect((await dns.lookup('localhost')).address).toMatch(/^(127\.|::1)/);
  });
});
