// BankID behind the shared eID screens. Collect is asked at most every 2 s per order (BankID's
// guidance); messages follow BankID's recommended user messages (RFA).
import type { EidOrder } from '../../adapters/eid-orders.ts';
import {
  autoStartUrl,
  collectMayRetry,
  currentQrContent,
  deviceIdentifierFor,
  recommendedMessage,
  rfaText,
  type BankIdClient,
  type MessageId,
} from '../../src/eid/bankid/index.ts';
import { ACR } from '../../src/provider/vocabulary.ts';
import type { EidDriver, EidPoll, EidStartInput, EidStarted } from './driver.ts';

/** BankID keeps an order for about three minutes; a little more covers clock skew. */
const ORDER_LIFETIME_SECONDS = 200;

export function bankIdDriver(
  client: BankIdClient,
  options: { launchBaseUrl: string; desktopLaunchBaseUrl: string },
): EidDriver {
  return {
    id: 'bankid',
    pollIntervalMs: 2000,
    bindsReturn: true,
    async start(input: EidStartInput): Promise<EidStarted> {
      const order = await client.auth({
        endUserIp: input.ip,
        returnUrl: input.flow === 'sameDevice' ? input.returnUrl : undefined,
        // BankID's own assessment of the order (low, moderate, high), kept with the evidence.
        returnRisk: true,
        web: {
          referringDomain: input.referringDomain,
          userAgent: input.userAgent || 'unknown',
          // Hashed, so BankID never sees the cookie's own value.
          deviceIdentifier: deviceIdentifierFor(input.deviceId),
        },
        ...(input.userMessage
          ? {
              userVisibleData: input.userMessage.text,
              ...(input.userMessage.markdown ? { userVisibleDataFormat: 'simpleMarkdownV1' as const } : {}),
            }
          : {}),
      });
      return {
        ref: order.orderRef,
        secret: `${order.qrStartToken}.${order.qrStartSecret}`,
        launchToken: order.autoStartToken,
        lifetimeSeconds: ORDER_LIFETIME_SECONDS,
      };
    },
    async poll(order: EidOrder): Promise<EidPoll> {
      const result = await client.collect(order.ref);
      const flow = order.flow;
      if (result.status === 'pending')
        return {
          state: 'pending',
          message: recommendedMessage(result, { flow })!,
          // Any hint but these means an app has the order: BankID then stops showing the QR code.
          seenOnDevice: result.hintCode !== 'outstandingTransaction' && result.hintCode !== 'noClient',
        };
      if (result.status === 'failed') return { state: 'failed', message: recommendedMessage(result, { flow })! };
      const { user, device, bankIdIssueDate, signature, ocspResponse, stepUp, risk } = result.completionData;
      return {
        state: 'complete',
        message: 'RFA9',
        completion: {
          person: { personalNumber: user.personalNumber, givenName: user.givenName, familyName: user.surname },
          acr: ACR.loa3,
          // RFC 8176: a key held in software on the person's device, unlocked with a PIN or biometrics.
          amr: ['swk', 'mfa'],
          evidence: {
            provider: 'bankid',
            orderRef: order.ref,
            personalNumber: user.personalNumber,
            device,
            bankIdIssueDate,
            stepUp,
            risk,
            signature,
            ocspResponse,
          },
        },
      };
    },
    async cancel(order: EidOrder): Promise<void> {
      await client.cancel(order.ref);
    },
    qrContent(order: EidOrder, at: number): string {
      // The animation counts seconds from when the order was started.
      const [qrStartToken = '', qrStartSecret = ''] = (order.secret ?? '').split('.');
      return currentQrContent({ qrStartToken, qrStartSecret, receivedAt: order.startedAt }, at);
    },
    launch(order, platform) {
      // On a computer the app's own scheme is opened at once; a phone's browser needs the person's
      // tap on the universal link (Android Chrome refuses a start without one).
      const atOnce = platform === 'desktop';
      const base = atOnce ? options.desktopLaunchBaseUrl : options.launchBaseUrl;
      return { url: autoStartUrl(order.launchToken ?? '', { base }), atOnce };
    },
    offersSameDevice: () => true,
    beforeLaunch(message) {
      // RFA13 says the app is being started; until the person taps, RFA1 asks them to start it.
      return message === 'RFA13' ? 'RFA1' : message;
    },
    text(message, locale) {
      return rfaText(message as MessageId, locale);
    },
    messageForError(error: unknown): string {
      return recommendedMessage({ error }, { flow: 'qr' }) ?? 'internal';
    },
    isInternal(message: string): boolean {
      return message === 'internal';
    },
    pollMayRetry: collectMayRetry,
  };
}
