/** A LINE channel's secrets, sealed together for the tenant: the channel secret and access token. */
import { z } from "zod";
import type { ChannelPorts, ConnectedChannel } from "../adapter";

export const LineCredentialsSchema = z.object({
  channelSecret: z.string(),
  channelAccessToken: z.string(),
});
export type LineCredentials = z.infer<typeof LineCredentialsSchema>;

export async function lineChannelSecrets(
  channel: ConnectedChannel,
  ports: ChannelPorts,
): Promise<LineCredentials> {
  return LineCredentialsSchema.parse(JSON.parse(await ports.openSecret(channel.credentialsSealed)));
}
