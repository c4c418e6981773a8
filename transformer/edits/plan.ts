/**
 * What a file's analysis changes in it, decided once for every entry point: which class gains
 * which members, whether `@structuralJit` stays or is replaced by a registration call, and whether
 * the namespace import of xcs-jit goes in. Two back-ends only apply the list: `apply-ast.ts` to a
 * `ts.SourceFile` inside a TypeScript emit (`tspc`, `createTransformer`, `inspect`), `apply-text.ts`
 * to source text with magic-string (bundler plugins, `register`, `xcs-jit build`).
 */
import type * as TS from "typescript";
import type { FileAnalysis } from "../analyze.js";
import type { TypeScriptApi } from "../typescript-api.js";

/**
 * What becomes of `@structuralJit`. `keep`: the compiler that emits the file lowers decorators
 * itself (a TypeScript emit does, for every target). `register`: the output goes on to a compiler
 * we do not know (a bundler, Node's type stripping, TypeScript 7), some of which leave decorator
 * syntax as written where Node cannot run it, so the decorator becomes a plain call.
 */
export type DecoratorHandling = "keep" | "register";

export interface FileEdits {
  readonly classes: readonly ClassEdits[];
  /** `import * as <name> from "xcs-jit"`, added before the file's first statement, when the members need it. */
  readonly namespaceImport?: string;
}

export interface ClassEdits {
  readonly node: TS.ClassLikeDeclaration;
  /** Added after the class's own members, in this order (a `static-block` registration comes after them). */
  readonly members: readonly TS.ClassElement[];
  readonly registration?: Registration;
}

/**
 * `@structuralJit(...)` replaced by the call it stands for (`structuralJit(...)(A)` registers
 * exactly as the decorator does). `after`: `A` is registered by the statement after its
 * declaration. `static-block`: a class expression has no name to register by afterwards, and
 * wrapping it in a call would make TypeScript type it contextually (a static field holding an
 * array of objects, such as the diagnostics table, is then a circularity error under
 * `noImplicitAny`), so it registers itself while it is defined, from a last member
 * `static { structuralJit(...)(this); }`.
 */
export interface Registration {
  /** The decorator pass 1 found (`StructuralClass.decorator`): removed, its expression called. */
  readonly decorator: TS.Decorator;
  readonly at: "after" | "static-block";
}

export function planEdits(ts: TypeScriptApi, analysis: FileAnalysis, decorators: DecoratorHandling): FileEdits {
  const classes = analysis.classes.map(({ result, members }): ClassEdits => {
    const node = result.found.node;
    return { node, members, registration: decorators === "register" ? registrationOf(ts, node, result.found.decorator) : undefined };
  });
  const needsImport = !analysis.importsRuntime && classes.some((c) => c.members.length > 0);
  return { classes: classes.filter((c) => c.members.length > 0 || c.registration), namespaceImport: needsImport ? analysis.runtimeName : undefined };
}

function registrationOf(ts: TypeScriptApi, node: TS.ClassLikeDeclaration, decorator: TS.Decorator): Registration | undefined {
  if (ts.isClassExpression(node)) return { decorator, at: "static-block" };
  // An unnamed declaration (`export default class`) cannot be registered by name; it is XCS3004 anyway, and keeps its decorator.
  return node.name ? { decorator, at: "after" } : undefined;
}
