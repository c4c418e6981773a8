// The guide's code blocks and the snippet files they come from. A block is included by a marker
// line, `<!-- snippet: test/guide/snippets/<file> -->`, directly followed by a fenced block.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const guidePath = join(repoRoot, "docs/guide.md");

const MARKER = /^<!-- snippet: (\S+) -->\n```(\w*)\n([\s\S]*?)```$/gm;
const FENCE = /^```/gm;

export interface GuideBlock {
  /** Repository-relative path of the snippet file. */
  readonly file: string;
  readonly language: string;
  readonly code: string;
}

export function guideBlocks(guide: string): GuideBlock[] {
  return [...guide.matchAll(MARKER)].map(([, file, language, code]) => ({ file: file!, language: language!, code: code! }));
}

/** Fenced blocks in the guide (opening fences), included or not. */
export function fencedBlockCount(guide: string): number {
  return (guide.match(FENCE)?.length ?? 0) / 2;
}

/** The guide with every included block replaced by its file's current text. */
export function refreshGuide(guide: string): string {
  return guide.replace(MARKER, (_, file: string, language: string) => `<!-- snippet: ${file} -->\n\`\`\`${language}\n${snippetText(file)}\`\`\``);
}

export function snippetText(file: string): string {
  return readFileSync(join(repoRoot, file), "utf8");
}
