// One built package for every end-to-end test of a run (each used to build its own: two `tsc`
// runs apiece). Keyed by the sources it is built from, so it is rebuilt only when they change;
// a lock directory keeps two vitest workers from building it at once.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildPackage, repoRoot } from "./build-package.js";

const dir = join(repoRoot, "test/.tmp/shared-package");
const stamp = join(dir, ".built-from");
const lock = `${dir}.lock`;
/** A lock older than a build ever takes was left by a killed run. */
const STALE_LOCK_MS = 300_000;

/**
 * The package as `npm run build` lays it out (runtime and transformer), built from the current
 * sources. Tests may put scratch files in it but never change what was built: a test that needs
 * another build makes its own.
 */
export function sharedPackage(): string {
  const key = sourceKey();
  for (const deadline = Date.now() + STALE_LOCK_MS; ; ) {
    if (readStamp() === key) return dir;
    if (tryLock()) break;
    if (Date.now() > deadline) throw new Error(`sharedPackage: ${lock} is still held after ${STALE_LOCK_MS / 1000} s`);
    sleep(250);
  }
  try {
    if (readStamp() !== key) {
      buildPackage(dir, { runtime: true });
      writeFileSync(stamp, key);
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return dir;
}

function tryLock(): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch {
    const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
    return false;
  }
}

function readStamp(): string | undefined {
  try {
    return readFileSync(stamp, "utf8");
  } catch {
    return undefined;
  }
}

/** A hash of everything the build reads: the sources and the manifests and tsconfigs. */
function sourceKey(): string {
  const hash = createHash("sha256");
  const files = ["package.json", "tsconfig.base.json", "tsconfig.build.json", "tsconfig.cjs.json"];
  for (const root of ["runtime", "transformer"]) files.push(...listFiles(root));
  for (const file of files) hash.update(file).update("\0").update(readFileSync(join(repoRoot, file))).update("\0");
  return hash.digest("hex");
}

function listFiles(relative: string): string[] {
  return readdirSync(join(repoRoot, relative), { withFileTypes: true }).flatMap((entry) => {
    const path = `${relative}/${entry.name}`;
    return entry.isDirectory() ? listFiles(path) : entry.name.endsWith(".ts") ? [path] : [];
  }).sort();
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
