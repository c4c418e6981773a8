import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const runtime = resolve(dirname(fileURLToPath(import.meta.url)), "../../runtime");

/** Every package a module imports, following its relative imports through the sources. */
function packagesReachedFrom(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    for (const [, specifier] of source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+["']([^"']+)["']/gm)) {
      if (specifier!.startsWith(".")) visit(resolve(dirname(file), specifier!.replace(/\.js$/, ".ts")));
      else packages.add(specifier!);
    }
  };
  visit(entry);
  return packages;
}

describe("the optional `ai` peer dependency", () => {
  it('"xcs-jit" never imports ai or an @ai-sdk package; "xcs-jit/ai-sdk" does', () => {
    const main = [...packagesReachedFrom(resolve(runtime, "index.ts"))];
    expect(main.filter((name) => name === "ai" || name.startsWith("ai/") || name.startsWith("@ai-sdk/"))).toEqual([]);
    expect(packagesReachedFrom(resolve(runtime, "models/ai-sdk.ts")).has("ai")).toBe(true);
  });
});
