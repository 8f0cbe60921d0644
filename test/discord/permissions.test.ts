/** Least privilege: what the invite asks for, what the commands require, and that SECURITY.md says the same. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PermissionsBitField } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { commandPayloads } from '../../src/discord/commands/index.js';
import { BOT_PERMISSIONS, inviteUrl, THREAD_PERMISSIONS } from '../../src/discord/permissions.js';

const ROOT = join(import.meta.dirname, '..', '..');
const NEVER = ['Administrator', 'MentionEveryone', 'EmbedLinks', 'ManageMessages', 'ManageThreads', 'ManageChannels', 'ManageGuild', 'ManageRoles', 'ManageWebhooks'];

function invited(env: Record<string, string> = {}): string[] {
  const url = new URL(inviteUrl('123456789012345678', parseConfig(env)));
  expect(url.searchParams.get('scope')).toBe('bot applications.commands');
  return new PermissionsBitField(BigInt(url.searchParams.get('permissions') ?? '0')).toArray();
}

describe('least privilege', () => {
  it('the invite asks for exactly the listed permissions; thread creation only with DISCORD_USE_THREADS', () => {
    expect(invited().sort()).toEqual(['ReadMessageHistory', 'SendMessages', 'SendMessagesInThreads', 'ViewChannel']);
    expect(invited({ DISCORD_USE_THREADS: 'true' })).toContain('CreatePublicThreads');
    for (const p of [...invited(), ...invited({ DISCORD_USE_THREADS: 'true' })]) expect(NEVER).not.toContain(p);
  });

  it('no command is admin-only or asks for member permissions', () => {
    for (const c of commandPayloads()) expect(c.default_member_permissions ?? null, c.name).toBeNull();
  });

  it('SECURITY.md names every permission the code asks for, and is linked from the README', () => {
    const doc = readFileSync(join(ROOT, 'SECURITY.md'), 'utf8');
    for (const p of Object.keys({ ...BOT_PERMISSIONS, ...THREAD_PERMISSIONS })) expect(doc).toContain(`(\`${p}\`)`);
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('[SECURITY.md](SECURITY.md)');
  });
});
