import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Voice codes are stored as `scrypt$N$r$p$salt$hash` (base64): the parameters travel with the
 * hash, so stronger ones can be introduced later without breaking stored codes.
 */
const CURRENT = { N: 16_384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

function deriveKey(code: string, salt: Buffer, options: ScryptOptions, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(code, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashVoiceCode(code: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await deriveKey(code, salt, CURRENT, KEY_LENGTH);
  return ['scrypt', CURRENT.N, CURRENT.r, CURRENT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Constant-time comparison of a spoken code with a stored hash. */
export async function voiceCodeMatches(code: string, storedHash: string): Promise<boolean> {
  const [scheme, N, r, p, salt, key] = storedHash.split('$');
  if (scheme !== 'scrypt' || key === undefined) {
    throw new Error('Stored voice code hash has an unknown format');
  }
  const expected = Buffer.from(key, 'base64');
  const actual = await deriveKey(code, Buffer.from(salt, 'base64'), { N: Number(N), r: Number(r), p: Number(p) }, expected.length);
  return timingSafeEqual(actual, expected);
}
