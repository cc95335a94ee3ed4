/**
 * Network requests made from the shell. When a policy grants curl or wget, every URL they
 * would fetch is checked as a `network` action (host, scheme, port, method, path), the files
 * they would upload are checked as reads, and options that send the traffic somewhere else
 * (proxies, --resolve, --connect-to, sockets) or that follow links to unseen hosts are refused.
 */
import type { ArgValue } from "./words";

export interface NetworkRequest {
  url: ArgValue;
  method: string;
}

export interface NetworkUse {
  requests: NetworkRequest[];
  /** Files whose content is sent (`-d @file`, `-T file`, `--post-file`). */
  uploads: ArgValue[];
  /** Files written (`-o file`, `-O file`, cookie jars, traces); "-" is standard output. */
  writes: ArgValue[];
}

export type NetworkAnalysis = NetworkUse | { refused: string };

interface OptionTable {
  /** Short option letters that take a value (in a cluster, the rest of the cluster or the next word). */
  shortWithValue: string;
  longWithValue: ReadonlySet<string>;
  /** Options that redirect or widen traffic beyond the URLs on the command line. */
  refused: ReadonlySet<string>;
}

const curlOptions: OptionTable = {
  shortWithValue: "XHdoFuAebcTxmwKrCEDUzyYQP",
  longWithValue: new Set([
    "--request",
    "--header",
    "--data",
    "--data-raw",
    "--data-binary",
    "--data-urlencode",
    "--data-ascii",
    "--json",
    "--form",
    "--form-string",
    "--output",
    "--user",
    "--user-agent",
    "--referer",
    "--cookie",
    "--cookie-jar",
    "--upload-file",
    "--max-time",
    "--connect-timeout",
    "--write-out",
    "--range",
    "--continue-at",
    "--cert",
    "--key",
    "--cacert",
    "--dump-header",
    "--retry",
    "--retry-delay",
    "--retry-max-time",
    "--url",
    "--limit-rate",
    "--max-filesize",
    "--trace",
    "--trace-ascii",
    "--stderr",
    "--output-dir",
    "--expect100-timeout",
    "--oauth2-bearer",
  ]),
  refused: new Set([
    "-x",
    "--proxy",
    "--preproxy",
    "--socks4",
    "--socks4a",
    "--socks5",
    "--socks5-hostname",
    "--connect-to",
    "--resolve",
    "--unix-socket",
    "--abstract-unix-socket",
    "--doh-url",
    "--dns-servers",
    "--interface",
    "-K",
    "--config",
    "-Q",
    "--quote",
    "-P",
    "--ftp-port",
    "--proxy-user",
    "-U",
  ]),
};

const wgetOptions: OptionTable = {
  shortWithValue: "OoaeiUPtTwQlARDI",
  longWithValue: new Set([
    "--output-document",
    "--output-file",
    "--append-output",
    "--post-data",
    "--post-file",
    "--method",
    "--body-data",
    "--body-file",
    "--header",
    "--user-agent",
    "--user",
    "--password",
    "--tries",
    "--timeout",
    "--wait",
    "--quota",
    "--directory-prefix",
  ]),
  refused: new Set([
    "-e",
    "--execute",
    "-i",
    "--input-file",
    "-r",
    "--recursive",
    "-m",
    "--mirror",
    "-p",
    "--page-requisites",
    "-P",
    "--directory-prefix",
    "--use-askpass",
    "-B",
    "--base",
  ]),
};

interface ParsedOptions {
  values: Map<string, ArgValue[]>;
  flags: Set<string>;
  operands: ArgValue[];
}

function record(parsed: ParsedOptions, name: string, value: ArgValue): void {
  parsed.values.set(name, [...(parsed.values.get(name) ?? []), value]);
}

function parseOptions(args: readonly ArgValue[], table: OptionTable): ParsedOptions | { refused: string } {
  const parsed: ParsedOptions = { values: new Map(), flags: new Set(), operands: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as ArgValue;
    if (arg.kind !== "static") {
      // An unknown word could be an option such as --proxy; only a known value position is safe.
      return { refused: "an argument only known at run time" };
    }
    const text = arg.value;
    if (text.startsWith("--")) {
      const [name = text, inline] = text.includes("=")
        ? [text.slice(0, text.indexOf("=")), text.slice(text.indexOf("=") + 1)]
        : [text];
      if (table.refused.has(name)) return { refused: `${name} sends traffic beyond the URLs checked` };
      if (inline !== undefined) record(parsed, name, { kind: "static", value: inline });
      else if (table.longWithValue.has(name))
        record(parsed, name, args[++i] ?? { kind: "dynamic", why: "a missing value" });
      else parsed.flags.add(name);
    } else if (text.startsWith("-") && text.length > 1) {
      for (let j = 1; j < text.length; j++) {
        const letter = `-${text[j]}`;
        if (table.refused.has(letter)) return { refused: `${letter} sends traffic beyond the URLs checked` };
        if (table.shortWithValue.includes(text[j] as string)) {
          const rest = text.slice(j + 1);
          record(
            parsed,
            letter,
            rest
              ? { kind: "static", value: rest }
              : (args[++i] ?? { kind: "dynamic", why: "a missing value" }),
          );
          break;
        }
        parsed.flags.add(letter);
      }
    } else parsed.operands.push(arg);
  }
  return parsed;
}

const valuesOf = (parsed: ParsedOptions, ...names: string[]) =>
  names.flatMap((name) => parsed.values.get(name) ?? []);
const hasAny = (parsed: ParsedOptions, ...names: string[]) =>
  names.some((n) => parsed.flags.has(n) || parsed.values.has(n));

/** curl and wget default to http:// when the URL has no scheme. */
function withScheme(arg: ArgValue): ArgValue {
  if (arg.kind !== "static" || /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(arg.value)) return arg;
  return { kind: "static", value: `http://${arg.value}` };
}

/** `@file` in a data option uploads that file; `name=@file` in a form field too. */
function uploadedFiles(values: readonly ArgValue[], form: boolean): ArgValue[] {
  return values.flatMap((value): ArgValue[] => {
    if (value.kind !== "static") return [value];
    const at = form ? value.value.indexOf("=@") + 1 : value.value.startsWith("@") ? 0 : -1;
    if (at < 0 || (form && at === 0)) return [];
    const file = value.value.slice(at + 1).split(";")[0] as string;
    return file === "-" ? [] : [{ kind: "static", value: file }];
  });
}

function curl(args: readonly ArgValue[]): NetworkAnalysis {
  const parsed = parseOptions(args, curlOptions);
  if ("refused" in parsed) return parsed;
  const explicit = valuesOf(parsed, "-X", "--request");
  const data = valuesOf(
    parsed,
    "-d",
    "--data",
    "--data-binary",
    "--data-ascii",
    "--data-urlencode",
    "--json",
  );
  const form = valuesOf(parsed, "-F", "--form");
  const upload = valuesOf(parsed, "-T", "--upload-file");
  let method =
    upload.length > 0
      ? "PUT"
      : data.length + form.length > 0
        ? "POST"
        : hasAny(parsed, "-I", "--head")
          ? "HEAD"
          : "GET";
  if (explicit.length > 0) {
    const last = explicit.at(-1) as ArgValue;
    if (last.kind !== "static") return { refused: "a request method only known at run time" };
    method = last.value.toUpperCase();
  }
  const urls = [...valuesOf(parsed, "--url"), ...parsed.operands];
  if (urls.length === 0) return { refused: "no URL to check" };
  if (
    hasAny(parsed, "-O", "--remote-name", "--remote-name-all", "-J", "--remote-header-name", "--output-dir")
  ) {
    return { refused: "the downloaded file is named after the URL or the server" };
  }
  return {
    requests: urls.map((url) => ({ url: withScheme(url), method })),
    uploads: [...uploadedFiles(data, false), ...uploadedFiles(form, true), ...upload],
    writes: valuesOf(
      parsed,
      "-o",
      "--output",
      "-c",
      "--cookie-jar",
      "-D",
      "--dump-header",
      "--trace",
      "--trace-ascii",
      "--stderr",
    ),
  };
}

function wget(args: readonly ArgValue[]): NetworkAnalysis {
  const parsed = parseOptions(args, wgetOptions);
  if ("refused" in parsed) return parsed;
  const explicit = valuesOf(parsed, "--method");
  const posts = valuesOf(parsed, "--post-data", "--post-file", "--body-data", "--body-file");
  let method = posts.length > 0 ? "POST" : "GET";
  if (explicit.length > 0) {
    const last = explicit.at(-1) as ArgValue;
    if (last.kind !== "static") return { refused: "a request method only known at run time" };
    method = last.value.toUpperCase();
  }
  if (parsed.operands.length === 0) return { refused: "no URL to check" };
  const documents = valuesOf(parsed, "-O", "--output-document");
  if (documents.length === 0) return { refused: "without -O the downloaded file is named after the URL" };
  return {
    requests: parsed.operands.map((url) => ({ url: withScheme(url), method })),
    uploads: valuesOf(parsed, "--post-file", "--body-file"),
    writes: [...documents, ...valuesOf(parsed, "-o", "--output-file", "-a", "--append-output")],
  };
}

/** The requests `program` would make, or undefined for programs that make none. */
export function networkUse(program: string, args: readonly ArgValue[]): NetworkAnalysis | undefined {
  if (program === "curl") return curl(args);
  if (program === "wget") return wget(args);
  return undefined;
}
