// Configuration for the senders: the SMTP relay that carries e-mail and the Twilio account that
// carries SMS. Strict: a misspelt key stops the start. Secrets (SMTP password, auth token) are
// required values, never defaulted.
import { z } from 'zod';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

const pem = z.string().includes('-----BEGIN CERTIFICATE-----', { message: 'expected a PEM certificate' });
const millis = (min: number, max: number, fallback: number) => z.number().int().min(min).max(max).default(fallback);

/** `person@example.org` or `Portvakt <no-reply@example.org>`. */
const fromAddress = z
  .string()
  .regex(
    /^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/,
    'expected an address such as "Portvakt <no-reply@example.org>"',
  );

export const smtpConfigSchema = z
  .strictObject({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(587),
    /** TLS from the first byte (port 465). */
    secure: z.boolean().default(false),
    /** Insist on STARTTLS when `secure` is false; refuse to send if the server does not offer it. */
    requireTLS: z.boolean().default(true),
    auth: z.strictObject({ user: z.string().min(1), pass: z.string().min(1) }).optional(),
    /** Trust only this CA for the server certificate (replaces the system roots), e.g. an internal relay's. */
    caPem: pem.optional(),
    connectionTimeoutMs: millis(100, 60_000, 5_000),
    greetingTimeoutMs: millis(100, 60_000, 5_000),
    /** Longest silence on an open connection. */
    socketTimeoutMs: millis(100, 120_000, 15_000),
  })
  .refine((smtp) => smtp.auth === undefined || smtp.secure || smtp.requireTLS || isLoopbackHost(smtp.host), {
    message: 'SMTP credentials would travel unencrypted: set secure or requireTLS, or relay through a loopback host',
    path: ['auth'],
  });

export const emailConfigSchema = z.strictObject({
  from: fromAddress,
  smtp: smtpConfigSchema,
});

const accountSid = z.string().regex(/^AC[0-9a-f]{32}$/, 'expected a Twilio account SID: AC and 32 hex digits');
const messagingServiceSid = z
  .string()
  .regex(/^MG[0-9a-f]{32}$/, 'expected a Messaging Service SID: MG and 32 hex digits');
/** An E.164 number or an alphanumeric sender ID (1–11 letters, digits, spaces; at least one letter). */
const smsFrom = z
  .string()
  .regex(
    /^(?:\+[1-9]\d{6,14}|(?=[^A-Za-z]*[A-Za-z])[A-Za-z0-9 ]{1,11})$/,
    'expected an E.164 number (+46…) or an alphanumeric sender ID of at most 11 characters',
  );

/** https anywhere; plain http only to a loopback simulator, so an auth token never crosses a network in clear. */
const apiBaseUrl = z
  .url({ message: 'expected an absolute URL such as https://api.twilio.com' })
  .refine((value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  }, 'expected https://, or http:// to a loopback address')
  .refine((value) => ['', '/'].includes(new URL(value).pathname), 'expected an origin without a path');

export const twilioConfigSchema = z
  .strictObject({
    accountSid,
    authToken: z.string().min(1),
    from: smsFrom.optional(),
    messagingServiceSid: messagingServiceSid.optional(),
    /** Where the Messages API lives; only for the simulator. Absent means Twilio itself. */
    apiBaseUrl: apiBaseUrl.optional(),
    /** Trust only this CA for the API's certificate, e.g. the simulator's. */
    caPem: pem.optional(),
    /** Twilio's processing region and edge (e.g. `ie1`, `dublin`) for data residency. */
    region: z
      .string()
      .regex(/^[a-z]{2}\d$/, 'expected a region such as ie1')
      .optional(),
    edge: z
      .string()
      .regex(/^[a-z-]+$/, 'expected an edge such as dublin')
      .optional(),
    timeoutMs: millis(100, 60_000, 10_000),
  })
  .refine((twilio) => (twilio.from === undefined) !== (twilio.messagingServiceSid === undefined), {
    message: 'give exactly one of from and messagingServiceSid',
    path: ['from'],
  });

export const smsConfigSchema = z.strictObject({
  twilio: twilioConfigSchema,
});

export type SmtpConfig = z.output<typeof smtpConfigSchema>;
export type EmailConfig = z.output<typeof emailConfigSchema>;
export type EmailConfigInput = z.input<typeof emailConfigSchema>;
export type TwilioConfig = z.output<typeof twilioConfigSchema>;
export type SmsConfig = z.output<typeof smsConfigSchema>;
export type SmsConfigInput = z.input<typeof smsConfigSchema>;
