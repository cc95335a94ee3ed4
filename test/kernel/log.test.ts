import { afterEach, describe, expect, it, vi } from "vitest";
import { configureLogging, log, logLevelEnabled, scopedLogger } from "../../kernel/log";

afterEach(() => {
  configureLogging({});
  vi.restoreAllMocks();
});

describe("log levels", () => {
  it("writes info and above by default, as one JSON line", () => {
    const info = vi.spyOn(console, "log").mockImplementation(() => {});
    configureLogging({});
    log("debug", "noise");
    log("info", "webhook.accepted", { tenant: "acme" });
    expect(info).toHaveBeenCalledTimes(1);
    expect(JSON.parse(String(info.mock.calls[0]?.[0]))).toMatchObject({
      level: "info",
      event: "webhook.accepted",
      tenant: "acme",
    });
  });

  it("LOG_LEVEL=warn keeps warnings and errors and drops info", () => {
    const info = vi.spyOn(console, "log").mockImplementation(() => {});
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    configureLogging({ LOG_LEVEL: " WARN " });
    log("info", "thread.resolved");
    log("warn", "webhook.rejected");
    log("error", "inbound.failed");
    expect(info).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(error).toHaveBeenCalledTimes(1);
    expect(logLevelEnabled("info")).toBe(false);
  });

  it("an unknown level means info and is reported once, not on every invocation", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    configureLogging({ LOG_LEVEL: "verbose" });
    configureLogging({ LOG_LEVEL: "verbose" });
    expect(logLevelEnabled("info")).toBe(true);
    expect(logLevelEnabled("debug")).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(JSON.parse(String(warn.mock.calls[0]?.[0]))).toMatchObject({
      event: "log.level_unknown",
      value: "verbose",
    });
  });
});

describe("a scoped logger", () => {
  it("writes the ids bound once on every line, and binds more without losing them", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const turn = scopedLogger({ tenant: "acme", thread: "acme:telegram:42" }).with({ agent: "finance" });
    turn.warn("model.offline", { note: "no model" });
    expect(JSON.parse(String(warn.mock.calls[0]?.[0]))).toMatchObject({
      level: "warn",
      event: "model.offline",
      tenant: "acme",
      thread: "acme:telegram:42",
      agent: "finance",
      note: "no model",
    });
  });

  it("obeys the threshold like log()", () => {
    const info = vi.spyOn(console, "log").mockImplementation(() => {});
    configureLogging({ LOG_LEVEL: "warn" });
    scopedLogger({ tenant: "acme" }).info("thread.resolved");
    expect(info).not.toHaveBeenCalled();
  });
});
