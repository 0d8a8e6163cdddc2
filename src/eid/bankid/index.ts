// BankID Relying Party API v6.0: the client, its configuration, the animated QR code, the launch
// link and BankID's recommended user messages. The simulator lives in simulators/bankid/ and is
// deliberately not exported from here.
export { BankIdClient, deviceIdentifierFor, LIMITS, type BankIdClientOptions, type CallOptions } from './client.ts';
export {
  bankIdConfigSchema,
  loadBankIdCredentials,
  BANKID_PRODUCTION_URL,
  BANKID_TEST_URL,
  BANKID_APP_LAUNCH_URL,
  type BankIdConfig,
  type BankIdConfigInput,
  type BankIdCredentials,
} from './config.ts';
export {
  BankIdError,
  isBankIdError,
  collectMayRetry,
  BANKID_ERROR_CODES,
  type BankIdErrorCode,
  type BankIdApiErrorCode,
} from './errors.ts';
export { qrContent, currentQrContent, qrAuthCode, qrSeconds, parseQrContent } from './qr.ts';
export { autoStartUrl } from './launch.ts';
export {
  recommendedMessage,
  userMessage,
  rfaText,
  MESSAGES as BANKID_MESSAGES,
  RFA_IDS,
  type MessageId,
  type RfaId,
  type MessageContext,
  type UserMessage,
} from './messages.ts';
export * from './types.ts';
