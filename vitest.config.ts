import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import xcsJit from "./transformer/bundler/vite.js";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  // Dogfooding: test files there may declare @structuralJit classes inline and run them compiled.
  plugins: [xcsJit({ include: /\/test\/bundler\/dogfood\/[^/]+\.ts$/, tsconfig: here("./test/bundler/dogfood/tsconfig.json") })],
  resolve: {
    alias: [
      { find: /^xcs-jit$/, replacement: here("./runtime/index.ts") },
      { find: /^xcs-jit\/transformer$/, replacement: here("./transformer/index.ts") },
      { find: /^xcs-jit\/ai-sdk$/, replacement: here("./runtime/models/ai-sdk.ts") },
      { find: /^xcs-jit\/restate$/, replacement: here("./runtime/restate/index.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    // Tests write compiled modules and scratch projects under test/.tmp; none of them is a suite.
    exclude: ["test/.tmp/**", "**/node_modules/**"],
    testTimeout: 30_000,
    // `globalThis.gc` for the tests proving caches release what they key on.
    execArgv: ["--expose-gc"],
  },
});
