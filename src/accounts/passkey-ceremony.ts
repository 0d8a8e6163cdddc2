// The two WebAuthn ceremonies, registration and authentication, verified by @simplewebauthn/server
// against Portvakt's own relying party: the issuer's host as rpId, its origin as the only origin.
// User verification is always required, challenges come from WebAuthnChallenges (single-use,
// bound), and a counter that fails to move forward marks a cloned authenticator. Outcomes are
// values: a refusal names its reason for the audit, and the person sees one calm message.
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { decodeClientDataJSON, isoBase64URL } from '@simplewebauthn/server/helpers';
import type { Amr } from '../provider/vocabulary.ts';
import { CHALLENGE_SECONDS, type ChallengeBinding, type WebAuthnChallenges } from '../security/webauthn-challenges.ts';
import { cleanPasskeyName, MAX_PASSKEYS, type NewPasskey, type Passkey, type Passkeys } from './passkeys.ts';
import type { Account } from './types.ts';

export interface RelyingPartyIdentity {
  rpId: string;
  origin: string;
  rpName: string;
}

export function relyingPartyOf(issuer: string, rpName?: string): RelyingPartyIdentity {
  const url = new URL(issuer);
  return { rpId: url.hostname, origin: url.origin, rpName: rpName ?? url.hostname };
}

export type PasskeyRefusal =
  | 'malformed'
  | 'no_challenge'
  | 'wrong_type'
  | 'origin'
  | 'unknown_credential'
  | 'wrong_account'
  | 'user_verification'
  | 'cloned'
  | 'invalid'
  | 'already_registered'
  | 'too_many';

export type PasskeyLogin =
  | { kind: 'verified'; passkey: Passkey; amr: Amr[] }
  | { kind: 'refused'; reason: PasskeyRefusal; accountId?: string | undefined };
export type PasskeyRegistration =
  { kind: 'registered'; passkey: NewPasskey } | { kind: 'refused'; reason: PasskeyRefusal };

export interface PasskeyHolder {
  accountId: string;
  /** What the person's passkey manager shows: a login name or address. */
  userName: string;
  displayName: string;
}

/** How the account appears in the person's passkey manager: the login name they know, and their name. */
export function holderOf(
  account: Pick<Account, 'id' | 'email' | 'givenName' | 'familyName' | 'identities'>,
): PasskeyHolder {
  const userName =
    account.identities.find((identity) => identity.type === 'username')?.value ?? account.email ?? account.id;
  const displayName = [account.givenName, account.familyName].filter(Boolean).join(' ') || userName;
  return { accountId: account.id, userName, displayName };
}

export class PasskeyCeremony {
  constructor(
    private readonly rp: RelyingPartyIdentity,
    private readonly passkeys: Passkeys,
    private readonly challenges: WebAuthnChallenges,
  ) {}

  /** Options to create a discoverable passkey for the holder, none of their passkeys again. */
  async registrationOptions(
    binding: ChallengeBinding,
    holder: PasskeyHolder,
  ): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const existing = await this.passkeys.list(holder.accountId);
    const options = await generateRegistrationOptions({
      rpName: this.rp.rpName,
      rpID: this.rp.rpId,
      userID: userHandleOf(holder.accountId),
      userName: holder.userName,
      userDisplayName: holder.displayName,
      timeout: CHALLENGE_SECONDS * 1000,
      attestationType: 'none',
      excludeCredentials: existing.map((passkey) => ({
        id: passkey.credentialId,
        transports: passkey.transports as AuthenticatorTransport[],
      })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      // EdDSA, ES256 and RS256: what authenticators in use offer, strongest first.
      supportedAlgorithmIDs: [-8, -7, -257],
    });
    await this.challenges.put(binding, options.challenge);
    return options;
  }

  /** Verifies a new passkey for the holder; the caller stores it (alone, or with a new account). */
  async verifyRegistration(
    binding: ChallengeBinding,
    accountId: string,
    answer: unknown,
    name: string,
  ): Promise<PasskeyRegistration> {
    const response = registrationResponse(answer);
    const challenge = await this.challenges.take(binding);
    if (!response) return { kind: 'refused', reason: 'malformed' };
    if (!challenge) return { kind: 'refused', reason: 'no_challenge' };
    const clientData = clientDataOf(response.response.clientDataJSON);
    if (!clientData) return { kind: 'refused', reason: 'malformed' };
    if (clientData.type !== 'webauthn.create') return { kind: 'refused', reason: 'wrong_type' };
    if (clientData.origin !== this.rp.origin) return { kind: 'refused', reason: 'origin' };
    if ((await this.passkeys.count(accountId)) >= MAX_PASSKEYS) return { kind: 'refused', reason: 'too_many' };
    let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
    try {
      verification = await verifyRegistrationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: this.rp.origin,
        expectedRPID: this.rp.rpId,
        requireUserVerification: true,
      });
    } catch {
      return { kind: 'refused', reason: 'invalid' };
    }
    const info = verification.registrationInfo;
    if (!verification.verified || !info) return { kind: 'refused', reason: 'invalid' };
    if (!info.userVerified) return { kind: 'refused', reason: 'user_verification' };
    if (await this.passkeys.find(info.credential.id)) return { kind: 'refused', reason: 'already_registered' };
    return {
      kind: 'registered',
      passkey: {
        credentialId: info.credential.id,
        accountId,
        publicKey: info.credential.publicKey,
        counter: info.credential.counter,
        transports: (response.response.transports ?? [])
          .filter((transport) => typeof transport === 'string')
          .slice(0, 8),
        aaguid: info.aaguid,
        deviceType: info.credentialDeviceType,
        backedUp: info.credentialBackedUp,
        name: cleanPasskeyName(name),
      },
    };
  }

  /** Options to log in with any of this site's passkeys (the browser offers them), or, for a second factor, the account's. */
  async authenticationOptions(
    binding: ChallengeBinding,
    accountId?: string,
  ): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const allowed = accountId ? await this.passkeys.list(accountId) : [];
    const options = await generateAuthenticationOptions({
      rpID: this.rp.rpId,
      userVerification: 'required',
      timeout: CHALLENGE_SECONDS * 1000,
      allowCredentials: allowed.map((passkey) => ({
        id: passkey.credentialId,
        transports: passkey.transports as AuthenticatorTransport[],
      })),
    });
    await this.challenges.put(binding, options.challenge);
    return options;
  }

  /**
   * Verifies a login with a passkey. With `accountId` (a second factor) the passkey must be that
   * account's; without it, the passkey names the account. Its use is recorded before it counts.
   */
  async verifyAuthentication(binding: ChallengeBinding, answer: unknown, accountId?: string): Promise<PasskeyLogin> {
    const response = authenticationResponse(answer);
    const challenge = await this.challenges.take(binding);
    if (!response) return { kind: 'refused', reason: 'malformed' };
    if (!challenge) return { kind: 'refused', reason: 'no_challenge' };
    const clientData = clientDataOf(response.response.clientDataJSON);
    if (!clientData) return { kind: 'refused', reason: 'malformed' };
    if (clientData.type !== 'webauthn.get') return { kind: 'refused', reason: 'wrong_type' };
    if (clientData.origin !== this.rp.origin) return { kind: 'refused', reason: 'origin' };
    const passkey = await this.passkeys.find(response.id);
    if (!passkey) return { kind: 'refused', reason: 'unknown_credential' };
    const owner = passkey.accountId;
    const handle = response.response.userHandle;
    if ((accountId && owner !== accountId) || (handle && handle !== isoBase64URL.fromBuffer(userHandleOf(owner))))
      return { kind: 'refused', reason: 'wrong_account', accountId: owner };
    let verification: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
    try {
      verification = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: this.rp.origin,
        expectedRPID: this.rp.rpId,
        // The counter is judged below, once the signature shows the answer came from the key.
        credential: {
          id: passkey.credentialId,
          publicKey: passkey.publicKey,
          counter: 0,
          transports: passkey.transports as AuthenticatorTransport[],
        },
        requireUserVerification: true,
      });
    } catch (error) {
      return {
        kind: 'refused',
        reason: /user verification/i.test((error as Error).message) ? 'user_verification' : 'invalid',
        accountId: owner,
      };
    }
    if (!verification.verified || !verification.authenticationInfo.userVerified)
      return { kind: 'refused', reason: 'user_verification', accountId: owner };
    // An authenticator that counts must count up; one that never counts reports 0 each time.
    const counter = verification.authenticationInfo.newCounter;
    if ((passkey.counter > 0 || counter > 0) && counter <= passkey.counter)
      return { kind: 'refused', reason: 'cloned', accountId: owner };
    // Two answers racing with one counter value: only one is recorded, the other is refused.
    if (!(await this.passkeys.recordUse(passkey.credentialId, passkey.counter, counter)))
      return { kind: 'refused', reason: 'cloned', accountId: owner };
    return { kind: 'verified', passkey, amr: passkeyAmr(passkey) };
  }
}

/**
 * RFC 8176: `hwk` for a key that stays in its device, `swk` for a synced one; `user` and `mfa`
 * because user verification (a PIN or biometric) was required on top of possession; and `phr`,
 * since the origin check makes the answer useless to a phishing site.
 */
export function passkeyAmr(passkey: Pick<Passkey, 'deviceType'>): Amr[] {
  return [passkey.deviceType === 'singleDevice' ? 'hwk' : 'swk', 'user', 'mfa', 'phr'];
}

/** The WebAuthn user handle: the account id's bytes, opaque to anyone but Portvakt. */
function userHandleOf(accountId: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(accountId);
}

function clientDataOf(encoded: string): { type: string; origin: string } | undefined {
  try {
    const data = decodeClientDataJSON(encoded);
    return typeof data.type === 'string' && typeof data.origin === 'string' ? data : undefined;
  } catch {
    return undefined;
  }
}

const isString = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= 16_384;

/** The browser's answer, as JSON text or an object, checked for the fields the ceremony reads. */
function parsed(answer: unknown): Record<string, unknown> | undefined {
  if (typeof answer === 'string') {
    if (answer.length > 65_536) return undefined;
    try {
      return parsed(JSON.parse(answer));
    } catch {
      return undefined;
    }
  }
  return answer && typeof answer === 'object' && !Array.isArray(answer)
    ? (answer as Record<string, unknown>)
    : undefined;
}

function authenticationResponse(answer: unknown): AuthenticationResponseJSON | undefined {
  const value = parsed(answer);
  const response = value?.response as Record<string, unknown> | undefined;
  if (!value || value.type !== 'public-key' || !isString(value.id) || value.rawId !== value.id || !response)
    return undefined;
  if (!isString(response.clientDataJSON) || !isString(response.authenticatorData) || !isString(response.signature))
    return undefined;
  if (response.userHandle !== undefined && response.userHandle !== null && typeof response.userHandle !== 'string')
    return undefined;
  return {
    id: value.id,
    rawId: value.id,
    type: 'public-key',
    clientExtensionResults: {},
    response: {
      clientDataJSON: response.clientDataJSON,
      authenticatorData: response.authenticatorData,
      signature: response.signature,
      ...(response.userHandle ? { userHandle: response.userHandle as string } : {}),
    },
  };
}

function registrationResponse(answer: unknown): RegistrationResponseJSON | undefined {
  const value = parsed(answer);
  const response = value?.response as Record<string, unknown> | undefined;
  if (!value || value.type !== 'public-key' || !isString(value.id) || value.rawId !== value.id || !response)
    return undefined;
  if (!isString(response.clientDataJSON) || !isString(response.attestationObject)) return undefined;
  const transports = Array.isArray(response.transports)
    ? (response.transports.filter((transport) => typeof transport === 'string') as AuthenticatorTransport[])
    : [];
  return {
    id: value.id,
    rawId: value.id,
    type: 'public-key',
    clientExtensionResults: {},
    response: { clientDataJSON: response.clientDataJSON, attestationObject: response.attestationObject, transports },
  };
}
