// The seam between the shared eID screens (QR code, launch link, live status, cancel) and one
// outside identity service. A driver starts an order, asks how it is going and cancels it; the
// screens, the polling limits, account resolution and the end of the login are shared.
import type { EidOrder } from '../../adapters/eid-orders.ts';
import type { Locale } from '../../src/config/schema.ts';
import type { DevicePlatform } from '../../src/http/platform.ts';
import type { Acr, Amr } from '../../src/provider/vocabulary.ts';

export interface EidStartInput {
  flow: 'qr' | 'sameDevice';
  ip: string;
  userAgent: string;
  /** A random identifier this browser keeps (src/http/device-cookie.ts), for BankID's `web.deviceIdentifier`. */
  deviceId: string;
  /** Where the app sends the person back on the same device, with a nonce the return is checked against. */
  returnUrl: string;
  /** A message from the relying party (Swedish profile `userMessage`), already in the person's language. */
  userMessage?: { text: string; markdown: boolean } | undefined;
  referringDomain: string;
}

export interface EidStarted {
  ref: string;
  /** Kept sealed on the server (BankID's qrStartSecret). */
  secret?: string;
  launchToken?: string;
  /** How long the service keeps the order alive. */
  lifetimeSeconds: number;
}

export interface EidPerson {
  personalNumber: string;
  givenName: string;
  familyName: string;
}

export interface EidCompletion {
  person: EidPerson;
  acr: Acr;
  amr: Amr[];
  /** What the service proved, kept with the audit event (signature, OCSP response, signed JWS). */
  evidence: Record<string, unknown>;
}

export type EidPoll =
  | { state: 'pending'; message: string; seenOnDevice?: boolean }
  | { state: 'failed'; message: string }
  | { state: 'complete'; message: string; completion: EidCompletion };

export interface EidDriver {
  id: 'bankid' | 'freja';
  /** How often the service may be asked about one order. */
  pollIntervalMs: number;
  /**
   * The app returns to the start's `returnUrl` after a same-device order, so such an order
   * completes only in the starting browser, once that return (with its nonce) has arrived.
   */
  bindsReturn: boolean;
  start(input: EidStartInput): Promise<EidStarted>;
  poll(order: EidOrder): Promise<EidPoll>;
  cancel(order: EidOrder): Promise<void>;
  /** What the QR code holds at `now`; BankID's changes every second. */
  qrContent(order: EidOrder, now: number): string;
  /** How the app is started on this platform: the link, and whether the page follows it at once. */
  launch(order: EidOrder, platform: DevicePlatform): { url: string; atOnce: boolean };
  /** Whether "on this device" is offered here: Freja eID has no app for computers. */
  offersSameDevice(platform: DevicePlatform): boolean;
  /** The message to show while a same-device start waits for the person's tap, instead of "starting the app". */
  beforeLaunch?(message: string): string;
  /** The person-facing text for a message key this driver produced, or for a thrown error. */
  text(message: string, locale: Locale): string;
  messageForError(error: unknown): string;
  /**
   * Whether a failed poll leaves the order alive at the service (maintenance, a timeout, a dropped
   * connection): such a poll is asked again on the next tick instead of ending the login.
   */
  pollMayRetry(error: unknown): boolean;
  /** Whether a message is the service's own words, or Portvakt's (shown as Portvakt's error). */
  isInternal(message: string): boolean;
}
