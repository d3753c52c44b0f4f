import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** A new random secret, shown once: `omc_sk_…` for API keys, `omc_ss_…` for sessions. */
export function newSecret(kind: 'sk' | 'ss'): string {
  return `omc_${kind}_${randomBytes(24).toString('base64url')}`;
}

/** Secrets are long and random, so a plain SHA-256 is enough to store them; passwords get argon2. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** What a list may show of a secret so a person can tell keys apart. */
export function secretHint(secret: string): string {
  return `${secret.slice(0, 7)}…${secret.slice(-4)}`;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Checked when the e-mail is unknown, so that a wrong e-mail takes as long as a wrong password.
const DECOY = hash('decoy password that matches nothing');

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    await verify(await DECOY, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
