// One `vite build` of the generated project. Run as a script it is a fresh process, as the
// `vite build` command is: Vite, the plugin and TypeScript all load from cold (the parent times
// the whole process). Imported, it builds in the caller's process, warm after the first build.
//   node build-once.mjs <project dir> <plugin entry, "recorded" or "none"> [plugin options as JSON]
// "recorded" serves what the plugin kept in `options.cache` without analysing (recorded-output.mjs).
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { recordedOutputPlugin } from "./recorded-output.mjs";

const require = createRequire(new URL("../../package.json", import.meta.url));

export async function buildProject(projectDir, pluginEntry, pluginOptions = {}) {
  const { build } = await import(require.resolve("vite"));
  const plugins =
    pluginEntry === "none" ? []
    : pluginEntry === "recorded" ? [recordedOutputPlugin(pluginOptions.cache)]
    : [(await import(pluginEntry)).xcsJit({ root: projectDir, ...pluginOptions })];
  await build({
    root: projectDir,
    configFile: false,
    logLevel: "silent",
    plugins,
    build: { ssr: "src/entry.ts", outDir: "dist", minify: false, emptyOutDir: true, write: true },
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [projectDir, pluginEntry, pluginOptions] = process.argv.slice(2);
  await buildProject(projectDir, pluginEntry, JSON.parse(pluginOptions ?? "{}"));
}
