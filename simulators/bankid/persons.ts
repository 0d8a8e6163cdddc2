// SIMULATOR ONLY: demo persons for the BankID simulator and what each one's "phone" does.
// Never used in production configuration.
import type { RiskLevel } from '../../src/eid/bankid/types.ts';

/**
 * What the person's simulated app does once it has the order:
 * - `normal`: shows the order and waits for the tester to approve or cancel.
 * - `autoApprove`: approves by itself a moment after picking the order up (for automated end-to-end runs).
 * - `cancel`: shows the order, then the person presses cancel a moment later (`failed/userCancel`).
 * - `blockedCertificate`: the BankID is blocked (`failed/certificateErr`).
 * - `neverStart`: the app never reaches the order, so it ends in `startFailed` (or `expiredTransaction`).
 * - `noBankId`: the app starts but finds no usable BankID (`pending/started` until the order expires).
 * - `outdatedApp`: the app is too old for the order (`failed/notSupportedByUserApp`).
 * - `declineCall`: on a phone order the person says they are not on a call (`failed/userDeclinedCall`).
 * - `mrtdFail`: the ID-document step fails (`completionData.stepUp.mrtd` is false).
 */
export const BEHAVIOURS = [
  'normal',
  'autoApprove',
  'cancel',
  'blockedCertificate',
  'neverStart',
  'noBankId',
  'outdatedApp',
  'declineCall',
  'mrtdFail',
] as const;
export type Behaviour = (typeof BEHAVIOURS)[number];

export interface DemoPerson {
  /** 12 digits, YYYYMMDDNNNN. */
  personalNumber: string;
  givenName: string;
  surname: string;
  behaviour?: Behaviour;
  /** BankID's assessment of this person's orders; `high` trips `requirement.risk` (`transactionRiskBlocked`). Default `low`. */
  risk?: RiskLevel;
  /** YYYY-MM-DD. */
  bankIdIssueDate?: string;
}

/** Fictional people with valid-looking personal numbers, one per behaviour. */
export const DEFAULT_PERSONS: readonly DemoPerson[] = [
  { personalNumber: '198503122387', givenName: 'Astrid', surname: 'Lindqvist', behaviour: 'normal' },
  { personalNumber: '199001011270', givenName: 'Erik', surname: 'Johansson', behaviour: 'autoApprove' },
  { personalNumber: '197811245633', givenName: 'Karin', surname: 'Berg', behaviour: 'cancel' },
  { personalNumber: '200106154024', givenName: 'Lars', surname: 'Nilsson', behaviour: 'blockedCertificate' },
  { personalNumber: '196607058812', givenName: 'Maja', surname: 'Holm', behaviour: 'neverStart' },
  { personalNumber: '199202293198', givenName: 'Nils', surname: 'Ek', behaviour: 'noBankId' },
  { personalNumber: '197304187458', givenName: 'Sara', surname: 'Wik', behaviour: 'outdatedApp' },
  { personalNumber: '198810090665', givenName: 'Olof', surname: 'Strand', behaviour: 'normal', risk: 'high' },
  { personalNumber: '195508305900', givenName: 'Ingrid', surname: 'Sjöberg', behaviour: 'declineCall' },
  { personalNumber: '199912312148', givenName: 'Johan', surname: 'Björk', behaviour: 'mrtdFail' },
];
