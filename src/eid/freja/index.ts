// The Freja eID+ client's public surface, for the login method and the configuration.
export { FrejaClient, type FrejaClientOptions } from './client.ts';
export { frejaConfigSchema, type FrejaConfig, type FrejaConfigInput } from './config.ts';
export { FrejaError, isFrejaError, resultMayRetry, type FrejaErrorCode } from './errors.ts';
export { frejaAppLink, frejaQrContent, authRefFromAppLink } from './links.ts';
export {
  FREJA_MESSAGES,
  messageKeyForStatus,
  messageKeyForError,
  messageKeyForFailure,
  type FrejaMessageKey,
  type StatusContext,
} from './messages.ts';
export type { InitAuthenticationRequest } from './request.ts';
export * from './types.ts';
