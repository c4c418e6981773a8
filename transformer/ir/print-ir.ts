/**
 * A stable text form of the IR, for pass tests and for `XCS_DEBUG=ir` (the IR after each pass).
 * One line per statement, expressions as a compact tree; annotations appear once a pass sets them:
 * `:shape`, `!XCS1005` (effect), `[host]` / `[graph]` (role).
 */
import type { Expr, ForwardIR, Pattern, Region, Stmt } from "./ir.js";
import { printShape } from "./shapes.js";

export function printIR(ir: ForwardIR): string {
  const lines = [`forward ${ir.className}${ir.isAsync ? " async" : ""}(${ir.inputs ? pattern(ir.inputs.pattern) : ""})`];
  region(ir.body, 1, lines, ir);
  return lines.join("\n");
}

function region(statements: Region, depth: number, lines: string[], ir: ForwardIR): void {
  for (const stmt of statements) {
    const host = ir.hostRegions?.get(stmt.id);
    if (host) {
      const names = (places: readonly { name: string }[]) => places.map((p) => p.name).join(", ");
      lines.push(`${"  ".repeat(depth)}host${host.tail ? " tail" : ""} in(${names(host.liveIns)}) out(${names(host.liveOuts)})`);
    }
    lines.push(`${"  ".repeat(depth + (host || stmt.role === "host" ? 1 : 0))}${statement(stmt)}`);
    if (stmt.kind === "if") {
      region(stmt.then, depth + 1, lines, ir);
      if (stmt.otherwise) {
        lines.push(`${"  ".repeat(depth)}else`);
        region(stmt.otherwise, depth + 1, lines, ir);
      }
    } else if (stmt.kind === "for-of" || stmt.kind === "for-index") {
      region(stmt.body, depth + 1, lines, ir);
    }
  }
}

function statement(stmt: Stmt): string {
  const role = stmt.role ? ` [${stmt.role}]` : "";
  const breaks = stmt.breaks?.length ? ` {${stmt.breaks.map((b) => b.code).join(",")}}` : "";
  const suffix = role + breaks;
  switch (stmt.kind) {
    case "declare":
      return `s${stmt.id} ${stmt.keyword} ${stmt.declarations.map((d) => `${pattern(d.pattern)}${d.init ? ` = ${expr(d.init)}` : ""}`).join("; ")}${suffix}`;
    case "assign": return `s${stmt.id} ${stmt.place.name} := ${expr(stmt.value)}${suffix}`;
    case "push": return `s${stmt.id} ${[stmt.place.name, ...stmt.path].join(".")}.push(${stmt.values.map(expr).join(", ")})${suffix}`;
    case "set": return `s${stmt.id} ${stmt.place.name}[${typeof stmt.key === "string" ? JSON.stringify(stmt.key) : expr(stmt.key)}] := ${expr(stmt.value)}${suffix}`;
    case "expression": return `s${stmt.id} ${expr(stmt.expr)}${suffix}`;
    case "return": return `s${stmt.id} return ${stmt.value ? expr(stmt.value) : ""}${suffix}`;
    case "if": return `s${stmt.id} if ${expr(stmt.condition)}${suffix}`;
    case "for-of": return `s${stmt.id} for ${pattern(stmt.binding)} of ${expr(stmt.iterable)}${suffix}`;
    case "for-index": return `s${stmt.id} for ${stmt.index.name}${shape(stmt.index.shape)} (${stmt.header.map(expr).join("; ")})${suffix}`;
    case "jump": return `s${stmt.id} jump${suffix}`;
    case "opaque": return `s${stmt.id} opaque ${stmt.reason}${suffix}`;
  }
}

/** `x:ref`, or a pattern with its binding plan: `[a:ref, b:static]@elements`. */
function pattern(p: Pattern): string {
  if (p.kind === "name") return `${p.place.name}${shape(p.place.shape)}`;
  const inner = p.elements.map((e) => `${e.rest ? "..." : ""}${p.kind === "object" && typeof e.key === "string" ? `${e.key}: ` : ""}${pattern(e.target)}${e.initializer ? ` = ${expr(e.initializer)}` : ""}`).join(", ");
  return `${p.kind === "array" ? `[${inner}]` : `{${inner}}`}${p.bind ? `@${p.bind}` : ""}`;
}

function expr(e: Expr): string {
  const note = `${shape(e.shape)}${e.effect ? `!${e.effect.code}` : ""}`;
  switch (e.kind) {
    case "this": return `this${note}`;
    case "variable": return `${e.place.name}${note}`;
    case "global": return `${e.name}${note}`;
    case "literal": return `${e.node.getText().slice(0, 20)}${note}`;
    case "member": return `${expr(e.object)}${e.optional ? "?." : "."}${e.key}${note}`;
    case "element": return `${expr(e.object)}[${expr(e.index)}]${note}`;
    case "call": return `${e.calleeKind ?? "call"}(${expr(e.callee)}; ${e.args.map(expr).join(", ")})${note}`;
    case "await": return `await(${expr(e.operand)})${note}`;
    case "promise-all": return `all(${expr(e.operand)})${note}`;
    case "array": return `[${e.elements.map((x) => `${x.spread ? "..." : ""}${expr(x.value)}`).join(", ")}]${note}`;
    case "object": return `{${e.properties.map((p) => (p.spread ? `...${expr(p.value)}` : `${p.key}: ${expr(p.value)}`)).join(", ")}}${note}`;
    case "map": {
      const steps = e.steps.map((d) => `${pattern(d.pattern)} = ${expr(d.init!)}; `).join("");
      return `map(${expr(e.array)}; ${e.async ? "async " : ""}(${e.params.map(pattern).join(", ")}) => ${steps ? `{ ${steps}}` : ""}${expr(e.body)})${note}`;
    }
    case "pure": return `pure(${e.operands.map(expr).join(", ")})${note}`;
    case "opaque": return `opaque ${e.reason}${note}`;
  }
}

function shape(s: Parameters<typeof printShape>[0]): string {
  return s ? `:${printShape(s)}` : "";
}
