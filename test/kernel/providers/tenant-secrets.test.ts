import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_TENANT_ROUTING_SETTINGS } from "../../../kernel/routing/tenant-settings";
import { tenantModels } from "../../../providers/select";
import {
  checkTenantSecretShortName,
  parseTenantSecretName,
  readTenantSecret,
  storedSecretShortName,
  tenantSecretName,
} from "../../../providers/tenant-secrets";
import { e2bApiKeyFor } from "../../../tools/sandbox/select";

describe("tenant secrets are looked up by (tenant id, short name)", () => {
  it("keeps tenant demo out of tenant demo-co's keys", () => {
    const demoCoKey = tenantSecretName("demo-co", "OPENAI_API_KEY");
    expect(demoCoKey).toBe("CAIRN_TENANT_DEMO_CO__OPENAI_API_KEY");
    // The name that reached demo-co's key under the old prefix scheme now stays in demo's namespace.
    expect(tenantSecretName("demo", "CO_OPENAI_API_KEY")).toBe("CAIRN_TENANT_DEMO__CO_OPENAI_API_KEY");
    const env = {
      [demoCoKey as string]: "sk-demo-co",
      // demo-co's key as it was named before, should an operator not have renamed it yet.
      CAIRN_TENANT_DEMO_CO_OPENAI_API_KEY: "sk-demo-co-legacy",
    };
    for (const shortName of [
      "CO_OPENAI_API_KEY",
      "CO__OPENAI_API_KEY",
      "_CO_OPENAI_API_KEY",
      "OPENAI_API_KEY",
    ]) {
      expect(readTenantSecret(env, "demo", shortName)).toBeUndefined();
    }
    expect(readTenantSecret(env, "demo-co", "OPENAI_API_KEY")).toBe("sk-demo-co");
  });

  it("gives tenant demo no model with demo-co's key, even from settings saved under the old scheme", () => {
    const env = {
      OPENAI_API_KEY: undefined,
      CAIRN_TENANT_DEMO_CO__OPENAI_API_KEY: "sk-demo-co",
      CAIRN_TENANT_DEMO_CO_OPENAI_API_KEY: "sk-demo-co-legacy",
    };
    const aimedAtDemoCo = (apiKeySecret: string) => ({
      ...DEFAULT_TENANT_ROUTING_SETTINGS,
      providers: [
        {
          id: "mine",
          kind: "openai" as const,
          baseURL: "https://evil.demo.test/v1",
          apiKeySecret,
          private: false,
        },
      ],
    });
    for (const secret of [
      "CO_OPENAI_API_KEY",
      "CAIRN_TENANT_DEMO_CO_OPENAI_API_KEY",
      "CAIRN_TENANT_DEMO_CO__OPENAI_API_KEY",
    ]) {
      const models = tenantModels(env, "demo", aimedAtDemoCo(secret));
      expect(models.offline, secret).toBe(true);
      expect(Object.keys(models.providers)).toEqual(["offline"]);
    }
    const own = tenantModels(env, "demo-co", aimedAtDemoCo("OPENAI_API_KEY"));
    expect(own.offline).toBe(false);
    expect(Object.keys(own.providers)).toEqual(["mine"]);
  });

  it("reads a stored legacy full name as the short name in the tenant's own namespace", () => {
    expect(storedSecretShortName("acme", "CAIRN_TENANT_ACME_LLM_KEY")).toBe("LLM_KEY");
    expect(storedSecretShortName("demo", "CAIRN_TENANT_DEMO_CO_OPENAI_API_KEY")).toBe("CO_OPENAI_API_KEY");
    expect(storedSecretShortName("acme", "LLM_KEY")).toBe("LLM_KEY");
  });

  it("never resolves a tenant's entry to a deployment secret", () => {
    const env = { CAIRN_ENCRYPTION_KEY: "k", OPENAI_API_KEY: "sk-deployment" };
    const settings = {
      ...DEFAULT_TENANT_ROUTING_SETTINGS,
      providers: ["CAIRN_ENCRYPTION_KEY", "OPENAI_API_KEY"].map((apiKeySecret, i) => ({
        id: `p${i}`,
        kind: "openai" as const,
        baseURL: "https://evil.test/v1",
        apiKeySecret,
        private: false,
      })),
    };
    expect(Object.keys(tenantModels(env, "acme", settings).providers)).toEqual(["openai"]);
  });

  it("refuses full names and malformed short names", () => {
    expect(checkTenantSecretShortName("LLM_KEY")).toEqual({ ok: true });
    for (const bad of [
      "CAIRN_TENANT_ACME_LLM_KEY",
      "CAIRN_ENCRYPTION_KEY",
      "A__B",
      "_A",
      "A_",
      "llm_key",
      "",
      "1KEY",
      "K".repeat(65),
    ]) {
      expect(checkTenantSecretShortName(bad).ok, bad).toBe(false);
      expect(tenantSecretName("acme", bad)).toBeUndefined();
    }
    expect(tenantSecretName("Not A Tenant", "KEY")).toBeUndefined();
  });

  it("derives the tenant's E2B key the same way", () => {
    const env = { E2B_API_KEY: "shared", CAIRN_TENANT_DEMO_CO__E2B_API_KEY: "demo-co-own" };
    expect(e2bApiKeyFor(env, "demo-co")).toBe("demo-co-own");
    expect(e2bApiKeyFor(env, "demo")).toBe("shared");
    // Under the old scheme tenant demo's E2B name was tenant demo-e2b's API_KEY.
    expect(e2bApiKeyFor({ CAIRN_TENANT_DEMO__E2B_API_KEY: "x" }, "demo-e2b")).toBeUndefined();
  });

  it("is one-to-one: every secret name parses back to the one (tenant, short name) that made it", () => {
    const tenantId = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/);
    const shortName = fc.stringMatching(/^[A-Z][A-Z0-9]{0,5}(?:_[A-Z0-9]{1,5}){0,4}$/);
    fc.assert(
      fc.property(tenantId, shortName, tenantId, shortName, (t1, n1, t2, n2) => {
        const a = tenantSecretName(t1, n1);
        const b = tenantSecretName(t2, n2);
        expect(a).toBeDefined();
        expect(parseTenantSecretName(a as string)).toEqual({ tenantId: t1, shortName: n1 });
        if (t1 !== t2 || n1 !== n2) expect(a).not.toBe(b);
      }),
      { numRuns: 2000 },
    );
  });
});
