import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';

export interface TwilioHttpClientOptions {
  /** A Twilio-compatible server (a contract mock) to send every request to instead of *.twilio.com. */
  apiBaseUrl?: string;
  /** Per-request timeout, in milliseconds. */
  timeoutMs: number;
  /** Headers added to every request (a contract mock's `Prefer`, say). Read at request time. */
  extraHeaders?: Record<string, string>;
}

/**
 * The Twilio SDK's own HTTP client, handed to it through its `httpClient` option, with two additions:
 * requests can be pointed at another host, and carry extra headers.
 *
 * Retries: only HTTP 429, which Twilio documents as "request not processed, retry with backoff"; the
 * SDK does that itself (`autoRetry`). A 5xx or a timeout on a purchase is never retried: the number
 * may have been bought.
 */
export class TwilioHttpClient extends twilio.RequestClient {
  readonly extraHeaders: Record<string, string>;
  private readonly apiBaseUrl: string | undefined;

  constructor(options: TwilioHttpClientOptions) {
    super({ timeout: options.timeoutMs, autoRetry: true, maxRetries: 2, maxRetryDelay: 1000 });
    this.apiBaseUrl = options.apiBaseUrl?.replace(/\/+$/, '');
    this.extraHeaders = options.extraHeaders ?? {};
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    return super.request({
      ...opts,
      uri: this.apiBaseUrl ? this.rewrite(opts.uri) : opts.uri,
      headers: { ...opts.headers, ...this.extraHeaders },
    });
  }

  private rewrite(uri: string): string {
    const url = new URL(uri);
    return `${this.apiBaseUrl}${url.pathname}${url.search}`;
  }
}
