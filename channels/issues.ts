/** The first zod issue as one line (`path: message`), for logs of events that can never be valid. */
export function issueOf(error: { issues: Array<{ message: string; path: PropertyKey[] }> }): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}` : "invalid";
}
