/** Client options both vendor SDKs take, with Cairn's one policy for them. */
export interface SdkConnection {
  apiKey: string;
  baseURL?: string | undefined;
  fetch?: typeof fetch | undefined;
  timeoutMs?: number | undefined;
}

export function sdkClientOptions(connection: SdkConnection) {
  return {
    apiKey: connection.apiKey,
    baseURL: connection.baseURL,
    fetch: connection.fetch,
    timeout: connection.timeoutMs ?? 60_000,
    // Retries belong to completeWithFallback, which honours Retry-After across providers.
    maxRetries: 0,
  };
}
