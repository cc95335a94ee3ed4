import { type DefaultBodyType, HttpResponse, http, type StrictRequest } from "msw";

/**
 * An Upstash Vector index faked at the HTTP boundary with its documented shapes (see
 * providers/vector/upstash-vector.ts): namespaces in the path, Bearer auth, {"result": …} and
 * {"error": …} envelopes, COSINE scores as (1 + cosine) / 2, and the SQL-like filter subset
 * (`=`, `IN`, `AND`). Written independently of the embedded store so the contract suite compares
 * two implementations, not one with itself.
 */

type Scalar = string | number | boolean;
interface StoredVector {
  vector: number[];
  metadata?: Record<string, Scalar>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | null;
  body: unknown;
}

export function createUpstashVectorFake(options: { url: string; token: string; dimension: number }) {
  const namespaces = new Map<string, Map<string, StoredVector>>();
  const requests: RecordedRequest[] = [];
  const space = (name: string | undefined) => {
    const key = name ?? "";
    if (!namespaces.has(key)) namespaces.set(key, new Map());
    return namespaces.get(key)!;
  };

  const guard = async (request: StrictRequest<DefaultBodyType>): Promise<{ body: unknown } | Response> => {
    const body: unknown = await request.json();
    requests.push({
      method: request.method,
      path: new URL(request.url).pathname,
      authorization: request.headers.get("authorization"),
      body,
    });
    if (request.headers.get("authorization") !== `Bearer ${options.token}`) {
      return HttpResponse.json({ error: "Unauthorized: Invalid auth token" }, { status: 401 });
    }
    return { body };
  };
  const badRequest = (error: string) => HttpResponse.json({ error }, { status: 400 });

  const upsert = http.post<{ namespace?: string }>(
    `${options.url}/upsert/:namespace?`,
    async ({ request, params }) => {
      const checked = await guard(request);
      if (checked instanceof Response) return checked;
      const items = (Array.isArray(checked.body) ? checked.body : [checked.body]) as (StoredVector & {
        id: string;
      })[];
      for (const item of items) {
        if (item.vector.length !== options.dimension) {
          return badRequest(
            `Invalid vector dimension: ${item.vector.length}, expected: ${options.dimension}`,
          );
        }
      }
      for (const item of items)
        space(params.namespace).set(String(item.id), { vector: item.vector, metadata: item.metadata });
      return HttpResponse.json({ result: "Success" });
    },
  );

  const query = http.post<{ namespace?: string }>(
    `${options.url}/query/:namespace?`,
    async ({ request, params }) => {
      const checked = await guard(request);
      if (checked instanceof Response) return checked;
      const body = checked.body as {
        vector: number[];
        topK?: number;
        includeMetadata?: boolean;
        filter?: string;
      };
      if (body.vector.length !== options.dimension) {
        return badRequest(`Invalid vector dimension: ${body.vector.length}, expected: ${options.dimension}`);
      }
      const predicate = parseFilter(body.filter ?? "");
      const result = [...space(params.namespace).entries()]
        .filter(([, stored]) => predicate(stored.metadata ?? {}))
        .map(([id, stored]) => ({
          id,
          score: (1 + cosine(body.vector, stored.vector)) / 2,
          ...(body.includeMetadata && stored.metadata ? { metadata: stored.metadata } : {}),
        }))
        .sort((a, b) => b.score - a.score)
        .slice(0, body.topK ?? 10);
      return HttpResponse.json({ result });
    },
  );

  const remove = http.delete<{ namespace?: string }>(
    `${options.url}/delete/:namespace?`,
    async ({ request, params }) => {
      const checked = await guard(request);
      if (checked instanceof Response) return checked;
      const { ids } = checked.body as { ids: string[] };
      let deleted = 0;
      for (const id of ids) if (space(params.namespace).delete(id)) deleted += 1;
      return HttpResponse.json({ result: { deleted } });
    },
  );

  return {
    handlers: [upsert, query, remove],
    requests,
    reset() {
      namespaces.clear();
      requests.length = 0;
    },
  };
}

function cosine(a: number[], b: number[]): number {
  const dot = a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);
  const norms = Math.hypot(...a) * Math.hypot(...b);
  return norms === 0 ? 0 : dot / norms;
}

/** The filter subset this project emits; anything else is a test failure, loudly. */
function parseFilter(filter: string): (metadata: Record<string, Scalar>) => boolean {
  if (filter.trim() === "") return () => true;
  const clauses = filter.split(" AND ").map((clause) => {
    const equals = /^(\w+) = (.+)$/.exec(clause);
    if (equals) return { key: equals[1]!, values: [parseLiteral(equals[2]!)] };
    const within = /^(\w+) IN \((.+)\)$/.exec(clause);
    if (within) return { key: within[1]!, values: within[2]!.split(", ").map(parseLiteral) };
    throw new Error(`fake Upstash cannot parse filter clause: ${clause}`);
  });
  return (metadata) => clauses.every(({ key, values }) => key in metadata && values.includes(metadata[key]!));
}

function parseLiteral(literal: string): Scalar {
  if (/^'.*'$/.test(literal)) return literal.slice(1, -1);
  if (literal === "true" || literal === "false") return literal === "true";
  const number = Number(literal);
  if (Number.isNaN(number)) throw new Error(`fake Upstash cannot parse literal: ${literal}`);
  return number;
}
