// Every code block of docs/guide.md is the text of a snippet file that the other guide tests
// compile and run. After editing a snippet: UPDATE_GUIDE=1 npx vitest run test/guide
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fencedBlockCount, guideBlocks, guidePath, refreshGuide, snippetText } from "./guide-blocks.js";

if (process.env.UPDATE_GUIDE) writeFileSync(guidePath, refreshGuide(readFileSync(guidePath, "utf8")));
const guide = readFileSync(guidePath, "utf8");
const blocks = guideBlocks(guide);

describe("docs/guide.md", () => {
  it("includes every code block from a snippet file", () => {
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks.length, "fenced blocks without a `<!-- snippet: … -->` marker").toBe(fencedBlockCount(guide));
  });

  it.each(blocks.map((b) => [b.file, b] as const))("shows %s exactly as the file is (UPDATE_GUIDE=1 to refresh)", (_, block) => {
    expect(block.code).toBe(snippetText(block.file));
  });
});
