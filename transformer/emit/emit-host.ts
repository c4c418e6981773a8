/**
 * A host region → `g.host(fn, reads, label)`: `fn` runs the original statements (with `this` →
 * `self`) on its live-ins and returns its live-outs, which the statements after it read with
 * `.get(name)`. A tail region returns `forward`'s own result, which becomes the output.
 */
import type * as TS from "typescript";
import type { ForwardIR, HostRegion } from "../ir/ir.js";
import type { Builders } from "./builders.js";

export function emitHost(b: Builders, ir: ForwardIR, region: HostRegion, sourceFile: TS.SourceFile, usedNames: Set<string>): TS.Statement[] {
  const f = b.f;
  const first = region.statements[0]!.node;
  const line = sourceFile.getLineAndCharacterOfPosition(first.getStart(sourceFile)).line + 1;
  const reads = region.liveIns.filter((p) => p !== ir.context).map((p) => p.name);
  const usesContext = ir.context !== undefined && region.statements.some((s) => s.reads.has(ir.context!));

  const statements = region.statements.map((s) => b.rewrite(s.node));
  const outs = region.liveOuts.map((p) => p.name);
  if (!region.tail && outs.length > 0) statements.push(f.createReturnStatement(b.shorthandObject(outs)));
  // The reads have the types `forward` gives them, when the checker knows them; else `any`.
  const anyType = () => f.createKeywordTypeNode(b.ts.SyntaxKind.AnyKeyword);
  const readPlaces = region.liveIns.filter((p) => p !== ir.context);
  const readTypes = readPlaces.map((p) => b.typeOf(p.node));
  const readsType = readTypes.every((t) => t !== undefined)
    ? f.createTypeLiteralNode(readPlaces.map((p, i) => f.createPropertySignature(undefined, p.name, undefined, readTypes[i])))
    : anyType();
  const params = reads.length > 0 ? [b.param(b.shorthandPattern(reads), readsType)] : usesContext ? [b.param("_reads", anyType())] : [];
  if (usesContext) params.push(b.param(ir.context!.name));
  const fn = b.arrow(params, f.createBlock(statements, true), ir.isAsync);
  const host = b.g("host", [fn, b.shorthandObject(reads), f.createStringLiteral(`${ir.className}.forward:${line}`)]);

  if (region.tail) return [f.createReturnStatement(b.g("output", [host]))];
  if (outs.length === 0) return [f.createExpressionStatement(host)];
  const declared = new Set(region.statements.flatMap((s) => s.declares));
  const bind = (name: string, declaredHere: boolean, keyword: "const" | "let", value: TS.Expression): TS.Statement =>
    declaredHere ? b.constDeclaration(name, value, keyword)
      : f.createExpressionStatement(f.createAssignment(b.id(name), value));
  if (region.liveOuts.length === 1) {
    const place = region.liveOuts[0]!;
    return [bind(place.name, declared.has(place), place.declaredAs === "const" ? "const" : "let", b.get(host, place.name))];
  }
  let hostName = `host${line}`;
  while (usedNames.has(hostName)) hostName += "_";
  usedNames.add(hostName);
  return [
    b.constDeclaration(hostName, host),
    ...region.liveOuts.map((place) =>
      bind(place.name, declared.has(place), place.declaredAs === "const" ? "const" : "let", b.get(b.id(hostName), place.name))),
  ];
}
