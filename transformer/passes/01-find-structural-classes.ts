/**
 * Pass 1 — find structural classes.
 *
 * In: a source file and a resolver. Out: every class whose decorator resolves to xcs-jit's
 * `structuralJit` (any alias, namespace import, with or without options), its `forward` method and
 * its decorator options. Misuse (no `forward`, options that are not an object literal or that the
 * runtime would reject, an anonymous class) is recorded as XCS3xxx on the class; nothing else is
 * decided here.
 */
import type { TypeScriptApi } from "../typescript-api.js";
import type * as TS from "typescript";
import type { DiagnosticCode } from "../diagnostics/codes.js";
import type { XcsResolver } from "../resolve/xcs-symbols.js";
import { InvalidOptionError } from "../../runtime/options/option-checks.js";
import { checkStructuralJitOptions, STRUCTURAL_JIT_SOURCE } from "../../runtime/options/structural-jit-options.js";

export interface StructuralClass {
  readonly node: TS.ClassLikeDeclaration;
  readonly name: string;
  readonly forward?: TS.MethodDeclaration;
  /** The `@structuralJit` decorator, found once here for every emitter (the text paths replace it). */
  readonly decorator: TS.Decorator;
  /** From `@structuralJit({ strict })`; undefined when the decorator does not say. */
  readonly strict?: boolean;
  readonly misuse: { readonly code: DiagnosticCode; readonly node: TS.Node; readonly args?: Record<string, string> }[];
}

export function findStructuralClasses(ts: TypeScriptApi, sourceFile: TS.SourceFile, resolver: XcsResolver): StructuralClass[] {
  if (!resolver.importsPackage) return [];
  const found: StructuralClass[] = [];
  // Every decorator starts with an `@`: a subtree whose text has none holds no structural class,
  // which spares walking all but the few nodes around the decorators (a compile walks every file).
  // Nodes an earlier transformer made have no text (pos -1) and are walked.
  const ats = atSigns(sourceFile.text);
  const visit = (node: TS.Node): void => {
    if (node.pos >= 0 && !containsAny(ats, node.pos, node.end)) return;
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
      const decorator = (ts.getDecorators(node) ?? []).find((d) => resolver.isStructuralJit(calleeOf(ts, d.expression)));
      if (decorator) found.push(describe(ts, node, decorator));
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/**
 * The same test for a whole file's text, asked before paying for its analysis: before parsing,
 * before building a resolver, before a bundler waits on the worker.
 */
export function mayHoldStructuralClasses(text: string): boolean {
  return text.includes("@");
}

function atSigns(text: string): number[] {
  const positions: number[] = [];
  for (let at = text.indexOf("@"); at !== -1; at = text.indexOf("@", at + 1)) positions.push(at);
  return positions;
}

/** Whether a sorted `positions` has one in [start, end). */
function containsAny(positions: readonly number[], start: number, end: number): boolean {
  let low = 0;
  let high = positions.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (positions[mid]! < start) low = mid + 1;
    else high = mid;
  }
  return low < positions.length && positions[low]! < end;
}

function calleeOf(ts: TypeScriptApi, expression: TS.Expression): TS.Expression {
  return ts.isCallExpression(expression) ? expression.expression : expression;
}

function describe(ts: TypeScriptApi, node: TS.ClassLikeDeclaration, decorator: TS.Decorator): StructuralClass {
  const misuse: StructuralClass["misuse"][number][] = [];
  const name = node.name?.text ?? "";
  if (!node.name) misuse.push({ code: "XCS3004", node: decorator });
  const forward = node.members.find(
    (m): m is TS.MethodDeclaration =>
      ts.isMethodDeclaration(m) && !!m.name && ts.isIdentifier(m.name) && m.name.text === "forward" && !!m.body,
  );
  if (!forward) misuse.push({ code: "XCS3001", node: node.name ?? decorator, args: { text: name || "(anonymous)" } });
  return { node, name, forward, decorator, strict: readDecoratorOptions(ts, decorator, name, misuse), misuse };
}

/**
 * Reads the decorator's options: `strict` (the transformer's own business) and, for the rest, the
 * runtime's own check run on the values that are constants here, so `maxConcurrency: 0` or a
 * misspelt key fails the build naming the class. A value computed at run time is left to the
 * decorator, which checks it when the module loads.
 */
function readDecoratorOptions(ts: TypeScriptApi, decorator: TS.Decorator, className: string, misuse: StructuralClass["misuse"][number][]): boolean | undefined {
  const call = decorator.expression;
  if (!ts.isCallExpression(call) || call.arguments.length === 0) return undefined;
  const options = call.arguments[0]!;
  const invalid = (node: TS.Node, text: string) => misuse.push({ code: "XCS3002", node, args: { class: className || "(anonymous)", text } });
  if (!ts.isObjectLiteralExpression(options) || call.arguments.length > 1) {
    invalid(options, "expected one object literal");
    return undefined;
  }
  let strict: boolean | undefined;
  const constants: Record<string, unknown> = {};
  const nodes = new Map<string, TS.Node>();
  for (const property of options.properties) {
    if (!ts.isPropertyAssignment(property)) continue;
    const key = ts.isIdentifier(property.name) || ts.isStringLiteral(property.name) ? property.name.text : undefined;
    if (key === undefined) continue;
    const value = constantValue(ts, property.initializer);
    if (key === "strict" && typeof value.value !== "boolean") {
      invalid(property.initializer, "`strict` must be `true` or `false`");
      continue;
    }
    if (key === "strict") strict = value.value as boolean;
    if (value.known) {
      constants[key] = value.value;
      nodes.set(key, property);
    }
  }
  try {
    checkStructuralJitOptions(constants);
  } catch (error) {
    const option = error instanceof InvalidOptionError ? nodes.get(error.option) : undefined;
    invalid(option ?? options, String((error as Error).message).replace(`${STRUCTURAL_JIT_SOURCE}: `, ""));
  }
  return strict;
}

/** The value of a constant expression (a literal, `-1`, `Infinity`, `undefined`), or `known: false`. */
function constantValue(ts: TypeScriptApi, node: TS.Expression): { known: boolean; value?: unknown } {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { known: true, value: node.text };
  if (ts.isNumericLiteral(node)) return { known: true, value: Number(node.text) };
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken) {
    const operand = constantValue(ts, node.operand);
    return typeof operand.value === "number" ? { known: true, value: -operand.value } : { known: false };
  }
  if (node.kind === ts.SyntaxKind.TrueKeyword) return { known: true, value: true };
  if (node.kind === ts.SyntaxKind.FalseKeyword) return { known: true, value: false };
  if (node.kind === ts.SyntaxKind.NullKeyword) return { known: true, value: null };
  if (ts.isIdentifier(node) && node.text === "Infinity") return { known: true, value: Infinity };
  if (ts.isIdentifier(node) && node.text === "undefined") return { known: true, value: undefined };
  if (ts.isParenthesizedExpression(node)) return constantValue(ts, node.expression);
  return { known: false };
}
