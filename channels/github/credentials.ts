/** A GitHub channel's secrets, sealed together for the tenant: the webhook secret and the API token. */
import { z } from "zod";
import type { ChannelPorts, ConnectedChannel } from "../adapter";

const GithubCredentialsSchema = z.object({ webhookSecret: z.string(), token: z.string() });
export type GithubCredentials = z.infer<typeof GithubCredentialsSchema>;

export async function githubCredentials(
  channel: ConnectedChannel,
  ports: ChannelPorts,
): Promise<GithubCredentials> {
  return GithubCredentialsSchema.parse(JSON.parse(await ports.openSecret(channel.credentialsSealed)));
}
