// The process logger. Secrets and credentials are redacted by path wherever they appear.
import { pino, type Logger } from 'pino';

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
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'portvakt' } }, destination as pino.DestinationStream | undefined);
}
