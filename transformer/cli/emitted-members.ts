// What `tspc` emits for the members the transformer adds, per class: the file is emitted through
// the transformer with the tsconfig's own compiler options (to a callback, nothing is written),
// and the added members are read back from the JavaScript, so `inspect` shows exactly that.
import type * as TS from "typescript";
import { createTransformer } from "../index.js";
import type { TypeScriptApi } from "../typescript-api.js";
import type { LoadedSourceFile } from "./load-source-file.js";

/**
 * The added members (the structure, the diagnostics table) as emitted JavaScript, one text per
 * class that gained any, in source order: by position, since decorated classes are emitted as
 * anonymous class expressions (`var Tree = _classThis = class { ... }`).
 */
export function emittedMembers(ts: TypeScriptApi, loaded: LoadedSourceFile): string[] {
  let javascript = "";
  const transformer = createTransformer(loaded.program, { ts, ...loaded.transformerOptions, onDiagnostic: () => {} });
  loaded.program.emit(loaded.sourceFile, (name, text) => {
    if (/\.[cm]?jsx?$/.test(name)) javascript = text;
  }, undefined, false, { before: [transformer] });
  const emitted = ts.createSourceFile("emitted.js", javascript, ts.ScriptTarget.Latest, true);
  const groups: string[][] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
      const added = node.members.filter((member) => member.name && isAdded(ts, member.name));
      if (added.length > 0) groups.push(added.map((member) => textOf(emitted, member)));
    }
    // Targets or settings without class fields emit the table after the class: `Tree[xcs.XCS_DIAGNOSTICS] = [...]`.
    if (ts.isExpressionStatement(node) && ts.isBinaryExpression(node.expression) && ts.isElementAccessExpression(node.expression.left) &&
        isAdded(ts, node.expression.left.argumentExpression) && groups.length > 0) {
      groups[groups.length - 1]!.push(textOf(emitted, node));
    }
    ts.forEachChild(node, visit);
  };
  visit(emitted);
  return groups.map((texts) => texts.join("\n"));
}

/** `[xcs.XCS_STRUCTURE]`, `[xcs.XCS_DIAGNOSTICS]`: the members the transformer adds, by their keys. */
function isAdded(ts: TypeScriptApi, name: TS.Node): boolean {
  const key = ts.isComputedPropertyName(name) ? name.expression : name;
  return ts.isPropertyAccessExpression(key) && (key.name.text === "XCS_STRUCTURE" || key.name.text === "XCS_DIAGNOSTICS");
}

/** A node's text with the indentation of its first line taken off every line. */
function textOf(file: TS.SourceFile, node: TS.Node): string {
  const start = node.getStart(file);
  const lineStart = file.text.lastIndexOf("\n", start - 1) + 1;
  const indent = file.text.slice(lineStart, start);
  const lines = node.getText(file).split("\n");
  return lines.map((line, i) => (i > 0 && line.startsWith(indent) ? line.slice(indent.length) : line)).join("\n");
}
