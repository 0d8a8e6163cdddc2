// Freja eID+ behind the shared eID screens. The person is identified by the signed result only;
// the registration level decides the assurance level.
import type { EidOrder } from '../../adapters/eid-orders.ts';
import {
  FREJA_MESSAGES,
  frejaAppLink,
  frejaQrContent,
  messageKeyForFailure,
  messageKeyForStatus,
  resultMayRetry,
  type FrejaClient,
  type FrejaMessageKey,
  type RegistrationLevel,
} from '../../src/eid/freja/index.ts';
import { ACR, type Acr } from '../../src/provider/vocabulary.ts';
import type { EidDriver, EidPoll } from './driver.ts';

/** Freja keeps a transaction for two minutes. */
const TRANSACTION_LIFETIME_SECONDS = 150;

/** Freja eID+ (PLUS) is the certified level; lower registration levels prove less. */
const ACR_BY_LEVEL: Record<RegistrationLevel, Acr> = { PLUS: ACR.loa3, EXTENDED: ACR.loa2, BASIC: ACR.loa1 };

export function frejaDriver(
  client: FrejaClient,
  options: { launchBaseUrl?: string | undefined; pollIntervalMs: number },
): EidDriver {
  return {
    id: 'freja',
    pollIntervalMs: options.pollIntervalMs,
    // Freja's API has no return URL to bind a same-device order to.
    bindsReturn: false,
    async start() {
      // Both the QR code and the same-device link bind the transaction to whoever opens it (INFERRED).
      const { authRef } = await client.initAuthentication({ userInfoType: 'INFERRED' });
      return { ref: authRef, lifetimeSeconds: TRANSACTION_LIFETIME_SECONDS };
    },
    async poll(order: EidOrder): Promise<EidPoll> {
      const outcome = await client.getOneResult(order.ref);
      if (outcome.state === 'pending') {
        return {
          state: 'pending',
          message: messageKeyForStatus(outcome.status),
          seenOnDevice: outcome.status === 'DELIVERED_TO_MOBILE',
        };
      }
      if (outcome.state === 'failed')
        return { state: 'failed', message: messageKeyForStatus(outcome.status, { seenOnMobile: order.seenOnDevice }) };
      const { attributes, details } = outcome.identity;
      const ssn = attributes.ssn;
      const level = attributes.registrationLevel ?? outcome.identity.minRegistrationLevel;
      if (!ssn || ssn.country !== 'SE' || !attributes.basicUserInfo) return { state: 'failed', message: 'freja.error' };
      return {
        state: 'complete',
        message: 'freja.approved',
        completion: {
          person: {
            personalNumber: ssn.ssn,
            givenName: attributes.basicUserInfo.name,
            familyName: attributes.basicUserInfo.surname,
          },
          acr: ACR_BY_LEVEL[level],
          amr: ['swk', 'mfa'],
          evidence: { provider: 'freja', authRef: order.ref, registrationLevel: level, details },
        },
      };
    },
    async cancel(order: EidOrder) {
      await client.cancel(order.ref);
    },
    qrContent(order: EidOrder) {
      return frejaQrContent(order.ref);
    },
    launch(order: EidOrder) {
      const link = frejaAppLink(order.ref);
      if (!options.launchBaseUrl) return { url: link, atOnce: false };
      const url = new URL(options.launchBaseUrl);
      url.searchParams.set('ref', link);
      return { url: url.toString(), atOnce: false };
    },
    offersSameDevice: (platform) => platform !== 'desktop',
    text(message, locale) {
      return (FREJA_MESSAGES[message as FrejaMessageKey] ?? FREJA_MESSAGES['freja.error'])[locale];
    },
    messageForError: messageKeyForFailure,
    pollMayRetry: resultMayRetry,
    isInternal(message: string) {
      return message === 'freja.error';
    },
  };
}
