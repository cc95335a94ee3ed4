import { defineConfig } from "drizzle-kit";

// Migrations are generated from db/schema.ts and applied with `wrangler d1 migrations apply`.
export default defineConfig({
  dialect: "sqlite",
  // db/schema.ts holds the core tables; each area may add db/schema-<area>.ts.
  schema: ["./db/schema.ts", "./db/schema-*.ts"],
  out: "./migrations",
});
