// Encrypts secrets at rest (signing keys, cookie keys) with AES-256-GCM under the configured
// secret key. The output is versioned so the key can be rotated later.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PortvaktError } from './errors.ts';

const VERSION = 'v1';

export interface Sealer {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

export function createSealer(secretKeyBase64: string): Sealer {
  const key = Buffer.from(secretKeyBase64, 'base64');
  if (key.length !== 32) throw new PortvaktError('config_invalid', 'secretKey must be base64 of 32 bytes');
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [
        VERSION,
        iv.toString('base64url'),
        body.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
      ].join('.');
    },
    open(sealed) {
      const [version, iv, body, tag] = sealed.split('.');
      if (version !== VERSION || !iv || !body || !tag)
        throw new PortvaktError('internal', 'Stored secret is unreadable.');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch (cause) {
        throw new PortvaktError(
          'config_invalid',
          'Stored secrets cannot be decrypted: is secretKey (PORTVAKT_SECRET_KEY) the one they were sealed with?',
          { cause },
        );
      }
    },
  };
}
