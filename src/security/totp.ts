// Authenticator apps (RFC 6238 TOTP): 6 digits, 30-second steps, SHA-1, the settings every common
// app reads from an otpauth:// URI. One step either side is accepted for clock drift.
import { generateSecret, generateURI, verify } from 'otplib';

export function newTotpSecret(): string {
  // 20 random bytes: 160 bits, above NIST's 112-bit floor for OTP keys.
  return generateSecret({ length: 20 });
}

export function totpUri(secret: string, issuer: string, accountLabel: string): string {
  return generateURI({ issuer, label: accountLabel, secret, algorithm: 'sha1', digits: 6, period: 30 });
}

/** The accepted time step, or undefined; `after` refuses a step already used (replay). */
export async function checkTotp(
  secret: string,
  code: string,
  options: { now?: number; after?: number | undefined } = {},
): Promise<number | undefined> {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  const result = await verify({
    secret,
    token,
    epoch: Math.floor((options.now ?? Date.now()) / 1000),
    epochTolerance: 30,
    ...(options.after !== undefined ? { afterTimeStep: options.after } : {}),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}
