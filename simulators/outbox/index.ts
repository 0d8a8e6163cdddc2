// ############################################################################################
// ##  DEMO OUTBOX: FOR DEVELOPMENT, DEMOS AND TESTS ONLY. It shows one-time codes to anyone  ##
// ##  who can reach it; never expose it beyond loopback or use it in production.            ##
// ############################################################################################
export {
  Outbox,
  normaliseRecipient,
  type NewOutboxEntry,
  type OutboxEntry,
  type OutboxFilter,
  type OutboxKind,
} from './outbox.ts';
export { startOutboxPage, type OutboxEntryJson, type OutboxPage, type OutboxPageOptions } from './server.ts';
