// Builds the Twilio SDK client. The SDK hard-codes https://api.twilio.com per API domain, and its
// edge/region options only rewrite that host name. Its one extension point for transport is the
// `httpClient` option, so pointing it at a simulator is a RequestClient that swaps the origin of
// every request URL and leaves path, auth, body and error handling to the SDK. With no
// `apiBaseUrl` the stock RequestClient is used unchanged.
//
// The SDK also reads the environment: TWILIO_REGION / TWILIO_EDGE when region/edge are not
// configured, TWILIO_CA_BUNDLE when caPem is not, and HTTP_PROXY (which bypasses caPem).
import twilio from 'twilio';
import type TwilioRequestClient from 'twilio/lib/base/RequestClient.js';
import type { TwilioConfig } from './config.ts';

type RequestClientOptions = TwilioRequestClient.RequestClientOptions;

export class OriginRewritingRequestClient extends twilio.RequestClient {
  readonly #origin: URL;

  constructor(origin: string, options: RequestClientOptions) {
    super(options);
    this.#origin = new URL(origin);
  }

  override request<TData>(options: TwilioRequestClient.RequestOptions<TData>) {
    const target = new URL(options.uri);
    target.protocol = this.#origin.protocol;
    target.hostname = this.#origin.hostname;
    target.port = this.#origin.port;
    return super.request<TData>({ ...options, uri: target.href });
  }
}

export function createTwilioClient(config: TwilioConfig): twilio.Twilio {
  const transport: RequestClientOptions = {
    timeout: config.timeoutMs,
    // A 429 is reported to the caller, who offers another way, instead of silently delaying a login.
    autoRetry: false,
    ...(config.caPem ? { ca: config.caPem } : {}),
  };
  const httpClient =
    config.apiBaseUrl === undefined
      ? new twilio.RequestClient(transport)
      : new OriginRewritingRequestClient(config.apiBaseUrl, transport);
  addDeadline(httpClient, config.timeoutMs);
  return twilio(config.accountSid, config.authToken, {
    httpClient,
    ...(config.region ? { region: config.region } : {}),
    ...(config.edge ? { edge: config.edge } : {}),
  });
}

/**
 * The RequestClient's `timeout` is a socket idle timeout: an API that answers a byte at a time
 * never trips it and holds the person's login open. Each request also ends at this deadline,
 * counted from its start; axios reports the abort as ERR_CANCELED (see twilio-errors.ts).
 */
function addDeadline(client: twilio.RequestClient, timeoutMs: number): void {
  client.axios.interceptors.request.use((request) => {
    request.signal = AbortSignal.timeout(timeoutMs);
    return request;
  });
}
