// TypeScript programs that resolve the package's entry points to their sources, as a user's
// project resolves them to the installed package: over the guide's snippets, or any files.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import * as ts from "typescript";
import { repoRoot } from "./guide-blocks.js";

export const snippetsDir = join(repoRoot, "test/guide/snippets");
export const snippetFiles = readdirSync(snippetsDir)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => join(snippetsDir, f));

export const snippetProgram = () => packageProgram(snippetFiles);

export function packageProgram(files: readonly string[]): ts.Program {
  return ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ["lib.es2023.d.ts"],
    types: ["node"],
    strict: true,
    noImplicitOverride: true,
    skipLibCheck: true,
    // Emit goes through compileWithTransformer's writeFile; outDir only keeps sources unshadowed.
    outDir: join(repoRoot, "test/.tmp/emit"),
    baseUrl: repoRoot,
    paths: {
      "xcs-jit": ["./runtime/index.ts"],
      "xcs-jit/ai-sdk": ["./runtime/models/ai-sdk.ts"],
      "xcs-jit/restate": ["./runtime/restate/index.ts"],
      "xcs-jit/vite": ["./transformer/bundler/vite.ts"],
    },
  });
}
