// Configuration for the BankID client: where the RP API is, the relying party's PKCS#12
// certificate (from a file or inline base64), its passphrase, the one CA the server must chain to,
// and how long a call may take. `environment` fills in BankID's published URL and SSL root (and,
// for test, the public test RP certificate) from trust/. Strict: a misspelt key stops the start.
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

const TRUST = new URL('./trust/', import.meta.url);
/** BankID's published material per environment (trust/README.md). */
export const BANKID_ENVIRONMENTS = {
  test: {
    baseUrl: BANKID_TEST_URL,
    caFile: new URL('test-ssl-root.pem', TRUST),
    // The public test RP certificate and its published passphrase.
    pfxFile: new URL('FPTestcert5_20240610.p12', TRUST),
    passphrase: 'qwerty123',
  },
  production: { baseUrl: BANKID_PRODUCTION_URL, caFile: new URL('production-ssl-root.pem', TRUST) },
} as const;

export const bankIdConfigSchema = z
  .strictObject({
    /** BankID's test or production service: its URL, SSL root and (test) RP certificate unless given below. */
    environment: z.enum(['test', 'production']).optional(),
    /** The API root, e.g. https://appapi2.test.bankid.com/rp/v6.0/ (a missing final slash is added). */
    baseUrl: httpsUrl.transform((value) => (value.endsWith('/') ? value : `${value}/`)).optional(),
    /** The RP certificate as a PKCS#12 file... */
    pfxPath: z.string().min(1).optional(),
    /** ...or inline as base64. Exactly one of the two. */
    pfxBase64: z
      .string()
      .regex(/^[A-Za-z0-9+/\s]+=*\s*$/, 'expected base64')
      .optional(),
    passphrase: z.string().optional(),
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
  .refine((config) => config.baseUrl !== undefined || config.environment !== undefined, {
    message: 'give baseUrl, or environment (test or production)',
    path: ['baseUrl'],
  })
  .refine(
    (config) =>
      config.pfxPath !== undefined && config.pfxBase64 !== undefined
        ? false
        : config.pfxPath !== undefined || config.pfxBase64 !== undefined || config.environment === 'test',
    {
      message: 'give exactly one of pfxPath and pfxBase64 (only the test environment has a public one)',
      path: ['pfxPath'],
    },
  )
  .refine(
    (config) => config.passphrase !== undefined || (config.pfxPath === undefined && config.pfxBase64 === undefined),
    {
      message: 'the passphrase of the PKCS#12 certificate is required',
      path: ['passphrase'],
    },
  )
  .refine(
    (config) =>
      config.caPem !== undefined && config.caPath !== undefined
        ? false
        : config.caPem !== undefined || config.caPath !== undefined || config.environment !== undefined,
    { message: 'give exactly one of caPem and caPath, or an environment whose SSL root is shipped', path: ['caPem'] },
  )
  .transform((config) => ({
    ...config,
    baseUrl: config.baseUrl ?? BANKID_ENVIRONMENTS[config.environment!].baseUrl,
  }));

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
  const shipped = config.environment && BANKID_ENVIRONMENTS[config.environment];
  const pfx =
    config.pfxBase64 !== undefined
      ? Buffer.from(config.pfxBase64, 'base64')
      : config.pfxPath !== undefined
        ? await readConfigured(config.pfxPath, 'pfxPath')
        : await readFile(BANKID_ENVIRONMENTS.test.pfxFile);
  const passphrase = config.passphrase ?? BANKID_ENVIRONMENTS.test.passphrase;
  const ca =
    config.caPem ??
    (config.caPath !== undefined
      ? await readConfigured(config.caPath, 'caPath')
      : await readFile(shipped!.caFile)
    ).toString('utf8');
  checkCredentials({ pfx, passphrase, ca });
  return { pfx, passphrase, ca };
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
