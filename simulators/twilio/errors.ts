// The Twilio error answers the simulator gives, in Twilio's REST error shape
// `{code, message, more_info, status}` with the codes of https://www.twilio.com/docs/api/errors.

export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export class TwilioApiError extends Error {
  readonly status: number;
  readonly code: number;

  constructor(status: number, code: number, message: string) {
    super(message);
    this.name = 'TwilioApiError';
    this.status = status;
    this.code = code;
  }

  toBody(): TwilioErrorBody {
    return {
      code: this.code,
      message: this.message,
      more_info: `https://www.twilio.com/docs/errors/${this.code}`,
      status: this.status,
    };
  }
}

export const twilioErrors = {
  authenticate: () => new TwilioApiError(401, 20003, 'Authenticate'),
  notFound: (path: string) => new TwilioApiError(404, 20404, `The requested resource ${path} was not found`),
  methodNotAllowed: () => new TwilioApiError(405, 20004, 'Method not allowed'),
  tooManyRequests: () => new TwilioApiError(429, 20429, 'Too Many Requests'),
  internal: () => new TwilioApiError(500, 20500, 'Internal Server Error'),
  toMissing: () => new TwilioApiError(400, 21604, "A 'To' phone number is required."),
  toInvalid: (to: string) => new TwilioApiError(400, 21211, `Invalid 'To' Phone Number: ${to}`),
  toNotMobile: (to: string) => new TwilioApiError(400, 21614, `'To' number ${to} is not a valid mobile number`),
  fromMissing: () => new TwilioApiError(400, 21603, "A 'From' phone number is required."),
  fromInvalid: (from: string) => new TwilioApiError(400, 21212, `Invalid From Number (caller ID): ${from}`),
  fromNotOwned: (from: string) =>
    new TwilioApiError(
      400,
      21606,
      `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`,
    ),
  messagingServiceInvalid: (sid: string) =>
    new TwilioApiError(400, 21701, `The Messaging Service Sid ${sid} is invalid.`),
  bodyMissing: () => new TwilioApiError(400, 21602, 'Message body is required.'),
  bodyTooLong: () => new TwilioApiError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.'),
};
