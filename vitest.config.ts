import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^xcs-jit$/, replacement: here("./runtime/index.ts") },
      { find: /^xcs-jit\/transformer$/, replacement: here("./transformer/index.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    // `globalThis.gc` for the tests proving caches release what they key on.
    execArgv: ["--expose-gc"],
  },
});
