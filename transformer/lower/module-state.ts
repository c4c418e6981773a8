/**
 * Module-level variables that code in their file changes: assigned after their declaration, or a
 * part of them assigned, deleted or changed by a method that changes its receiver
 * (`usage.calls += 1`, `RUNS.push(q)`, `cache.set(k, v)`; `isWritten`, the test host nodes use for
 * their live-outs). The structure is built once per instance, so a read of such a variable while
 * it is built would give every later run the value of the first; `forward` reads it at run time
 * instead, in program order (lowering makes the read host code, XCS1015). A name a function
 * shadows counts too: the scan looks at names, not scopes, and a read kept as written is never
 * wrong.
 */
import type * as TS from "typescript";
import type { TypeScriptApi } from "../typescript-api.js";
import { isWritten } from "./scope.js";

const cache = new WeakMap<TS.SourceFile, ReadonlySet<string>>();

export function changedModuleState(ts: TypeScriptApi, sourceFile: TS.SourceFile): ReadonlySet<string> {
  let known = cache.get(sourceFile);
  if (known === undefined) cache.set(sourceFile, (known = scan(ts, sourceFile)));
  return known;
}

function scan(ts: TypeScriptApi, sourceFile: TS.SourceFile): ReadonlySet<string> {
  const declared = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) if (ts.isIdentifier(declaration.name)) declared.add(declaration.name.text);
  }
  const changed = new Set<string>();
  if (declared.size === 0) return changed;
  const visit = (node: TS.Node): void => {
    if (ts.isIdentifier(node) && declared.has(node.text) && isWritten(ts, node)) changed.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return changed;
}
