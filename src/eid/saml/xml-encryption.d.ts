// Types for the part of xml-encryption (saml2-js's own dependency) Portvakt calls: decryption.
declare module 'xml-encryption' {
  export interface DecryptOptions {
    key: string;
    disallowDecryptionWithInsecureAlgorithm?: boolean;
    warnInsecureAlgorithm?: boolean;
  }
  export function decrypt(
    xml: string,
    options: DecryptOptions,
    callback: (error: Error | null, result?: string) => void,
  ): void;
}
