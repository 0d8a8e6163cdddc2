// The shapes of the BankID Relying Party API v6.0 as Portvakt uses them: what callers pass to the
// client (plain text, not yet base64), what the client returns, and the hint codes BankID sends.
// Field names follow the API so a reader can hold this file against BankID's documentation.

/** Hint codes BankID documents for `status: "pending"`. */
export const PENDING_HINT_CODES = [
  'outstandingTransaction',
  'noClient',
  'started',
  'userMrtd',
  'userCallConfirm',
  'userSign',
] as const;
export type PendingHintCode = (typeof PENDING_HINT_CODES)[number];

/** Hint codes BankID documents for `status: "failed"`. */
export const FAILED_HINT_CODES = [
  'expiredTransaction',
  'certificateErr',
  'userCancel',
  'cancelled',
  'startFailed',
  'userDeclinedCall',
  'notSupportedByUserApp',
  'transactionRiskBlocked',
] as const;
export type FailedHintCode = (typeof FAILED_HINT_CODES)[number];

export type RiskLevel = 'low' | 'moderate' | 'high';

export interface BankIdRequirement {
  /** Force the security code even when the person has biometrics enabled. */
  pinCode?: boolean | undefined;
  /** Require a check of a Swedish passport or national ID card; the outcome is `completionData.stepUp.mrtd`. */
  mrtd?: boolean;
  cardReader?: 'class1' | 'class2';
  certificatePolicies?: string[] | undefined;
  /** 12 digits, YYYYMMDDNNNN. In v6 this lives inside `requirement` (v5 had it at the top level). */
  personalNumber?: string;
  /** The highest risk Portvakt accepts; a riskier order fails with `transactionRiskBlocked`. */
  risk?: 'low' | 'moderate';
}

/** Browser context for BankID's risk assessment. */
export interface BankIdWebDevice {
  /** The domain name the person started from, e.g. `id.example.org` (at least 3 characters). */
  referringDomain: string;
  /** The browser's User-Agent; the client cuts it to 256 characters. */
  userAgent: string;
  /**
   * Stable per browser and never a session cookie. Pass e.g. `deviceIdentifierFor(longLivedCookie)`,
   * a 64-character SHA-256; longer values are cut to 64 characters as BankID's own sample does.
   */
  deviceIdentifier: string;
}

/** Native-app context for BankID's risk assessment. */
export interface BankIdAppDevice {
  appIdentifier: string;
  deviceOS: string;
  deviceModelName: string;
  deviceIdentifier: string;
}

interface VisibleData {
  /** Plain text, or simple markdown when `userVisibleDataFormat` is `simpleMarkdownV1`. The client encodes it as base64. */
  userVisibleData?: string;
  userVisibleDataFormat?: 'simpleMarkdownV1';
  /** Signed but not shown. A string is taken as UTF-8; the client encodes it as base64. */
  userNonVisibleData?: string | Uint8Array;
}

export interface BankIdAuthRequest extends VisibleData {
  /** The person's IP address as Portvakt sees it (after trusted proxies). Required. */
  endUserIp: string;
  requirement?: BankIdRequirement;
  /** Same-device orders: the app opens this URL when it is done. Carry a nonce and check the returning browser. */
  returnUrl?: string | undefined;
  returnRisk?: boolean;
  /** Send `web` or `app`, never both. */
  web?: BankIdWebDevice;
  app?: BankIdAppDevice;
}

export interface BankIdSignRequest extends BankIdAuthRequest {
  userVisibleData: string;
}

export interface BankIdPhoneAuthRequest extends VisibleData {
  personalNumber: string;
  /** `user`: the person called the RP; `RP`: the RP called the person. */
  callInitiator: 'user' | 'RP';
  requirement?: Pick<BankIdRequirement, 'pinCode' | 'certificatePolicies'>;
}

export interface BankIdPhoneSignRequest extends BankIdPhoneAuthRequest {
  userVisibleData: string;
}

/** What `auth` and `sign` return. `qrStartSecret` must stay on the server: never send it to a browser. */
export interface BankIdOrder {
  orderRef: string;
  autoStartToken: string;
  qrStartToken: string;
  qrStartSecret: string;
  /** Not from BankID: when the client received the response (ms since the epoch); the animated QR counts from here. */
  receivedAt: number;
}

export interface BankIdPhoneOrder {
  orderRef: string;
}

export interface BankIdCompletionData {
  user: { personalNumber: string; name: string; givenName: string; surname: string };
  device: { ipAddress: string; uhi?: string };
  bankIdIssueDate: string;
  /** Present when `requirement.mrtd` was asked for. The client also accepts the official sample's spelling `setUp`. */
  stepUp?: { mrtd: boolean };
  /** base64 of the XML signature document; keep it for audit. */
  signature: string;
  /** base64 of the DER OCSP response for the person's certificate; keep it for audit. */
  ocspResponse: string;
  /** Only when `returnRisk` was true; missing means BankID could not assess the risk. */
  risk?: RiskLevel;
}

export type BankIdCollectResult =
  | {
      orderRef: string;
      status: 'pending';
      /** As BankID sent it; new codes appear without notice. */
      hintCode: string;
      /** The documented code, or `unknown` for a code this version does not know (treated as a generic pending state). */
      hint: PendingHintCode | 'unknown';
    }
  | {
      orderRef: string;
      status: 'failed';
      hintCode: string;
      /** The documented code, or `unknown` (treated as a generic failure). */
      hint: FailedHintCode | 'unknown';
    }
  | { orderRef: string; status: 'complete'; completionData: BankIdCompletionData };

export function classifyPendingHint(hintCode: string): PendingHintCode | 'unknown' {
  return (PENDING_HINT_CODES as readonly string[]).includes(hintCode) ? (hintCode as PendingHintCode) : 'unknown';
}

export function classifyFailedHint(hintCode: string): FailedHintCode | 'unknown' {
  return (FAILED_HINT_CODES as readonly string[]).includes(hintCode) ? (hintCode as FailedHintCode) : 'unknown';
}
