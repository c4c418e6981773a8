// A stand-in for xcs-jit/vite that analyses nothing: it hands Vite, for each file, the output the
// real plugin kept on disk in an earlier build (code and map, as the plugin returns them). Timed
// next to plain Vite, it measures what the bundler pays for the plugin's output alone, the floor
// under any analysis: no plugin code, no TypeScript, no cache checks.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Outputs by source hash, from the transform cache entries in `cacheDirectory`. */
function recordedOutputs(cacheDirectory) {
  const outputs = new Map();
  for (const name of readdirSync(cacheDirectory)) {
    if (!name.endsWith(".json")) continue;
    const entry = JSON.parse(readFileSync(join(cacheDirectory, name), "utf8"));
    outputs.set(entry.source, entry.output);
  }
  return outputs;
}

export function recordedOutputPlugin(cacheDirectory) {
  const outputs = recordedOutputs(cacheDirectory);
  return {
    name: "xcs-jit-recorded-output",
    enforce: "pre",
    transform(code, id) {
      if (!/\.ts$/.test(id) || id.includes("/node_modules/") || !code.includes("@structuralJit")) return null;
      const output = outputs.get(createHash("sha256").update(code).digest("hex"));
      // Serving the source unchanged would time plain Vite under another name.
      if (!output) throw new Error(`no recorded output for ${id}: run the "results kept" variant first`);
      return output.code === undefined ? null : { code: output.code, map: output.map };
    },
  };
}
