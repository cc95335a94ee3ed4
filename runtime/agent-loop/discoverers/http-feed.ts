/**
 * An HTTP source: a JSON list, an RSS or an Atom feed. Fetched only when the agent's network
 * policy allows the GET (deny by default); a refusal is noted for the cycle's reflection, not
 * retried around. Each item becomes a finding keyed by its guid/id.
 */
import { z } from "zod";
import { decide } from "../../../kernel/policy";
import type { DiscoveredWork, Discoverer } from "./types";

const MAX_BYTES = 512_000;
const MAX_ITEMS = 50;

const JsonItems = z.union([
  z.array(z.object({ id: z.union([z.string(), z.number()]), title: z.string().min(1) })),
  z.object({
    items: z.array(z.object({ id: z.union([z.string(), z.number()]), title: z.string().min(1) })),
  }),
]);

interface FeedItem {
  id: string;
  title: string;
}

function decodeEntities(text: string): string {
  return text
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, "&")
    .trim();
}

function tag(block: string, name: string): string | undefined {
  const match = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`, "i").exec(block);
  return match?.[1] ? decodeEntities(match[1]) : undefined;
}

/** RSS <item> (guid, else link, else title) and Atom <entry> (id, else title). */
export function parseFeedItems(xml: string, format: "rss" | "atom"): FeedItem[] {
  const element = format === "rss" ? "item" : "entry";
  const blocks = xml.match(new RegExp(`<${element}[\\s>][\\s\\S]*?</${element}>`, "gi")) ?? [];
  const items: FeedItem[] = [];
  for (const block of blocks) {
    const title = tag(block, "title");
    if (!title) continue;
    const id = (format === "rss" ? (tag(block, "guid") ?? tag(block, "link")) : tag(block, "id")) ?? title;
    items.push({ id, title });
  }
  return items;
}

export const discoverHttpFeed: Discoverer<"http"> = async (source, context) => {
  const decision = decide(context.policy, {
    kind: "network",
    agentId: context.agentId,
    url: source.url,
    method: "GET",
  });
  if (decision.effect !== "allow") {
    context.note(`http source ${source.url} not fetched: ${decision.reason} [${decision.rule}]`);
    return [];
  }
  let items: FeedItem[];
  try {
    const response = await context.fetch(source.url, {
      headers: { accept: "application/json, application/rss+xml, application/atom+xml" },
    });
    if (!response.ok) {
      context.note(`http source ${source.url} answered ${response.status}`);
      return [];
    }
    const body = (await response.text()).slice(0, MAX_BYTES);
    if (source.format === "json") {
      const parsed = JsonItems.safeParse(JSON.parse(body));
      if (!parsed.success) {
        context.note(
          `http source ${source.url}: not a list of {id, title}: ${parsed.error.issues[0]?.message}`,
        );
        return [];
      }
      const list = Array.isArray(parsed.data) ? parsed.data : parsed.data.items;
      items = list.map((item) => ({ id: String(item.id), title: item.title }));
    } else {
      items = parseFeedItems(body, source.format);
    }
  } catch (error) {
    context.note(
      `http source ${source.url} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return [];
  }
  const host = new URL(source.url).host;
  return items.slice(0, MAX_ITEMS).map(
    (item): DiscoveredWork => ({
      source: `http:${source.url}`,
      entity: `feed:${host}`,
      key: `feed:${item.id}`,
      text: item.title,
      title: `Review from ${host}: ${item.title}`,
      taskType: "feed_item",
      priority: 4,
    }),
  );
};
