// Bounded HTTP for the harvester, whatever a remote source does: a timeout per request (headers and
// body), a reply-size limit enforced while streaming (the request is aborted past it, never buffered
// whole), redirects refused unless to the source's own host or a host the source allows, retries with
// exponential back-off on timeouts, network failures and 503 (honouring Retry-After, capped).
// The OAI-PMH client and the sitemap reader both fetch through it.
import { OaiError } from './harvest-errors.js';

export interface BoundedHttpOptions {
  /** Per request, headers and body together. */
  timeoutMs?: number;
  /** Largest reply read; past it the request is aborted. */
  maxBytes?: number;
  /** Further attempts after a timeout, a network failure or a 503. */
  retries?: number;
  /** First back-off; doubled at each retry. */
  backoffMs?: number;
  /** Longest wait a Retry-After may impose. */
  maxRetryAfterMs?: number;
  /** Hosts a redirect may lead to besides the source's own. */
  allowedRedirectHosts?: readonly string[];
}

export const httpDefaults = {
  timeoutMs: 60_000,
  maxBytes: 50_000_000,
  retries: 4,
  backoffMs: 1_000,
  maxRetryAfterMs: 120_000,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class BoundedHttp {
  readonly options: typeof httpDefaults & { allowedRedirectHosts: readonly string[] };

  /** `home` is the source's address: redirects may stay on its host (or go to an allowed one). */
  constructor(
    private readonly home: URL,
    options: BoundedHttpOptions = {},
    /** What a reply should be, for messages: "d’une réponse OAI-PMH", "du sitemap"… */
    private readonly expected = 'd’une réponse OAI-PMH',
  ) {
    this.options = {
      ...httpDefaults,
      ...Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)),
      allowedRedirectHosts: options.allowedRedirectHosts ?? [],
    };
  }

  /** GET with retries: the whole body (within the size limit) and its content type. */
  async get(url: URL, accept: string): Promise<{ bytes: Buffer; contentType: string }> {
    let attempt = 0;
    for (;;) {
      try {
        return await this.fetchOnce(url, accept);
      } catch (error) {
        const retry = error instanceof RetryableError ? error : undefined;
        if (!retry || attempt >= this.options.retries) {
          throw retry ? retry.cause : error;
        }
        const backoff = this.options.backoffMs * 2 ** attempt;
        const wait = Math.min(retry.retryAfterMs ?? backoff, this.options.maxRetryAfterMs);
        attempt += 1;
        await sleep(Math.max(wait, backoff));
      }
    }
  }

  private async fetchOnce(start: URL, accept: string): Promise<{ bytes: Buffer; contentType: string }> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.timeoutMs);
    const timeoutError = () =>
      new RetryableError(
        new OaiError(
          'timeout',
          `La source n’a pas répondu en ${this.options.timeoutMs / 1000} s (délai dépassé) : ${start.origin}.`,
        ),
      );
    try {
      let url = start;
      let response: Response;
      for (let hops = 0; ; hops += 1) {
        try {
          response = await fetch(url, {
            redirect: 'manual',
            signal: controller.signal,
            headers: { accept },
          });
        } catch (error) {
          if (timedOut) throw timeoutError();
          throw new RetryableError(
            new OaiError('network', `La source est injoignable (${start.origin}) : ${causeOf(error)}.`),
          );
        }
        if (response.status < 300 || response.status >= 400) break;
        await response.body?.cancel().catch(() => undefined);
        const location = response.headers.get('location');
        const target = location ? new URL(location, url) : undefined;
        if (!target || hops >= 5) {
          throw new OaiError(
            'redirect',
            `Redirection invalide ou trop de redirections depuis ${url.origin}.`,
          );
        }
        const allowed =
          target.host === this.home.host || this.options.allowedRedirectHosts.includes(target.host);
        if (!allowed || (target.protocol !== 'http:' && target.protocol !== 'https:')) {
          throw new OaiError(
            'redirect',
            `Redirection refusée vers un autre hôte (${target.host}) : ajoutez-le aux hôtes autorisés de la source si elle est légitime.`,
          );
        }
        url = target;
      }
      if (response.status === 503) {
        await response.body?.cancel().catch(() => undefined);
        throw new RetryableError(
          new OaiError('http', `La source est indisponible (HTTP 503) : ${start.origin}.`),
          retryAfterMs(response.headers.get('retry-after')),
        );
      }
      if (response.status !== 200) {
        await response.body?.cancel().catch(() => undefined);
        throw new OaiError(
          'http',
          `La source a répondu HTTP ${response.status} au lieu ${this.expected}.`,
          undefined,
          response.status,
        );
      }
      const declared = Number(response.headers.get('content-length') ?? NaN);
      if (declared > this.options.maxBytes) {
        controller.abort();
        throw new OaiError('too-large', this.tooLarge());
      }
      const chunks: Buffer[] = [];
      let total = 0;
      try {
        const reader = response.body!.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          total += value.byteLength;
          if (total > this.options.maxBytes) {
            controller.abort();
            throw new OaiError('too-large', this.tooLarge());
          }
          chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
        }
      } catch (error) {
        if (error instanceof OaiError) throw error;
        if (timedOut) throw timeoutError();
        throw new RetryableError(
          new OaiError('network', `La réponse de la source a été interrompue : ${causeOf(error)}.`),
        );
      }
      return { bytes: Buffer.concat(chunks, total), contentType: response.headers.get('content-type') ?? '' };
    } finally {
      clearTimeout(timer);
    }
  }

  private tooLarge(): string {
    return `La réponse de la source dépasse ${formatBytes(this.options.maxBytes)} : lecture interrompue.`;
  }
}

class RetryableError extends Error {
  constructor(
    override readonly cause: OaiError,
    readonly retryAfterMs?: number,
  ) {
    super(cause.message);
  }
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

function formatBytes(bytes: number): string {
  return bytes >= 1_000_000 ? `${bytes / 1_000_000} Mo` : `${Math.round(bytes / 1000)} ko`;
}
