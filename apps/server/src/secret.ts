import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerConfig } from './env.ts';

export const JWT_SECRET_FILE = 'jwt-secret';

/**
 * The token signing key: JWT_SECRET when set; otherwise (never in production,
 * env.ts refuses that) 48 random bytes generated once and kept in
 * `<dataDir>/jwt-secret` with mode 0600, so sessions survive a restart.
 * The file holds the key as base64url text, used exactly as JWT_SECRET would be:
 * its content can be moved into JWT_SECRET unchanged.
 */
export function loadJwtSecret(
  config: Pick<ServerConfig, 'jwtSecret' | 'dataDir'>,
  log: (message: string) => void,
): Uint8Array {
  const encode = (s: string) => new TextEncoder().encode(s);
  if (config.jwtSecret !== undefined) return encode(config.jwtSecret);

  const file = join(config.dataDir, JWT_SECRET_FILE);
  const existing = readIfExists(file)?.trim();
  if (existing !== undefined && existing.length >= 32) return encode(existing);

  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  // 'wx' fails if another process created it meanwhile; then use theirs.
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: existing === undefined ? 'wx' : 'w' });
  } catch (e) {
    const raced = readIfExists(file)?.trim();
    if (raced !== undefined && raced.length >= 32) return encode(raced);
    throw e;
  }
  log(`JWT_SECRET not set: generated a signing key and saved it in ${file} (mode 0600)`);
  return encode(secret);
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
