// A client of Freja eID's authentication service (REST v1.0): start an authentication, poll its
// one result, cancel it. Every answer is checked; an APPROVED one only counts once its signed
// details verify against Freja's configured signing certificates.
import { readFile } from 'node:fs/promises';
import { createSecureContext } from 'node:tls';
import { z } from 'zod';
import { PortvaktError } from '../../../kernel/errors.ts';
import type { FrejaConfig } from './config.ts';
import { buildInitAuthRequest, type InitAuthenticationRequest } from './request.ts';
import { interpretResult, resultAnswerSchema } from './result.ts';
import { SigningKeys } from './signing-keys.ts';
import { FrejaTransport } from './transport.ts';
import type { FrejaAttribute, FrejaOutcome, RegistrationLevel } from './types.ts';
import { encodeBody, ENDPOINT, expectShape, readAnswer, type Operation } from './wire.ts';

export interface FrejaClientOptions {
  baseUrl: string;
  pfx: Buffer;
  passphrase: string;
  serverCaPem: string;
  signingCertificatesPem: readonly string[];
  minRegistrationLevel?: RegistrationLevel;
  attributesToReturn?: readonly FrejaAttribute[];
  requestTimeoutMs?: number;
  relyingPartyId?: string;
  /** The clock used to judge the signing certificates' validity. */
  now?: () => number;
}

const initAnswerSchema = z.object({ authRef: z.string().min(1) });

export class FrejaClient {
  readonly #transport: FrejaTransport;
  readonly #keys: SigningKeys;
  readonly #now: () => number;
  readonly #relyingPartyId: string | undefined;
  readonly minRegistrationLevel: RegistrationLevel;
  readonly attributesToReturn: readonly FrejaAttribute[];

  constructor(options: FrejaClientOptions) {
    this.#transport = new FrejaTransport({
      baseUrl: options.baseUrl,
      pfx: options.pfx,
      passphrase: options.passphrase,
      caPem: options.serverCaPem,
      timeoutMs: options.requestTimeoutMs ?? 10_000,
    });
    this.#keys = SigningKeys.fromPem(options.signingCertificatesPem);
    this.#now = options.now ?? Date.now;
    this.#relyingPartyId = options.relyingPartyId;
    this.minRegistrationLevel = options.minRegistrationLevel ?? 'PLUS';
    this.attributesToReturn = options.attributesToReturn ?? [
      'BASIC_USER_INFO',
      'SSN',
      'EMAIL_ADDRESS',
      'DATE_OF_BIRTH',
      'REGISTRATION_LEVEL',
    ];
  }

  /** Reads the client certificate named by the configuration and refuses to start if it cannot be opened. */
  static async fromConfig(config: FrejaConfig, options: { now?: () => number } = {}): Promise<FrejaClient> {
    const { pfxPath, pfxBase64, passphrase } = config.clientCertificate;
    const pfx = pfxPath !== undefined ? await readPfx(pfxPath) : Buffer.from(pfxBase64 ?? '', 'base64');
    try {
      createSecureContext({ pfx, passphrase });
    } catch (cause) {
      throw new PortvaktError(
        'config_invalid',
        'freja.clientCertificate: the PKCS#12 bundle cannot be opened with this passphrase',
        { cause },
      );
    }
    return new FrejaClient({
      baseUrl: config.baseUrl,
      pfx,
      passphrase,
      serverCaPem: config.serverCaPem,
      signingCertificatesPem: config.signingCertificatesPem,
      minRegistrationLevel: config.minRegistrationLevel,
      attributesToReturn: config.attributesToReturn,
      requestTimeoutMs: config.timeouts.requestMs,
      ...(config.relyingPartyId === undefined ? {} : { relyingPartyId: config.relyingPartyId }),
      ...(options.now === undefined ? {} : { now: options.now }),
    });
  }

  async initAuthentication(request: InitAuthenticationRequest): Promise<{ authRef: string }> {
    const json = buildInitAuthRequest(request, {
      minRegistrationLevel: this.minRegistrationLevel,
      attributesToReturn: this.attributesToReturn,
    });
    const answer = await this.#call('initAuthentication', json);
    return { authRef: expectShape('initAuthentication', initAnswerSchema, answer).authRef };
  }

  /**
   * One poll. `minRegistrationLevel` is the level the authentication was started with, when it
   * was not the configured one; an approval signed for less is refused.
   */
  async getOneResult(
    authRef: string,
    expect: { minRegistrationLevel?: RegistrationLevel } = {},
  ): Promise<FrejaOutcome> {
    const answer = expectShape('getOneResult', resultAnswerSchema, await this.#call('getOneResult', { authRef }));
    return interpretResult(authRef, answer, {
      keys: this.#keys,
      now: this.#now(),
      minRegistrationLevel: expect.minRegistrationLevel ?? this.minRegistrationLevel,
    });
  }

  async cancel(authRef: string): Promise<void> {
    await this.#call('cancel', { authRef });
  }

  close(): void {
    this.#transport.close();
  }

  async #call(operation: Operation, payload: unknown): Promise<unknown> {
    const raw = await this.#transport.post(ENDPOINT[operation], encodeBody(operation, payload, this.#relyingPartyId));
    return readAnswer(operation, raw.status, raw.body);
  }
}

async function readPfx(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (cause) {
    throw new PortvaktError('config_invalid', `freja.clientCertificate.pfxPath: cannot read ${path}`, { cause });
  }
}
