/**
 * The one error convention of Durable Object RPC (docs/architecture.md): a method that will not
 * serve a request — another tenant's object, an invalid request, a record that is not there —
 * returns `{ refused: reason }`; it throws only where the platform's retry is the answer. The
 * caller decides what a refusal means for it: a 4xx for a client, `RefusedError` for a request
 * that fails as a whole.
 */
export interface Refusal {
  refused: string;
}

export type Refusable<T> = T | Refusal;

export function isRefusal(value: unknown): value is Refusal {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { refused?: unknown }).refused === "string"
  );
}

/** A refusal a caller could not act on: its whole request fails, naming who refused and why. */
export class RefusedError extends Error {
  constructor(
    readonly callee: string,
    readonly reason: string,
  ) {
    super(`${callee} refused: ${reason}`);
    this.name = "RefusedError";
  }
}

/** The answer, or a `RefusedError` naming the callee when it refused. */
export function accepted<A>(answer: A, callee: string): Exclude<A, Refusal> {
  if (isRefusal(answer)) throw new RefusedError(callee, answer.refused);
  return answer as Exclude<A, Refusal>;
}
