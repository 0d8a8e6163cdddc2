// Decrypts an EncryptedAssertion with Portvakt's service provider keys (the encryption key, and
// any earlier one kept during a rollover). RSA PKCS#1 v1.5 and 3DES are refused.
import { decrypt } from 'xml-encryption';
import { SamlError } from './errors.ts';

export async function decryptAssertion(encryptedAssertionXml: string, keysPem: readonly string[]): Promise<string> {
  const failures: string[] = [];
  for (const key of keysPem) {
    try {
      return await decryptWith(encryptedAssertionXml, key);
    } catch (error) {
      failures.push((error as Error).message);
    }
  }
  throw new SamlError('decryption', 'The assertion could not be decrypted with this service provider’s keys.', {
    detail: { failures },
  });
}

function decryptWith(xml: string, key: string): Promise<string> {
  return new Promise((resolve, reject) => {
    decrypt(
      xml,
      { key, disallowDecryptionWithInsecureAlgorithm: true, warnInsecureAlgorithm: false },
      (error, result) => {
        if (error || typeof result !== 'string') reject(error ?? new Error('no plaintext'));
        else resolve(result);
      },
    );
  });
}
