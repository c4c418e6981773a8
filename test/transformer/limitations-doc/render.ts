// docs/limitations.md against the diagnostics catalog: the index, each section's heading, anchor
// and outcome line are generated from the catalog; the prose under them (What, Why, Example,
// Workaround) is written by people and carried over as it is. A code without prose gets a
// skeleton whose TODOs fail the test until someone writes it.
import type { CatalogEntry, DiagnosticHint, DiagnosticOutcome } from "../../../transformer/diagnostics/codes.js";

export const INDEX_BEGIN = "<!-- BEGIN GENERATED INDEX";
export const INDEX_END = "<!-- END GENERATED INDEX -->";
export const SUBSECTIONS = ["What", "Why", "Example", "Workaround"] as const;

export interface ParsedDoc {
  /** Everything before the first code section, index included. */
  preamble: string;
  /** The hand-written part of each code's section (from its first `###` heading on). */
  prose: Map<string, string>;
}

const OUTCOME: Record<DiagnosticOutcome, string> = {
  break: "**Graph break.** The statement runs as written in a host node; a warning, an error under `strict`.",
  bailout: "**Class bail-out.** The class is left as written and runs through the runtime fallback; a warning, an error under `strict`.",
  error: "**Error.** The build fails until the code or the options change.",
  notice: "**Notice.** Nothing in the class changes; a warning, an error under `strict`.",
  internal: "**Internal.** A transformer bug; the class is left as written and still runs correctly.",
};

const HINT: Record<DiagnosticHint, string> = {
  supportable: "the transformer could learn this in a later version.",
  fundamental: "inherent: a graph cannot keep this meaning.",
  "user-error": "change the code or the options.",
  internal: "please report it.",
};

const SECTION_HEADING = /^## (XCS\d{4}):/;

export function parseDoc(text: string): ParsedDoc {
  const lines = text.split("\n");
  const first = lines.findIndex((line) => SECTION_HEADING.test(line));
  const preamble = (first === -1 ? lines : lines.slice(0, first)).join("\n");
  const prose = new Map<string, string>();
  if (first === -1) return { preamble, prose };

  let code = "";
  let body: string[] = [];
  const flush = () => {
    const start = body.findIndex((line) => line.startsWith("### "));
    if (code && start !== -1) prose.set(code, body.slice(start).join("\n").trim());
  };
  for (const line of lines.slice(first)) {
    const heading = SECTION_HEADING.exec(line);
    if (heading) {
      flush();
      code = heading[1]!;
      body = [];
    } else {
      body.push(line);
    }
  }
  flush();
  return { preamble, prose };
}

export function renderDoc(entries: readonly CatalogEntry[], parsed: ParsedDoc): string {
  const preamble = replaceIndex(parsed.preamble.trimEnd(), renderIndex(entries));
  const sections = entries.map((entry) => renderSection(entry, parsed.prose.get(entry.code) ?? skeleton()));
  return `${preamble}\n\n${sections.join("\n\n")}\n`;
}

function renderIndex(entries: readonly CatalogEntry[]): string {
  const rows = entries.map((e) => `| [${e.code}](#${e.code.toLowerCase()}) | ${e.title} | ${e.outcome} |`);
  return ["| code | title | outcome |", "| --- | --- | --- |", ...rows].join("\n");
}

function replaceIndex(preamble: string, index: string): string {
  const begin = preamble.indexOf(INDEX_BEGIN);
  const end = preamble.indexOf(INDEX_END);
  if (begin === -1 || end === -1 || end < begin) {
    throw new Error(`docs/limitations.md: the index markers "${INDEX_BEGIN}" … "${INDEX_END}" are missing`);
  }
  const openerEnd = preamble.indexOf("-->", begin) + "-->".length;
  return `${preamble.slice(0, openerEnd)}\n${index}\n${preamble.slice(end)}`;
}

function renderSection(entry: CatalogEntry, prose: string): string {
  return [
    `## ${entry.code}: ${entry.title}`,
    "",
    `<a id="${entry.code.toLowerCase()}"></a>`,
    `${OUTCOME[entry.outcome]} Hint: ${entry.hint}, ${HINT[entry.hint]}`,
    "",
    prose,
  ].join("\n");
}

function skeleton(): string {
  return SUBSECTIONS.map((name) => `### ${name}\n\nTODO`).join("\n\n");
}

/** The hand-written subsections of one section, by name, in the order they appear. */
export function subsections(prose: string): { name: string; text: string }[] {
  return prose
    .split(/^### /m)
    .filter((part) => part.trim() !== "")
    .map((part) => {
      const newline = part.indexOf("\n");
      return { name: part.slice(0, newline).trim(), text: part.slice(newline + 1).trim() };
    });
}

/** The first fenced code block of a subsection: its language and its text. */
export function firstCodeBlock(text: string): { language: string; code: string } | undefined {
  const match = /^```(\w*)\n([\s\S]*?)^```/m.exec(text);
  return match ? { language: match[1]!, code: match[2]! } : undefined;
}
