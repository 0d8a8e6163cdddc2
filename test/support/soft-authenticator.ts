// A WebAuthn authenticator in software, for tests over plain HTTP: real P-256 keys, real CBOR
// attestation objects ("none" attestation) and real ECDSA assertions, built as the WebAuthn Level 3
// specification lays them out. It can also do what an attacker's or a broken device would: answer
// for another origin or rpId, without user verification, or with a counter that goes backwards.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';

export interface SoftCredential {
  id: string;
  rpId: string;
  privateKey: KeyObject;
  userHandle: string;
  counter: number;
}

export interface AnswerOptions {
  origin: string;
  /** The rpId whose hash goes into the authenticator data; the credential's own by default. */
  rpId?: string | undefined;
  userVerified?: boolean;
  /** The counter to report; the credential's next one by default. */
  counter?: number;
  /** A synced passkey (backup eligible and backed up). */
  synced?: boolean;
}

const b64 = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

function flags(options: { userVerified: boolean; attested: boolean; synced: boolean }): number {
  // UP, UV, BE and BS, AT (WebAuthn §6.1).
  return 0x01 | (options.userVerified ? 0x04 : 0) | (options.synced ? 0x08 | 0x10 : 0) | (options.attested ? 0x40 : 0);
}

function counterBytes(counter: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(counter);
  return buffer;
}

function clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string, origin: string): Buffer {
  return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
}

/** Answers `navigator.credentials.create()` with the options the server sent. */
export function createCredential(
  options: { challenge: string; rp: { id?: string }; user: { id: string } },
  answer: AnswerOptions,
): { credential: SoftCredential; response: Record<string, unknown> } {
  const rpId = answer.rpId ?? options.rp.id!;
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const cose = new Map<number, number | Uint8Array>([
    [1, 2], // kty: EC2
    [3, -7], // alg: ES256
    [-1, 1], // crv: P-256
    [-2, Buffer.from(jwk.x!, 'base64url')],
    [-3, Buffer.from(jwk.y!, 'base64url')],
  ]);
  const id = randomBytes(32);
  const idLength = Buffer.alloc(2);
  idLength.writeUInt16BE(id.length);
  const counter = answer.counter ?? 0;
  const authData = Buffer.concat([
    sha256(rpId),
    Buffer.from([flags({ userVerified: answer.userVerified ?? true, attested: true, synced: answer.synced ?? false })]),
    counterBytes(counter),
    Buffer.alloc(16), // AAGUID: none
    idLength,
    id,
    Buffer.from(isoCBOR.encode(cose as never)),
  ]);
  const attestationObject = isoCBOR.encode(
    new Map<string, unknown>([
      ['fmt', 'none'],
      ['attStmt', new Map()],
      ['authData', authData],
    ]) as never,
  );
  const credential: SoftCredential = { id: b64(id), rpId, privateKey, userHandle: options.user.id, counter };
  return {
    credential,
    response: {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key',
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64(clientData('webauthn.create', options.challenge, answer.origin)),
        attestationObject: b64(attestationObject),
        transports: ['internal'],
      },
    },
  };
}

/** Answers `navigator.credentials.get()`: signs authenticator data and the client data's hash. */
export function assert(
  credential: SoftCredential,
  options: { challenge: string },
  answer: AnswerOptions,
): Record<string, unknown> {
  const counter = answer.counter ?? credential.counter + 1;
  credential.counter = Math.max(credential.counter, counter);
  const authData = Buffer.concat([
    sha256(answer.rpId ?? credential.rpId),
    Buffer.from([
      flags({ userVerified: answer.userVerified ?? true, attested: false, synced: answer.synced ?? false }),
    ]),
    counterBytes(counter),
  ]);
  const data = clientData('webauthn.get', options.challenge, answer.origin);
  const signature = sign('sha256', Buffer.concat([authData, sha256(data)]), credential.privateKey);
  return {
    id: credential.id,
    rawId: credential.id,
    type: 'public-key',
    clientExtensionResults: {},
    response: {
      clientDataJSON: b64(data),
      authenticatorData: b64(authData),
      signature: b64(signature),
      userHandle: credential.userHandle,
    },
  };
}
