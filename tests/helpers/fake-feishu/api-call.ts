/** One HTTP call the fake received. */
export interface ApiCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown>;
  token?: string | undefined;
  /** On the fake's clock. */
  at: number;
}

/** What an override answers instead of the built-in behaviour. */
export interface FakeResponse {
  status?: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}
