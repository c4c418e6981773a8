/**
 * Pass 8 — plan host regions.
 *
 * In: classified IR. Out: `ir.hostRegions`: consecutive host statements merged into one host node,
 * each with its live-ins (variables it reads that are defined before it and are run-time values or
 * may change while the structure is built; unchanging build-time constants are simply closed over)
 * and its live-outs (variables it declares or assigns that anything after it reads, including the
 * next iteration of an enclosing build-time loop). At the top level, a host statement that may
 * `return` runs to the end of `forward`: the region is a tail and its result is the output. And
 * the parts of its live-ins the statements may change (`hostChanges`). Reports nothing.
 */
import type { TypeScriptApi } from "../typescript-api.js";
import { packedAs, type ForwardIR, type HostRegion, type Place, type Region, type Stmt } from "../ir/ir.js";
import { isStatic, shapeOf } from "../ir/shapes.js";
import { regionsOf } from "../ir/walk.js";
import { hostChanges } from "../ir/host-changes.js";

export function planHostRegions(ts: TypeScriptApi, ir: ForwardIR): void {
  ir.hostRegions = new Map();
  planRegion(ts, ir.body, new Set(), true, ir.hostRegions);
}

function planRegion(ts: TypeScriptApi, region: Region, readAfter: ReadonlySet<Place>, topLevel: boolean,
                    out: Map<number, HostRegion>): void {
  for (let i = 0; i < region.length; i++) {
    const stmt = region[i]!;
    if (stmt.role !== "host") {
      const loop = stmt.kind === "for-of" || stmt.kind === "for-index";
      const after = union(readAfter, readsOf(region.slice(i + 1)), loop ? stmt.reads : new Set(), loop ? readsWithin(stmt) : new Set());
      for (const inner of regionsOf(stmt)) planRegion(ts, inner, after, false, out);
      continue;
    }
    let end = i + 1;
    let tail = topLevel && mayReturn(ts, stmt.node);
    while (!tail && end < region.length && region[end]!.role === "host") {
      const next = region[end++]!;
      tail = topLevel && mayReturn(ts, next.node);
    }
    if (tail) end = region.length;
    const statements = region.slice(i, end);
    for (const s of statements) s.role = "host";
    const declared = new Set(statements.flatMap((s) => s.declares));
    const reads = readsOf(statements);
    const liveIns = [...reads].filter((p) => !declared.has(p) && (!isStatic(shapeOf(p, `variable ${p.name}`)) || p.reassigned || packedAs(p) || p.declaredAs === "let" || p.declaredAs === "var"));
    const later = union(readAfter, readsOf(region.slice(end)));
    const defined = new Set([...declared, ...statements.flatMap((s) => [...s.writes])]);
    const liveOuts = tail ? [] : [...defined].filter((p) => later.has(p));
    const sortedIns = sortByDeclaration(liveIns);
    out.set(statements[0]!.id, { statements, liveIns: sortedIns, liveOuts: sortByDeclaration(liveOuts), tail, changes: hostChanges(ts, statements, sortedIns) });
    i = end - 1;
  }
}

function readsOf(statements: readonly Stmt[]): Set<Place> {
  return union(...statements.map((s) => s.reads));
}

/** Reads by statements nested in a loop body, for variables carried from one iteration to the next. */
function readsWithin(stmt: Stmt): Set<Place> {
  return union(...regionsOf(stmt).flatMap((region) => region.map((s) => union(s.reads, readsWithin(s)))));
}

function union(...sets: ReadonlySet<Place>[]): Set<Place> {
  const out = new Set<Place>();
  for (const set of sets) for (const p of set) out.add(p);
  return out;
}

function sortByDeclaration(places: Place[]): Place[] {
  return places.sort((a, b) => a.id - b.id);
}

function mayReturn(ts: TypeScriptApi, node: import("typescript").Node): boolean {
  if (ts.isReturnStatement(node)) return true;
  if (ts.isFunctionLike(node) || ts.isClassLike(node)) return false;
  return ts.forEachChild(node, (child) => mayReturn(ts, child) || undefined) ?? false;
}
