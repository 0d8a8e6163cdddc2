// Password hashing with argon2id. Unknown users are verified against a dummy hash with the same
// parameters, so an attacker cannot tell "no such user" from "wrong password" by timing.
import argon2 from 'argon2';

export interface PasswordParameters {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

export class PasswordHasher {
  private dummyHash: Promise<string> | undefined;

  constructor(private readonly parameters: PasswordParameters) {}

  hash(password: string): Promise<string> {
    return argon2.hash(normalise(password), { type: argon2.argon2id, ...this.parameters });
  }

  /** Verifies against the stored hash, or burns the same time when there is none. */
  async verify(password: string, storedHash: string | undefined): Promise<boolean> {
    const hash = storedHash ?? (await this.dummy());
    try {
      const matches = await argon2.verify(hash, normalise(password));
      return matches && storedHash !== undefined;
    } catch {
      return false;
    }
  }

  /** True when a stored hash used weaker parameters than configured and should be rehashed. */
  needsRehash(storedHash: string): boolean {
    return argon2.needsRehash(storedHash, { ...this.parameters });
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hash(`dummy-${Math.random()}`);
    return this.dummyHash;
  }
}

// NIST SP 800-63B asks for Unicode normalisation so the same password typed on two keyboards matches.
function normalise(password: string): string {
  return password.normalize('NFKC');
}
