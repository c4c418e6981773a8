/**
 * The text back-end: applies a file's edits (`plan.ts`) to its source text with magic-string, for
 * the paths handed text rather than an AST to rewrite (bundler plugins, `register`, `xcs-jit
 * build`). Generated members are printed with TypeScript's printer; every original character
 * keeps its place and line, so the source map is exact.
 */
import type * as TS from "typescript";
import MagicString, { type SourceMap } from "magic-string";
import { PACKAGE_NAME } from "../resolve/xcs-symbols.js";
import type { TypeScriptApi } from "../typescript-api.js";
import type { FileEdits } from "./plan.js";

export interface EditedText {
  readonly code: string;
  readonly map: SourceMap;
}

/** `sourceFile` is parsed from exactly the text to edit. */
export function applyToText(ts: TypeScriptApi, sourceFile: TS.SourceFile, edits: FileEdits): EditedText {
  const text = sourceFile.text;
  const edited = new MagicString(text);
  const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed });
  for (const { node, members, registration } of edits.classes) {
    const printed = members.map((m) => printer.printNode(ts.EmitHint.Unspecified, m, sourceFile));
    if (registration) {
      // The decorator's expression as written, called: the line it is on keeps its text.
      const expression = registration.decorator.expression.getText(sourceFile);
      edited.remove(registration.decorator.getStart(sourceFile), registration.decorator.end);
      if (registration.at === "static-block") printed.push(`static { ${expression}(this); }`);
      else edited.appendLeft(node.end, ` ${expression}(${node.name!.text});`);
    }
    if (printed.length > 0) insertMembers(edited, text, node, sourceFile, printed.join("\n"));
  }
  if (edits.namespaceImport !== undefined) {
    // On the first line, so no original line moves.
    edited.appendLeft(firstStatementStart(text), `import * as ${edits.namespaceImport} from "${PACKAGE_NAME}"; `);
  }
  return {
    code: edited.toString(),
    map: edited.generateMap({ source: sourceFile.fileName, includeContent: true, hires: true }),
  };
}

/** Before the class's closing brace, indented like its first member. */
function insertMembers(edited: MagicString, text: string, node: TS.ClassLikeDeclaration, sourceFile: TS.SourceFile, printed: string): void {
  const close = node.end - 1;
  const closeLineStart = text.lastIndexOf("\n", close - 1) + 1;
  const firstMember = node.members[0];
  const indent = firstMember ? leadingIndent(text, firstMember.getStart(sourceFile)) : "  ";
  const body = printed.split("\n").map((line) => (line ? indent + line : line)).join("\n");
  // A brace alone on its line gets the members on the lines above it; `class A { ... }` on one line, inline.
  if (/^[ \t]*$/.test(text.slice(closeLineStart, close))) edited.appendLeft(closeLineStart, `${body}\n`);
  else edited.appendLeft(close, `\n${body}\n`);
}

function leadingIndent(text: string, position: number): string {
  const lineStart = text.lastIndexOf("\n", position - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, position))![0];
}

/** Past a `#!` line, which must stay first. */
function firstStatementStart(text: string): number {
  return text.startsWith("#!") ? text.indexOf("\n") + 1 : 0;
}
