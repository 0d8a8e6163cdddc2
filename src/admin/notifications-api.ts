// POST /admin/v1/accounts/:id/notifications: an integrator's service sends a news item or a
// reminder to one account. The person's preference decides whether it is e-mailed now, kept for
// the weekly summary or dropped; the 202 says which. The texts land in e-mails sent in Portvakt's
// name, so they are plain text of bounded length, without markup or invisible control characters.
import type Router from '@koa/router';
import { z } from 'zod';
import { SWITCHABLE_KINDS } from '../notify/lifecycle-emails.ts';
import type { Notifications } from '../notify/notifications.ts';
import type { AdminState } from './auth.ts';

const MAX_SUBJECT = 150;
const MAX_TEXT = 4000;

/** C0/C1 controls and the bidirectional overrides that make a text read other than it is. */
const LINE_CONTROLS = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
/** The same, but a text may have line breaks (paragraphs are a blank line apart) and tabs. */
const TEXT_CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const MARKUP = /<\/?[a-z!?][^>]*>/i;

function plainText(max: number, multiline: boolean) {
  return z
    .string()
    .transform((value) => value.replace(/\r\n?/g, '\n').normalize('NFC').trim())
    .pipe(
      z
        .string()
        .min(1, 'must not be empty')
        .max(max, `use at most ${max} characters`)
        .refine(
          (value) => !(multiline ? TEXT_CONTROLS : LINE_CONTROLS).test(value),
          multiline
            ? 'control characters other than line breaks and tabs are not allowed'
            : 'must be one line without control characters',
        )
        .refine((value) => !MARKUP.test(value), 'must be plain text, without HTML tags'),
    );
}

function sameOrPerLanguage(text: ReturnType<typeof plainText>) {
  return z.union([text, z.strictObject({ sv: text, nb: text, en: text })], {
    error: 'expected a text, or an object with a text for each of sv, nb and en',
  });
}

const newNotification = z.strictObject({
  kind: z.enum(SWITCHABLE_KINDS),
  subject: sameOrPerLanguage(plainText(MAX_SUBJECT, false)),
  text: sameOrPerLanguage(plainText(MAX_TEXT, true)),
});

const idParam = z.uuid();

export function mountNotificationsApi(router: Router, notifications: Notifications): void {
  router.post('/accounts/:id/notifications', async (ctx) => {
    const accountId = idParam.parse(ctx.params.id);
    const input = newNotification.parse((ctx.request as { body?: unknown }).body ?? {});
    const delivery = await notifications.deliver(accountId, input, (ctx.state as AdminState).adminClient);
    ctx.status = 202;
    ctx.body = { ...delivery, account_id: accountId, kind: input.kind };
  });
}
