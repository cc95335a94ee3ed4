/**
 * Development set for tuning the secret scanner (the test set is secrets-test.ts, kept blind).
 * Same template language; a different seed, other carriers and other look-alikes.
 */
export const providerShapes: Record<string, string[]> = {
  "github-pat": ["ghp_{36:alnum}"],
  "slack-bot-token": ["xoxb-{12:digits}-{12:digits}-{24:alnum}"],
  "stripe-secret-key": ["sk_live_{32:alnum}"],
  "openai-api-key": ["sk-proj-{56:alnumdash}T3BlbkFJ{56:alnumdash}"],
  "anthropic-api-key": ["sk-ant-api03-{93:alnumdash}AA"],
  "aws-access-key": ["AKIA{16:UPNUM}"],
  "google-api-key": ["AIza{35:alnumdash}"],
  "telegram-bot-token": ["{10:digits}:AA{33:alnumdash}"],
  "sendgrid-api-key": ["SG.{22:alnumdash}.{43:alnumdash}"],
  "npm-token": ["npm_{36:alnum}"],
  jwt: ["eyJhbGciOiJSUzI1NiJ9.eyJ{60:b64url}.{86:b64url}"],
  "private-key": ["-----BEGIN EC PRIVATE KEY-----\\nMHcC{60:b64}\\n-----END EC PRIVATE KEY-----"],
  "postgres-url": ["postgresql://cairn:{18:alnum}@10.0.0.5:5432/cairn"],
  "api-key-assignment": ["API_KEY={32:alnum}", "client_secret: '{24:alnumdash}'"],
  "unknown-provider": ["{40:alnum}"],
};

export const carriers: string[] = [
  "key: %s",
  "I rotated it, the new one is %s",
  "OPENAI_API_KEY=%s",
  '{ "token": "%s" }',
  "Bitte trag %s in die Konfiguration ein.",
  "Voici la clé : %s",
];

export const chatLookalikes: string[] = [
  "The commit 9fceb02d0ae598e95dc970b74767f19372d61af8 fixed it.",
  "Trace id 0af7651916cd43dd8448eb211c80319c in the logs.",
  "Our API key policy: rotate every quarter.",
  "sha1 of the file: 2aae6c35c94fcfb415dbe95f408b9ce91ee846ed",
  "Session 7f9c2ba4-e88f-11ee-8c90-0242ac120002 expired.",
  "Order GB-2024-ABCD-1234 is on its way.",
  "Password reset link sent to the user.",
  "The token bucket allows 10 requests per second.",
  "Event id evt_3PqRsTuVwXyZaBcD1eFgHiJk for the payment.",
  "Download https://cdn.example.com/assets/app.4f8d2c1a9b3e.js",
  "aws s3 cp s3://acme-backups/2024/11/07/db.sql.gz .",
  "Passwort: bitte beim Admin erfragen.",
  "Le token expire dans 3600 secondes.",
  "Base64 'Zm9vYmFy' decodes to foobar.",
  "The Wi-Fi key is on the fridge.",
];
