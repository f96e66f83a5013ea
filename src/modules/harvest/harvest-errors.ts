// What stops a harvest: a problem with a remote source (OAI-PMH or sitemap), with a French message fit
// for the run log. The name stays OaiError for the OAI-PMH client that came first; sitemap sources use it too.
export type OaiErrorKind =
  | 'timeout'
  | 'network'
  | 'http'
  | 'too-large'
  | 'redirect'
  | 'html'
  | 'not-oai'
  | 'malformed'
  | 'doctype'
  | 'oai'
  | 'token-loop';

export class OaiError extends Error {
  constructor(
    readonly kind: OaiErrorKind,
    message: string,
    /** The OAI-PMH error code, for kind 'oai'. */
    readonly oaiCode?: string,
    /** The HTTP status, for kind 'http'. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'OaiError';
  }
}
