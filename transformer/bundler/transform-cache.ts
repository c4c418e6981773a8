/**
 * Transform results kept on disk between builds, so a file and everything its analysis read, left
 * unchanged since the last build, is not analysed again: neither TypeScript nor the analysis
 * loads for a build whose files all hit.
 *
 * One entry per source file, overwritten when the file changes, so the cache never holds more
 * entries than the project has structural files. An entry holds for the same transformer code,
 * TypeScript version, options and source text, and while every file it depended on has the
 * content it had (or is still missing, for the candidates a module resolution tried): those
 * states are compared on every hit, never assumed. An entry that cannot be read is a miss.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { contentHash, normalize, type Reads } from "../resolve/module-index.js";
import type { TransformOutput } from "./worker/protocol.js";

export interface TransformCache {
  /** The kept result, when it still holds for this text and what it depended on. */
  get(fileName: string, code: string): TransformOutput | undefined;
  set(fileName: string, code: string, output: TransformOutput, reads: Reads): void;
  /** A file changed during the build (watch mode): its state is read again at the next use. */
  forget(fileName: string): void;
}

interface Entry {
  readonly source: string;
  readonly output: TransformOutput;
  /** Path → content hash, or null for a file that must still not exist. */
  readonly states: Readonly<Record<string, string | null>>;
}

const MISSING = null;

/** `salt` is what else decides a result for this caller (its options); the transformer's code and TypeScript's version are added here. */
export function openTransformCache(directory: string, salt: string): TransformCache {
  // Read once per build: an unchanged file is hashed once however many entries depend on it.
  const states = new Map<string, string | null>();
  const stateOf = (path: string): string | null => {
    let state = states.get(path);
    if (state === undefined) states.set(path, (state = readState(path)));
    return state;
  };
  const version = hash(`${salt}\0${transformerFingerprint()}\0${typescriptVersion()}`);
  const entryPath = (fileName: string) => join(directory, `${hash(`${version}\0${fileName}`)}.json`);
  return {
    get(fileName, code) {
      let entry: Entry;
      try {
        entry = JSON.parse(readFileSync(entryPath(fileName), "utf8")) as Entry;
      } catch {
        return undefined;
      }
      if (entry.source !== hash(code)) return undefined;
      for (const [path, state] of Object.entries(entry.states)) if (stateOf(path) !== state) return undefined;
      return entry.output;
    },
    set(fileName, code, output, reads) {
      if (!reads.complete) return;
      // Files read keep the hash of the text the analysis saw; the rest are as they are now.
      const recorded: Record<string, string | null> = {};
      for (const path of reads.lookups) recorded[path] = stateOf(path);
      for (const [path, state] of reads.files) recorded[path] = state;
      const entry: Entry = { source: hash(code), output, states: recorded };
      const path = entryPath(fileName);
      try {
        mkdirSync(directory, { recursive: true });
        // Written aside and renamed: a build reading it meanwhile sees the old entry or the new one, whole.
        const temporary = `${path}.${process.pid}.tmp`;
        writeFileSync(temporary, JSON.stringify(entry));
        renameSync(temporary, path);
      } catch {
        // A cache that cannot be written costs the next build an analysis, nothing else.
      }
    },
    forget(fileName) {
      states.delete(normalize(fileName));
    },
  };
}

/** Whether a cache directory holds entries: a build that will mostly hit need not start the analysis early. */
export function cacheHoldsEntries(directory: string): boolean {
  try {
    return readdirSync(directory).length > 0;
  } catch {
    return false;
  }
}

function readState(path: string): string | null {
  try {
    return statSync(path).isFile() ? contentHash(readFileSync(path, "utf8")) : "directory";
  } catch {
    return MISSING;
  }
}

let fingerprint: string | undefined;

/**
 * The transformer's own code, hashed: a new release or a local edit of the analysis must not be
 * answered from entries an older one wrote, whatever its version number says.
 */
function transformerFingerprint(): string {
  return (fingerprint ??= hash(codeFiles(dirname(__dirname)).map((file) => readFileSync(file)).join("\0")));
}

/** `createRequire`: this module also runs as ES (a bundled Vite config), where there is no `require`. */
function typescriptVersion(): string {
  return (createRequire(__filename)("typescript/package.json") as { version: string }).version;
}

function codeFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.[cm]?[jt]s$/.test(entry.name) && !entry.name.endsWith(".d.ts"))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function hash(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}
