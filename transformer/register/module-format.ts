/** Node's own rule for a TypeScript file: `.mts` is ESM, `.cts` CommonJS, `.ts` follows the nearest package.json's "type". */
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";

export async function moduleFormatOf(fileName: string): Promise<"module" | "commonjs"> {
  if (fileName.endsWith(".mts")) return "module";
  if (fileName.endsWith(".cts")) return "commonjs";
  for (let dir = dirname(fileName); ; dir = dirname(dir)) {
    const manifest = await readFile(join(dir, "package.json"), "utf8").then((text) => JSON.parse(text) as { type?: string }, () => undefined);
    if (manifest) return manifest.type === "module" ? "module" : "commonjs";
    if (dirname(dir) === dir) return "commonjs";
  }
}
