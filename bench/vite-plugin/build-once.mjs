// One `vite build` of the generated project in this process, as the `vite build` command runs it:
// Vite, the plugin and TypeScript all load from cold. The parent times the whole process.
//   node build-once.mjs <project dir> <plugin entry or "none"> [plugin options as JSON]
import { createRequire } from "node:module";

const [projectDir, pluginEntry, pluginOptions] = process.argv.slice(2);
const require = createRequire(new URL("../../package.json", import.meta.url));
const { build } = await import(require.resolve("vite"));
const plugins = pluginEntry === "none" ? [] : [(await import(pluginEntry)).xcsJit({ root: projectDir, ...JSON.parse(pluginOptions ?? "{}") })];
await build({
  root: projectDir,
  configFile: false,
  logLevel: "silent",
  plugins,
  build: { ssr: "src/entry.ts", outDir: "dist", minify: false, emptyOutDir: true, write: true },
});
