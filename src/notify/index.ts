// Sending one-time codes and links by e-mail and SMS: the two sender seams, their production
// implementations, configuration, templates and phone-number handling; and notifications to an
// account, delivered as its preference says, with the weekly summary of those that wait.
export type { EmailMessage, EmailSender, SendResult, SmsMessage, SmsSender } from './types.ts';
export { NotifyError, isNotifyError, NOTIFY_ERROR_CODES, type Channel, type NotifyErrorCode } from './errors.ts';
export { NOTIFY_MESSAGES, notifyMessage, type NotifyMessageKey } from './messages.ts';
export {
  emailConfigSchema,
  smsConfigSchema,
  smtpConfigSchema,
  twilioConfigSchema,
  type EmailConfig,
  type EmailConfigInput,
  type SmsConfig,
  type SmsConfigInput,
  type SmtpConfig,
  type TwilioConfig,
} from './config.ts';
export { SmtpEmailSender, type CheckResult } from './smtp.ts';
export { TwilioSmsSender } from './twilio.ts';
export {
  normalisePhoneNumber,
  maskPhoneNumber,
  PhoneNumberError,
  NORDIC_CALLING_CODES,
  type NordicCountry,
  type PhoneNumber,
  type PhoneNumberResult,
  type PhoneNumberErrorCode,
  type LineType,
} from './phone.ts';
export {
  oneTimeCodeEmail,
  passwordResetEmail,
  oneTimeCodeSms,
  renderEmail,
  ONE_TIME_CODE_EMAIL,
  ONE_TIME_CODE_SMS,
  type EmailTemplate,
  type OneTimeCodeValues,
  type RenderedEmail,
} from './templates.ts';
export { escapeHtml } from '../web/html.ts';
export {
  Notifications,
  type Delivery,
  type DropReason,
  type NewNotification,
  type NotificationDeps,
  type NotificationText,
} from './notifications.ts';
export {
  claimDueSummaries,
  runWeeklySummary,
  startWeeklySummaryJob,
  SUMMARY_AFTER_DAYS,
  type ClaimedSummary,
  type SummaryRun,
  type WeeklySummaryDeps,
} from './weekly-summary.ts';
