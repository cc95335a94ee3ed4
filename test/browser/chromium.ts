/**
 * Debian's headless Chromium driven by playwright-core through its executable path (no browser
 * download is possible or wanted). The flags keep it off the network it cannot reach anyway and
 * out of the sandbox, which needs privileges a CI container does not grant. playwright-core gives
 * every launch a fresh profile directory; each person in a scenario gets their own context, so
 * their cookies are their own.
 */
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

const CANDIDATES = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"];

export function chromiumPath(): string {
  const chosen = process.env.CHROMIUM_PATH ?? CANDIDATES.find((candidate) => existsSync(candidate));
  if (!chosen || !existsSync(chosen))
    throw new Error(
      "no Chromium found: install Debian's chromium-headless-shell (apt-get install -y chromium-headless-shell, as .ci/run does) or set CHROMIUM_PATH",
    );
  return chosen;
}

export function launchChromium() {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}
