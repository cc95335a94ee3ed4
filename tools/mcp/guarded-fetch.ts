/**
 * The fetch an MCP session is given: it reaches only the registered server's origin, never
 * follows a redirect (a server that answers 3xx elsewhere is refused, not obeyed), and stops
 * reading a response past a byte limit, so a server that streams 50 MB costs 1 MB of memory.
 */

export class McpTransportRefusal extends Error {
  override name = "McpTransportRefusal";
}

/** A body stream that errors once more than `limit` bytes have passed through it. */
function capped(body: ReadableStream<Uint8Array>, limit: number): ReadableStream<Uint8Array> {
  let seen = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > limit) {
          controller.error(new McpTransportRefusal(`the server's answer is larger than ${limit} bytes`));
          return;
        }
        controller.enqueue(chunk);
      },
    }),
  );
}

export function guardedFetch(
  endpoint: string,
  doFetch: typeof fetch,
  limits: { responseBytes: number },
): typeof fetch {
  const origin = new URL(endpoint).origin;
  return async (input, init) => {
    const request = new Request(input, { ...init, redirect: "manual" });
    const { origin: target } = new URL(request.url);
    if (target !== origin)
      throw new McpTransportRefusal(`refused a request to ${target}: the server is registered at ${origin}`);
    const response = await doFetch(request);
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get("location") ?? "(no location)";
      throw new McpTransportRefusal(`the server redirected to ${location}; redirects are not followed`);
    }
    const declared = Number(response.headers.get("content-length") ?? 0);
    if (declared > limits.responseBytes)
      throw new McpTransportRefusal(
        `the server's answer is ${declared} bytes, more than the ${limits.responseBytes} accepted`,
      );
    if (!response.body) return response;
    return new Response(capped(response.body, limits.responseBytes), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
