/**
 * A failed send, as every adapter reports it: the outbound queue decides from these fields alone
 * whether to wait (429 with Retry-After), back off and retry (5xx, network), or give up (any
 * other 4xx; `gone` when the channel or workspace no longer exists).
 */
export class ChannelSendError extends Error {
  override name = "ChannelSendError";
  constructor(
    message: string,
    readonly status: number,
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(message);
  }
  get retryable(): boolean {
    return this.status === 429 || this.status >= 500;
  }
  get gone(): boolean {
    return this.status === 404 || this.status === 410;
  }
}
