// Configuration for the BankID client: where the RP API is, the relying party's PKCS#12
// certificate (from a file or inline base64), its passphrase, the one CA the server must chain to,
// and how long a call may take. Strict: a misspelt key stops the start.
import { readFile } from 'node:fs/promises';
import { createSecureContext } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { PortvaktError } from '../../../kernel/errors.ts';

export const BANKID_PRODUCTION_URL = 'https://appapi2.bankid.com/rp/v6.0/';
export const BANKID_TEST_URL = 'https://appapi2.test.bankid.com/rp/v6.0/';
/** The universal link mobile browsers use to open the app; `bankid:///` is the desktop form. */
export const BANKID_APP_LAUNCH_URL = 'https://app.bankid.com/';
export const BANKID_DESKTOP_LAUNCH_URL = 'bankid:///';

const httpsUrl = z.url({ protocol: /^https$/, message: 'expected an https:// URL' });

export const bankIdConfigSchema = z
  .strictObject({
    /** The API root, e.g. https://appapi2.test.bankid.com/rp/v6.0/ (a missing final slash is added). */
    baseUrl: httpsUrl.transform((value) => (value.endsWith('/') ? value : `${value}/`)),
    /** The RP certificate as a PKCS#12 file... */
    pfxPath: z.string().min(1).optional(),
    /** ...or inline as base64. Exactly one of the two. */
    pfxBase64: z
      .string()
      .regex(/^[A-Za-z0-9+/\s]+=*\s*$/, 'expected base64')
      .optional(),
    passphrase: z.string(),
    /** The BankID SSL root (PEM) to pin: the server must chain to it and to nothing else... */
    caPem: z.string().includes('-----BEGIN CERTIFICATE-----', { message: 'expected a PEM certificate' }).optional(),
    /** ...or the path of a PEM file. Exactly one of the two. */
    caPath: z.string().min(1).optional(),
    /** Per call: connection, request and answer together. */
    timeoutMs: z.number().int().min(500).max(120_000).default(10_000),
    /** Base of the same-device launch link on phones (a tap on a universal link); the simulator's app page in a demo. */
    launchBaseUrl: z.url({ protocol: /^(https|bankid)$/ }).default(BANKID_APP_LAUNCH_URL),
    /** Base of the launch on computers, opened at once: the app's own scheme; the simulator's app page in a demo. */
    desktopLaunchBaseUrl: z.url({ protocol: /^(https?|bankid)$/ }).default(BANKID_DESKTOP_LAUNCH_URL),
  })
  .refine((config) => (config.pfxPath === undefined) !== (config.pfxBase64 === undefined), {
    message: 'give exactly one of pfxPath and pfxBase64',
    path: ['pfxPath'],
  })
  .refine((config) => (config.caPem === undefined) !== (config.caPath === undefined), {
    message: 'give exactly one of caPem and caPath',
    path: ['caPem'],
  });

export type BankIdConfig = z.output<typeof bankIdConfigSchema>;
export type BankIdConfigInput = z.input<typeof bankIdConfigSchema>;

/** What the client needs at run time, with files read. */
export interface BankIdCredentials {
  pfx: Buffer;
  passphrase: string;
  ca: string;
}

/**
 * Reads the certificate files and proves they work together (the passphrase opens the PKCS#12,
 * the CA parses), so a bad setup fails at start rather than at the first login.
 */
export async function loadBankIdCredentials(config: BankIdConfig): Promise<BankIdCredentials> {
  const pfx =
    config.pfxBase64 !== undefined
      ? Buffer.from(config.pfxBase64, 'base64')
      : await readConfigured(config.pfxPath!, 'pfxPath');
  const ca = config.caPem ?? (await readConfigured(config.caPath!, 'caPath')).toString('utf8');
  checkCredentials({ pfx, passphrase: config.passphrase, ca });
  return { pfx, passphrase: config.passphrase, ca };
}

export function checkCredentials(credentials: BankIdCredentials): void {
  try {
    new X509Certificate(credentials.ca);
  } catch (cause) {
    throw new PortvaktError('config_invalid', 'bankid: the CA certificate is not a readable PEM certificate', {
      cause,
    });
  }
  try {
    createSecureContext({ pfx: credentials.pfx, passphrase: credentials.passphrase, ca: credentials.ca });
  } catch (cause) {
    // OpenSSL's reason ("mac verify failure", "unsupported") says enough; the passphrase is never echoed.
    const reason = cause instanceof Error ? cause.message : 'unknown reason';
    throw new PortvaktError(
      'config_invalid',
      `bankid: cannot open the client certificate with the passphrase given (${reason})`,
      { cause },
    );
  }
}

async function readConfigured(path: string, key: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (cause) {
    throw new PortvaktError(
      'config_invalid',
      `bankid.${key}: cannot read ${path} (${(cause as NodeJS.ErrnoException).code ?? 'error'})`,
      { cause },
    );
  }
}
