/**
 * MSW inside workerd. `msw/node`'s setupServer also patches node:http, whose parser loads a
 * wasm file from disk — which workerd cannot do — so Worker tests intercept `fetch` only, the
 * one way Cairn's Workers reach the network.
 */
import { FetchInterceptor } from "@mswjs/interceptors/fetch/web";
import type { RequestHandler } from "msw";
import { defineNetwork, InterceptorSource } from "msw/experimental";

type SourceInterceptor = ConstructorParameters<typeof InterceptorSource>[0]["interceptors"][number];

export function setupFetchNetwork(...handlers: RequestHandler[]) {
  // The web build's class is the same code as msw's copy, declared in another .d.ts file, so
  // TypeScript sees two nominal classes; the cast bridges the declarations, not the code.
  const fetchInterceptor = new FetchInterceptor() as unknown as SourceInterceptor;
  const network = defineNetwork({
    sources: [new InterceptorSource({ interceptors: [fetchInterceptor] })],
    handlers,
    // A request no handler expects is a test failure, never a real network call.
    onUnhandledFrame: "error",
    // msw's default prints every mocked request, handler and response to the console, burying
    // the log lines a failing test needs under thousands of lines of objects.
    context: { quiet: true },
  });
  return {
    listen: () => network.enable(),
    close: () => network.disable(),
    use: (...more: RequestHandler[]) => network.use(...more),
  };
}
