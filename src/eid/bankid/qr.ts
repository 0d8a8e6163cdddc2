// The animated QR code: `bankid.<qrStartToken>.<seconds>.<qrAuthCode>`, where seconds counts whole
// seconds since the auth/sign answer arrived and qrAuthCode is the lowercase hex HMAC-SHA256 of that
// number written in decimal, keyed by the qrStartSecret string's own bytes (not hex- or UUID-decoded).
// Build it on the server once a second; the secret never goes to the browser.
import { createHmac } from 'node:crypto';

export function qrAuthCode(qrStartSecret: string, seconds: number): string {
  if (!Number.isSafeInteger(seconds) || seconds < 0) throw new RangeError('seconds must be a whole number, 0 or more');
  return createHmac('sha256', Buffer.from(qrStartSecret, 'utf8')).update(String(seconds), 'utf8').digest('hex');
}

export function qrContent(qrStartToken: string, qrStartSecret: string, seconds: number): string {
  return `bankid.${qrStartToken}.${seconds}.${qrAuthCode(qrStartSecret, seconds)}`;
}

/** Whole seconds from `startedAt` to `now` (both ms since the epoch), never below zero. */
export function qrSeconds(startedAt: number, now: number): number {
  return Math.max(0, Math.floor((now - startedAt) / 1000));
}

/** The QR string to show at `now` for an order whose answer arrived at `order.receivedAt`. */
export function currentQrContent(
  order: { qrStartToken: string; qrStartSecret: string; receivedAt: number },
  now: number = Date.now(),
): string {
  return qrContent(order.qrStartToken, order.qrStartSecret, qrSeconds(order.receivedAt, now));
}

export interface ParsedQrContent {
  qrStartToken: string;
  seconds: number;
  qrAuthCode: string;
}

/** Splits a scanned string; `undefined` when it is not an animated BankID QR code. */
export function parseQrContent(content: string): ParsedQrContent | undefined {
  const match = /^bankid\.([A-Za-z0-9-]{1,100})\.(0|[1-9]\d{0,8})\.([0-9a-f]{64})$/.exec(content.trim());
  if (!match) return undefined;
  return { qrStartToken: match[1]!, seconds: Number(match[2]), qrAuthCode: match[3]! };
}
