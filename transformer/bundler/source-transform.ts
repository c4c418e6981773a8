/**
 * The transform as a text edit, for every path that hands us source text instead of an AST to
 * rewrite (bundler plugins, `xcs-jit build`, the `--import` hook). The analysis is the one `tspc`
 * runs; its members are printed with the same printer and inserted with magic-string, so every
 * original character keeps its place and the source map is exact.
 *
 * `@structuralJit` itself is removed and replaced by a direct registration call after the class
 * (`structuralJit(Class)` registers exactly as the decorator does), or inside it for a class
 * expression: decorator syntax then never reaches a bundler that would leave it in its output.
 * The decorator is the one the analysis found (`StructuralClass.decorator`), not searched again.
 */
import type * as TS from "typescript";
import MagicString, { type SourceMap } from "magic-string";
import { analyzeFile } from "../analyze.js";
import type { XcsDiagnostic } from "../diagnostics/collector.js";
import type { TransformerOptions } from "../options.js";
import type { DeclaredShapes } from "../resolve/declared-shapes.js";
import { PACKAGE_NAME } from "../resolve/xcs-symbols.js";
import type { TypeScriptApi } from "../typescript-api.js";

export interface SourceTransformSettings {
  readonly ts: TypeScriptApi;
  /** Parsed from exactly the text to transform. */
  readonly sourceFile: TS.SourceFile;
  /** Type-aware resolution when the file belongs to a program; import bindings otherwise. */
  readonly checker?: TS.TypeChecker;
  /** Declaration-following resolution, asked before the checker. */
  readonly declarations?: DeclaredShapes;
  readonly options: TransformerOptions;
  readonly currentDirectory?: string;
}

export interface SourceTransformResult {
  /** Undefined when the file has no structural class: nothing changed. */
  readonly code?: string;
  readonly map?: SourceMap;
  readonly diagnostics: readonly XcsDiagnostic[];
  /** Resolution questions nothing could answer: the file would gain from a checker. */
  readonly unanswered: number;
}

export function transformSource(settings: SourceTransformSettings): SourceTransformResult {
  const { ts, sourceFile } = settings;
  const analysis = analyzeFile(sourceFile, settings);
  if (analysis.edits.length === 0) return { diagnostics: [], unanswered: analysis.unanswered };

  const text = sourceFile.text;
  const edited = new MagicString(text);
  const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed });
  for (const { result, members } of analysis.edits) {
    const node = result.found.node;
    const printed = members.map((m) => printer.printNode(ts.EmitHint.Unspecified, m, sourceFile));
    const registration = replaceDecorator(ts, edited, node, result.found.decorator, sourceFile);
    if (registration) printed.push(registration);
    if (printed.length > 0) insertMembers(edited, text, node, sourceFile, printed.join("\n"));
  }
  if (analysis.needsImport) {
    // On the first line, so no original line moves.
    edited.appendLeft(firstStatementStart(text), `import * as ${analysis.runtimeName} from "${PACKAGE_NAME}"; `);
  }
  return {
    code: edited.toString(),
    map: edited.generateMap({ source: sourceFile.fileName, includeContent: true, hires: true }),
    diagnostics: analysis.edits.flatMap((e) => e.result.diagnostics.diagnostics),
    unanswered: analysis.unanswered,
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

/**
 * `@structuralJit(...) class A {}` becomes `class A {} structuralJit(...)(A);`, all on the original
 * lines. A class expression has no name to register by afterwards, and wrapping it in a call would
 * make TypeScript type it contextually (a static field holding an array of objects, such as the
 * diagnostics table, is then a circularity error under `noImplicitAny`), so it registers itself
 * while it is defined: the returned `static { structuralJit(...)(this); }` goes in with the members.
 */
function replaceDecorator(ts: TypeScriptApi, edited: MagicString, node: TS.ClassLikeDeclaration, decorator: TS.Decorator, sourceFile: TS.SourceFile): string | undefined {
  const expression = decorator.expression.getText(sourceFile);
  if (ts.isClassExpression(node)) {
    edited.remove(decorator.getStart(sourceFile), decorator.end);
    return `static { ${expression}(this); }`;
  }
  // An unnamed declaration (`export default class`) cannot be registered by name; it is XCS3004 anyway.
  if (!node.name) return undefined;
  edited.remove(decorator.getStart(sourceFile), decorator.end);
  edited.appendLeft(node.end, ` ${expression}(${node.name.text});`);
  return undefined;
}

/** Past a `#!` line, which must stay first. */
function firstStatementStart(text: string): number {
  return text.startsWith("#!") ? text.indexOf("\n") + 1 : 0;
}
