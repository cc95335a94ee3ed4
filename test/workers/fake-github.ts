/**
 * A fake of the GitHub REST API's issue comments at the HTTP boundary (MSW), answering as the
 * REST reference documents: it checks the bearer token and the User-Agent GitHub requires,
 * creates comments (201 with the comment object), edits them (200), refuses an empty or oversized
 * body with 422, and can be told to answer the next comment on an issue with a rate limit
 * (403 or 429 with `retry-after`, or `x-ratelimit-remaining: 0` and a reset time) or a 5xx.
 */
import { HttpResponse, http } from "msw";
import { setupFetchNetwork } from "./msw-network";

export const GITHUB_API = "https://api.github.com";

export interface PostedComment {
  issue: string;
  id: number;
  body: string;
}

type Failure = { status: number; headers?: Record<string, string>; message: string };

export function createFakeGithub(token: string, login: string) {
  const comments: PostedComment[] = [];
  const edits: Array<{ id: number; body: string }> = [];
  const failures = new Map<string, Failure[]>();
  const attempts = new Map<string, number>();
  let nextId = 2_000_000_000;

  const refused = (request: Request) => {
    if (!request.headers.get("user-agent"))
      return HttpResponse.json(
        {
          message:
            "Request forbidden by administrative rules. Please make sure your request has a User-Agent header",
        },
        { status: 403 },
      );
    if (request.headers.get("authorization") !== `Bearer ${token}`)
      return HttpResponse.json({ message: "Bad credentials", status: "401" }, { status: 401 });
    return null;
  };
  const invalidBody = (body: { body?: unknown }) =>
    typeof body.body !== "string" || body.body.length === 0 || body.body.length > 65_536
      ? HttpResponse.json(
          {
            message: "Validation Failed",
            errors: [{ resource: "IssueComment", code: "custom", field: "body" }],
            status: "422",
          },
          { status: 422 },
        )
      : null;

  const create = http.post(
    `${GITHUB_API}/repos/:owner/:repo/issues/:number/comments`,
    async ({ request, params }) => {
      const refusal = refused(request as unknown as Request);
      if (refusal) return refusal;
      const issue = `${params.owner}/${params.repo}#${params.number}`;
      attempts.set(issue, (attempts.get(issue) ?? 0) + 1);
      const body = (await request.json()) as { body?: unknown };
      const invalid = invalidBody(body);
      if (invalid) return invalid;
      const failure = failures.get(issue)?.shift();
      if (failure)
        return HttpResponse.json(
          { message: failure.message },
          { status: failure.status, headers: failure.headers ?? {} },
        );
      const id = nextId++;
      comments.push({ issue, id, body: body.body as string });
      return HttpResponse.json(
        {
          id,
          node_id: `IC_${id}`,
          html_url: `https://github.com/${params.owner}/${params.repo}/issues/${params.number}#issuecomment-${id}`,
          body: body.body,
          user: { login, id: 99, type: "User" },
          created_at: new Date().toISOString(),
        },
        { status: 201 },
      );
    },
  );

  const edit = http.patch(
    `${GITHUB_API}/repos/:owner/:repo/issues/comments/:id`,
    async ({ request, params }) => {
      const refusal = refused(request as unknown as Request);
      if (refusal) return refusal;
      const body = (await request.json()) as { body?: unknown };
      const invalid = invalidBody(body);
      if (invalid) return invalid;
      const id = Number(params.id);
      if (!comments.some((c) => c.id === id))
        return HttpResponse.json({ message: "Not Found" }, { status: 404 });
      edits.push({ id, body: body.body as string });
      return HttpResponse.json({ id, body: body.body });
    },
  );

  return {
    server: setupFetchNetwork(create, edit),
    comments: () => comments,
    commentsOn: (issue: string) => comments.filter((c) => c.issue === issue),
    edits: () => edits,
    attemptsOn: (issue: string) => attempts.get(issue) ?? 0,
    /** Answers the next comment on `issue` (`owner/repo#n`) with this failure. */
    failNextOn(issue: string, failure: Failure) {
      failures.set(issue, [...(failures.get(issue) ?? []), failure]);
    },
  };
}
