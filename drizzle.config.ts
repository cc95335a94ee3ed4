import { defineConfig } from "drizzle-kit";

// Migrations are generated from db/schema.ts and applied with `wrangler d1 migrations apply`.
export default defineConfig({
  dialect: "sqlite",
  schema: "./db/schema.ts",
  out: "./migrations",
});
