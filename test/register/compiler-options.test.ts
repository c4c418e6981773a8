// `--import xcs-jit/register` strips types with the project's own compiler options (here
// `useDefineForClassFields: false` and `experimentalDecorators`), as `tsc` would compile the file,
// deciding only the module format and the inline source map itself. Its own file: the hooks read
// their settings once per process.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, expect, it, vi } from "vitest";
import { load } from "../../transformer/register/hooks.js";

const dir = join(import.meta.dirname, "../.tmp/register-compiler-options");
const repo = join(import.meta.dirname, "../..");

afterAll(() => {
  delete process.env.XCS_JIT_TSCONFIG;
  delete process.env.XCS_JIT_CACHE;
});

it("compiles with the tsconfig's compiler options", async () => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({
    extends: join(repo, "tsconfig.base.json"),
    compilerOptions: { noEmit: true, useDefineForClassFields: false, experimentalDecorators: true, paths: { "xcs-jit": [join(repo, "runtime/index.ts")] } },
    include: ["*.ts"],
  }));
  writeFileSync(join(dir, "fields.ts"), `import { Operator } from "xcs-jit";
function tag(target: unknown) {
  return target;
}
@tag
export class Echo extends Operator<{ q: string }, { a: string }> {
  prefix = ">";
  async forward(inputs: { q: string }) {
    return { a: this.prefix + inputs.q };
  }
}
`);
  process.env.XCS_JIT_TSCONFIG = join(dir, "tsconfig.json");
  process.env.XCS_JIT_CACHE = "false";
  vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  const loaded = await load(pathToFileURL(join(dir, "fields.ts")).href, {}, vi.fn());
  const source = String(loaded.source);
  expect(source, "useDefineForClassFields: false assigns fields in the constructor").toMatch(/this\.prefix = ">";/);
  expect(source, "experimentalDecorators: the legacy __decorate helper").toContain("__decorate(");
  expect(source, "still an ES module, as Node expects for this file").toMatch(/^export /m);
  expect(source).not.toContain("exports.Echo");
});
