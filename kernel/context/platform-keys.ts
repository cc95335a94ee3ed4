import type { PlatformSource } from "./threads";

/**
 * Platform threading, as string keys. Every stored message registers its own key; a later message
 * that continues a platform thread looks up the key of what it continues. The adapters derive the
 * keys (Slack thread roots, Telegram reply chains and forum topics, email Message-IDs); this file
 * only says which of them an item looks up and which it registers.
 */

/** The keys of the platform thread this item continues, most specific first. */
export function continuedPlatformKeys(source: PlatformSource): string[] {
  return [...source.continues];
}

/** Keys to bind to whichever thread the item lands in (its own key, then any further keys). */
export function platformKeysToRegister(source: PlatformSource): string[] {
  return [...(source.own ? [source.own] : []), ...(source.alsoRegister ?? [])];
}
