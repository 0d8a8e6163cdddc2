// The second factors a policy can name, by kind. The policy's list decides which are offered and
// in what order; recovery codes are no kind of their own (they stand in for the authenticator).
import type { SecondFactorKind } from '../../../src/config/schema.ts';
import { emailFactor } from './email.ts';
import type { SecondFactor } from './factor.ts';
import { passkeyFactor } from './passkey.ts';
import { smsFactor } from './sms.ts';
import { totpFactor } from './totp.ts';

export const SECOND_FACTORS: Readonly<Record<SecondFactorKind, SecondFactor>> = {
  totp: totpFactor,
  sms: smsFactor,
  email: emailFactor,
  passkey: passkeyFactor,
};
