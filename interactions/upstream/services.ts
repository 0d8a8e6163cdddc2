// What the upstream methods' screens share.
import type { InteractionServices } from '../context.ts';

/**
 * What an upstream method's screens use: the round trip's store, finishing the login (complete.ts)
 * and proving an existing account by its password first (prove-existing.ts).
 */
export type UpstreamMethodServices = Pick<
  InteractionServices,
  | 'acceptances'
  | 'accounts'
  | 'audit'
  | 'config'
  | 'csrfKey'
  | 'db'
  | 'eid'
  | 'eidOrders'
  | 'guessingAlerts'
  | 'logger'
  | 'methods'
  | 'passkeys'
  | 'passwords'
  | 'progress'
  | 'provider'
  | 'throttle'
  | 'upstream'
>;
