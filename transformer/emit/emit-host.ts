/**
 * A host region → `g.host(fn, reads, label, changes?)`: `fn` runs the original statements (with
 * `this` → `self`) on its live-ins and returns its live-outs, which the statements after it read
 * with `.get(name)`; `changes` names the parts of the reads the statements may change
 * (`"messages"`, `"opts.tags"`). A tail region returns `forward`'s own result, which becomes the output.
 */
import type * as TS from "typescript";
import type { ForwardIR, HostRegion, Place } from "../ir/ir.js";
import type { Builders } from "./builders.js";
import type { NameAllocator } from "./names.js";
import type { TypeScriptApi } from "../typescript-api.js";

/** What the host emitter asks the structure's: how a read is passed in, how an output is declared. */
export interface HostBindings {
  readonly names: NameAllocator;
  /** A live-in as the node's input (`ValueEmitter.variable`). */
  input(place: Place): TS.Expression;
  /** `let` for a name something rebinds later, else as declared. */
  keywordOf(place: Place): "const" | "let";
}

export function emitHost(b: Builders, ir: ForwardIR, region: HostRegion, sourceFile: TS.SourceFile, bindings: HostBindings): TS.Statement[] {
  const f = b.f;
  const { names } = bindings;
  const first = region.statements[0]!.node;
  const line = sourceFile.getLineAndCharacterOfPosition(first.getStart(sourceFile)).line + 1;
  const readPlaces = region.liveIns.filter((p) => p !== ir.context);
  const reads = readPlaces.map((p) => p.name);
  const readValues = readPlaces.map((p) => bindings.input(p));
  // `this` stays the structure's `self`, typed as the class: `Object.entries(this.byName)` in a
  // host keeps its value types (compute functions take `self` untyped instead: see ValueEmitter).
  const usesContext = ir.context !== undefined && region.statements.some((s) => s.reads.has(ir.context!));

  const statements = region.statements.map((s) => b.rewrite(s.node));
  const outs = region.liveOuts.map((p) => p.name);
  if (!region.tail && outs.length > 0) statements.push(f.createReturnStatement(b.shorthandObject(outs)));
  // The reads are run-time values the statements see as `forward` did; their types are the source's own business.
  const params = reads.length > 0 ? [b.param(b.shorthandPattern(reads), b.anyType())] : usesContext ? [b.param(names.fresh("_reads"), b.anyType())] : [];
  if (usesContext) params.push(b.param(ir.context!.name));
  // A host that never awaits is a plain function: it runs to its end when the scheduler starts it,
  // as eager runs those statements without yielding, and the nodes after it start at that moment.
  const awaits = ir.isAsync && region.statements.some((s) => containsAwait(b.ts, s.node));
  const fn = b.arrow(params, f.createBlock(statements, true), awaits);
  const readsObject = f.createObjectLiteralExpression(reads.map((name, i) => {
    const value = readValues[i]!;
    return b.ts.isIdentifier(value) && value.text === name ? f.createShorthandPropertyAssignment(name) : f.createPropertyAssignment(name, value);
  }), false);
  const label = f.createStringLiteral(`${ir.className}.forward:${line}`);
  // The parts of its reads the statements may change, when there are any: later reads wait for it.
  const changes = region.changes.filter((c) => c.place !== ir.context).map((c) => f.createStringLiteral([c.place.name, ...c.path].join(".")));
  const host = b.g("host", changes.length > 0 ? [fn, readsObject, label, f.createArrayLiteralExpression(changes, false)] : [fn, readsObject, label]);

  if (region.tail) return [f.createReturnStatement(b.g("output", [host]))];
  if (outs.length === 0) return [f.createExpressionStatement(host)];
  const declared = new Set(region.statements.flatMap((s) => s.declares));
  const bind = (name: string, declaredHere: boolean, keyword: "const" | "let", value: TS.Expression): TS.Statement =>
    declaredHere ? b.constDeclaration(name, value, keyword)
      : f.createExpressionStatement(f.createAssignment(b.id(name), value));
  if (region.liveOuts.length === 1) {
    const place = region.liveOuts[0]!;
    return [bind(place.name, declared.has(place), bindings.keywordOf(place), b.get(host, place.name))];
  }
  const hostName = names.fresh(`host${line}`);
  return [
    b.constDeclaration(hostName, host),
    ...region.liveOuts.map((place) =>
      bind(place.name, declared.has(place), bindings.keywordOf(place), b.get(b.id(hostName), place.name))),
  ];
}

/** Whether `node` awaits, not counting functions declared inside it (their awaits are their own). */
function containsAwait(ts: TypeScriptApi, node: TS.Node): boolean {
  if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier !== undefined)) return true;
  if (ts.isVariableDeclarationList(node) && (node.flags & ts.NodeFlags.AwaitUsing) === ts.NodeFlags.AwaitUsing) return true;
  if (ts.isFunctionLike(node) || ts.isClassLike(node)) return false;
  return ts.forEachChild(node, (child) => containsAwait(ts, child) || undefined) ?? false;
}
