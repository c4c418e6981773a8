// Makes `xcs-jit` resolvable from examples/ the way it is in a user's project, where it sits in
// node_modules: ts-patch loads `"transform": "xcs-jit/transformer"` with
// require.resolve(…, { paths: [projectDir] }), which searches node_modules folders only (package
// self-reference does not apply to a resolution made on behalf of ts-patch's own module).
// Creates examples/node_modules/xcs-jit -> the package root (a relative link, so copies work).
import { existsSync, lstatSync, mkdirSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const examples = dirname(fileURLToPath(import.meta.url));
const link = join(examples, "node_modules", "xcs-jit");
if (!existsSync(link) && !isSymlink(link)) {
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(join("..", ".."), link, "dir");
}

function isSymlink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
