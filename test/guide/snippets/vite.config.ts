import { defineConfig } from "vite";
import { xcsJit } from "xcs-jit/vite";

export default defineConfig({
  // Compiles @structuralJit classes as Vite loads them, with the same analysis as tspc;
  // `tsconfig` is found next to the sources unless given, `strict` as in the tsconfig plugin.
  plugins: [xcsJit({ strict: false })],
});
