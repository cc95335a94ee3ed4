/**
 * Credential formats published by the providers themselves (token prefixes, lengths, alphabets),
 * written for Cairn from each provider's documentation; no third-party rule file is copied.
 * `keywords` are lowercase substrings one of which must be in the text before the pattern runs:
 * most messages contain none, so most patterns never run (the idea gitleaks uses). A rule with no
 * keyword always runs.
 * `group` names the capture group that is the secret when the pattern also matches its label.
 */
export interface SecretRule {
  id: string;
  keywords: readonly string[];
  pattern: RegExp;
  group?: number;
}

const b = "(?<![A-Za-z0-9_-])"; // start of a token
const e = "(?![A-Za-z0-9_-])"; // end of a token

function rule(id: string, keywords: string[], source: string, group?: number): SecretRule {
  return { id, keywords, pattern: new RegExp(source, group ? "gd" : "g"), ...(group ? { group } : {}) };
}

export const providerRules: readonly SecretRule[] = [
  rule("github-pat", ["ghp_"], `${b}ghp_[A-Za-z0-9]{36}${e}`),
  rule("github-fine-grained-pat", ["github_pat_"], `${b}github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}${e}`),
  rule("github-oauth", ["gho_"], `${b}gho_[A-Za-z0-9]{36}${e}`),
  rule("github-app-token", ["ghs_", "ghu_", "ghr_"], `${b}gh[sur]_[A-Za-z0-9]{36}${e}`),
  rule(
    "gitlab-token",
    ["glpat-", "gldt-", "glrt-", "glptt-"],
    `${b}gl(?:pat|dt|rt|ptt)-[A-Za-z0-9_-]{20,}${e}`,
  ),
  rule("aws-access-key-id", ["akia", "asia", "abia", "acca"], `${b}(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}${e}`),
  rule(
    "aws-secret-access-key",
    ["aws", "secret_access"],
    `(?:aws_?secret_?access_?key|aws_?secret)["']?\\s*[:=]\\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])`,
    1,
  ),
  rule("google-api-key", ["aiza"], `${b}AIza[A-Za-z0-9_-]{35}${e}`),
  rule("google-oauth-client-secret", ["gocspx-"], `${b}GOCSPX-[A-Za-z0-9_-]{28}${e}`),
  rule("gcp-service-account-key", ['"private_key_id"'], `"private_key_id"\\s*:\\s*"([a-f0-9]{40})"`, 1),
  rule("slack-token", ["xox"], `${b}xox[abposr]-(?:\\d{8,13}-){1,3}[A-Za-z0-9-]{10,48}${e}`),
  rule("slack-app-token", ["xapp-"], `${b}xapp-\\d-[A-Z0-9]+-\\d+-[a-f0-9]{32,}${e}`),
  rule(
    "slack-webhook-url",
    ["hooks.slack.com"],
    `https://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/]{20,}`,
  ),
  rule(
    "stripe-secret-key",
    ["sk_live_", "sk_test_", "rk_live_", "rk_test_"],
    `${b}[sr]k_(?:live|test)_[A-Za-z0-9]{24,99}${e}`,
  ),
  rule("stripe-webhook-secret", ["whsec_"], `${b}whsec_[A-Za-z0-9+/=]{32,}${e}`),
  rule(
    "openai-api-key",
    ["t3blbkfj"],
    `${b}sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{20,80}T3BlbkFJ[A-Za-z0-9_-]{20,80}${e}`,
  ),
  rule(
    "openai-project-key",
    ["sk-proj-", "sk-svcacct-", "sk-admin-"],
    `${b}sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,200}${e}`,
  ),
  rule("anthropic-api-key", ["sk-ant-"], `${b}sk-ant-(?:api|admin)\\d{2}-[A-Za-z0-9_-]{80,120}${e}`),
  rule("twilio-api-key", ["sk"], `${b}SK[0-9a-fA-F]{32}${e}`),
  rule("sendgrid-api-key", ["sg."], `${b}SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}${e}`),
  rule("mailgun-api-key", ["key-"], `${b}key-[0-9a-f]{32}${e}`),
  rule("mailchimp-api-key", ["-us"], `${b}[0-9a-f]{32}-us\\d{1,2}${e}`),
  rule("npm-token", ["npm_"], `${b}npm_[A-Za-z0-9]{36}${e}`),
  rule("pypi-token", ["pypi-ageichlwas5vcmc"], `${b}pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}${e}`),
  rule(
    "discord-bot-token",
    [],
    `${b}[MNO][A-Za-z0-9_-]{23,25}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,38}${e}`,
  ),
  rule(
    "discord-webhook-url",
    ["discord"],
    `https://(?:ptb\\.|canary\\.)?discord(?:app)?\\.com/api/webhooks/\\d{17,20}/[A-Za-z0-9_-]{60,70}`,
  ),
  rule("telegram-bot-token", [":aa"], `${b}\\d{8,10}:AA[A-Za-z0-9_-]{33}${e}`),
  rule(
    "shopify-token",
    ["shpat_", "shpss_", "shpca_", "shppa_"],
    `${b}shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}${e}`,
  ),
  rule("digitalocean-token", ["dop_v1_", "doo_v1_", "dor_v1_"], `${b}do[opr]_v1_[a-f0-9]{64}${e}`),
  rule("huggingface-token", ["hf_"], `${b}hf_[A-Za-z]{34}${e}`),
  rule("databricks-token", ["dapi"], `${b}dapi[a-f0-9]{32}(?:-\\d)?${e}`),
  rule(
    "doppler-token",
    ["dp.pt.", "dp.st.", "dp.sa.", "dp.ct."],
    `${b}dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,44}${e}`,
  ),
  rule("figma-token", ["figd_"], `${b}figd_[A-Za-z0-9_-]{40,}${e}`),
  rule("linear-api-key", ["lin_api_"], `${b}lin_api_[A-Za-z0-9]{40}${e}`),
  rule("notion-token", ["secret_", "ntn_"], `${b}(?:secret_[A-Za-z0-9]{43}|ntn_\\d{11}[A-Za-z0-9]{35})${e}`),
  rule("postman-api-key", ["pmak-"], `${b}PMAK-[a-f0-9]{24}-[a-f0-9]{34}${e}`),
  rule("pulumi-token", ["pul-"], `${b}pul-[a-f0-9]{40}${e}`),
  rule("terraform-cloud-token", [".atlasv1."], `${b}[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_-]{60,70}${e}`),
  rule("vault-token", ["hvs.", "hvb.", "hvr."], `${b}hv[sbr]\\.[A-Za-z0-9_-]{24,}${e}`),
  rule(
    "sentry-dsn",
    ["sentry.io"],
    `https://[a-f0-9]{32}@o?\\d*\\.?ingest(?:\\.[a-z]{2})?\\.sentry\\.io/\\d+`,
  ),
  rule("sentry-token", ["sntrys_", "sntryu_"], `${b}sntry[su]_[A-Za-z0-9+/=_-]{40,}${e}`),
  rule("atlassian-api-token", ["atatt3"], `${b}ATATT3[A-Za-z0-9_=-]{180,}${e}`),
  rule("azure-storage-key", ["accountkey="], `AccountKey=([A-Za-z0-9+/]{86}==)`, 1),
  rule("azure-ad-client-secret", ["q~"], `${b}[A-Za-z0-9_~.-]{3}\\dQ~[A-Za-z0-9_~.-]{31,34}${e}`),
  rule(
    "private-key",
    ["private key-----"],
    `-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----[\\s\\S]{16,}?-----END (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----`,
  ),
  rule("jwt", ["eyj"], `${b}eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{20,}${e}`),
  rule(
    "square-token",
    ["eaaa", "sq0atp-", "sq0csp-"],
    `${b}(?:EAAA[A-Za-z0-9_-]{60}|sq0atp-[A-Za-z0-9_-]{22}|sq0csp-[A-Za-z0-9_-]{43})${e}`,
  ),
  rule(
    "braintree-token",
    ["access_token$production$"],
    `access_token\\$production\\$[a-z0-9]{16}\\$[a-f0-9]{32}`,
  ),
  rule("alibaba-access-key", ["ltai"], `${b}LTAI[A-Za-z0-9]{20}${e}`),
  rule("mapbox-secret-token", ["sk.eyj"], `${b}sk\\.eyJ[A-Za-z0-9_-]{30,}\\.[A-Za-z0-9_-]{20,}${e}`),
  rule("newrelic-api-key", ["nrak-", "nrii-", "nrjs-"], `${b}NR(?:AK|II|JS)-[A-Za-z0-9]{19,32}${e}`),
  rule(
    "grafana-token",
    ["glsa_", "glc_"],
    `${b}(?:glsa_[A-Za-z0-9]{32}_[a-f0-9]{8}|glc_[A-Za-z0-9+/]{32,}={0,2})${e}`,
  ),
  rule("supabase-token", ["sbp_"], `${b}sbp_[a-f0-9]{40}${e}`),
  rule("planetscale-token", ["pscale_"], `${b}pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{32,64}${e}`),
  rule(
    "age-secret-key",
    ["age-secret-key-1"],
    `${b}AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}${e}`,
  ),
  rule("netlify-token", ["nfp_"], `${b}nfp_[A-Za-z0-9]{36}${e}`),
  rule("dynatrace-token", ["dt0c01."], `${b}dt0c01\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}${e}`),
  rule("rubygems-token", ["rubygems_"], `${b}rubygems_[a-f0-9]{48}${e}`),
  rule("docker-hub-pat", ["dckr_pat_"], `${b}dckr_pat_[A-Za-z0-9_-]{27}${e}`),
  rule("bitbucket-app-password", ["atbb"], `${b}ATBB[A-Za-z0-9]{32}${e}`),
  rule("groq-api-key", ["gsk_"], `${b}gsk_[A-Za-z0-9]{52}${e}`),
  rule("replicate-token", ["r8_"], `${b}r8_[A-Za-z0-9]{37}${e}`),
  rule("perplexity-api-key", ["pplx-"], `${b}pplx-[A-Za-z0-9]{48}${e}`),
  rule("xai-api-key", ["xai-"], `${b}xai-[A-Za-z0-9]{80}${e}`),
  rule("e2b-api-key", ["e2b_"], `${b}e2b_[a-f0-9]{40}${e}`),
  rule("resend-api-key", ["re_"], `${b}re_[A-Za-z0-9]{8}_[A-Za-z0-9]{24}${e}`),
  rule("airtable-pat", ["pat"], `${b}pat[A-Za-z0-9]{14}\\.[a-f0-9]{64}${e}`),
  rule("shippo-token", ["shippo_live_", "shippo_test_"], `${b}shippo_(?:live|test)_[a-f0-9]{40}${e}`),
  rule("flutterwave-secret-key", ["flwseck"], `${b}FLWSECK(?:_TEST)?-[a-f0-9]{32}-X${e}`),
  rule("razorpay-key", ["rzp_live_", "rzp_test_"], `${b}rzp_(?:live|test)_[A-Za-z0-9]{14}${e}`),
  rule("prefect-token", ["pnu_"], `${b}pnu_[A-Za-z0-9]{36}${e}`),
  rule("clojars-token", ["clojars_"], `${b}CLOJARS_[a-z0-9]{60}${e}`),
  rule("twitter-bearer-token", ["aaaaaaaaaaaaaaaaaaaaa"], `${b}A{22}[A-Za-z0-9%]{80,120}${e}`),
  rule(
    "upstash-token",
    ["upstash"],
    `(?:upstash\\w*token|upstash\\w*key)["']?\\s*[:=]\\s*["']?([A-Za-z0-9=_-]{30,})`,
    1,
  ),
  rule("heroku-api-key", ["hrku-"], `${b}HRKU-[A-Za-z0-9_-]{60,}${e}`),
  rule("fly-token", ["fm1", "fm2_", "flyv1"], `${b}(?:FlyV1 )?fm[12][ar]?_[A-Za-z0-9+/=_-]{100,}`),
  rule("cloudflare-origin-ca-key", ["v1.0-"], `${b}v1\\.0-[a-f0-9]{24}-[a-f0-9]{146}${e}`),
  rule("yandex-api-key", ["aqvn"], `${b}AQVN[A-Za-z0-9_-]{35,38}${e}`),
];
