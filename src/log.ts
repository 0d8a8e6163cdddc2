// The process logger. Secrets and credentials are redacted by path wherever they appear.
import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type Logger } from 'pino';

/** The request being served, so every log line written while serving it names its id. */
export const requestScope = new AsyncLocalStorage<{ requestId: string }>();

const REDACT = [
  'password',
  '*.password',
  'client_secret',
  '*.client_secret',
  'secretKey',
  '*.secretKey',
  'initialAccessToken',
  '*.initialAccessToken',
  'req.headers.authorization',
  'req.headers.cookie',
  '*.authorization',
  '*.cookie',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT, censor: '[redacted]' },
      base: { service: 'portvakt' },
      mixin: () => {
        const scope = requestScope.getStore();
        return scope ? { reqId: scope.requestId } : {};
      },
    },
    destination as pino.DestinationStream | undefined,
  );
}
