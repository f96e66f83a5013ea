// The npm oai-pmh client (PaperHive, 2.0.3) ships no types: what oai-provider.test.ts uses of it.
declare module 'oai-pmh' {
  export class OaiPmh {
    constructor(baseUrl: string, options?: Record<string, unknown>);
    identify(): Promise<{ baseURL: string; repositoryName: string }>;
    listIdentifiers(options: { metadataPrefix: string; set?: string }): AsyncIterable<{ identifier: string }>;
    listRecords(options: {
      metadataPrefix: string;
      set?: string;
    }): AsyncIterable<{ header: { identifier: string } }>;
  }
}
