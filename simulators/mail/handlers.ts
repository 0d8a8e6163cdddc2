// What the demo mail server does at each step of an SMTP session: check a login, apply the
// scripted fault, refuse `.invalid` recipients, and file accepted messages in the outbox.
import type {
  SMTPServerAddress,
  SMTPServerAuthentication,
  SMTPServerAuthenticationResponse,
  SMTPServerDataStream,
  SMTPServerOptions,
  SMTPServerSession,
} from 'smtp-server';
import type { Outbox } from '../outbox/outbox.ts';
import { storeMessage } from './store.ts';

export type MailFault = 'none' | 'reject' | 'hang';

type Done = (error?: Error | null) => void;

export interface HandlerContext {
  auth: { user: string; pass: string } | undefined;
  outbox: Outbox;
  fault: () => MailFault;
  maxBytes: number;
}

function smtpFailure(responseCode: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode });
}

export function sessionHandlers(
  context: HandlerContext,
): Pick<SMTPServerOptions, 'onAuth' | 'onMailFrom' | 'onRcptTo' | 'onData'> {
  return {
    onAuth(
      auth: SMTPServerAuthentication,
      _session: SMTPServerSession,
      callback: (error: Error | null | undefined, response?: SMTPServerAuthenticationResponse) => void,
    ) {
      const expected = context.auth;
      if (expected && auth.username === expected.user && auth.password === expected.pass)
        return callback(null, { user: auth.username });
      callback(smtpFailure(535, 'Authentication credentials invalid'));
    },
    onMailFrom(_address: SMTPServerAddress, _session: SMTPServerSession, callback: Done) {
      if (context.fault() === 'hang') return; // never answered; the client's timeout ends it
      callback();
    },
    onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, callback: Done) {
      if (context.fault() === 'reject')
        return callback(smtpFailure(554, 'Delivery not authorised (simulated refusal)'));
      if (/\.invalid$/i.test(address.address)) return callback(smtpFailure(550, 'Mailbox unknown'));
      callback();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: Done) {
      if (context.fault() === 'reject') {
        stream.resume();
        stream.once('end', () => callback(smtpFailure(554, 'Message refused (simulated refusal)')));
        return;
      }
      storeMessage(stream, session, context.outbox, context.maxBytes).then(
        () => callback(),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    },
  };
}
