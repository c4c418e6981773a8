/**
 * The diagnostics catalog: every code the transformer can report, in one place.
 *
 * Ranges: XCS1xxx graph breaks (the class still compiles; the statement becomes a host node),
 * XCS2xxx class bail-outs (the class is left exactly as written and runs through the runtime
 * fallback), XCS3xxx misuse (an error: the user must change the code or options), XCS9xxx internal
 * (a transformer bug; the class is left untouched), XCS4xxx notices about the build's own comments
 * (nothing changes in the class). Codes are stable: never renumber, never reuse.
 * `docs/limitations.md` has one section per code and is checked against this table.
 */

/** Who has to act (TorchDynamo's hint classes): the compiler could learn it, never will, the user, or us. */
export type DiagnosticHint = "supportable" | "fundamental" | "user-error" | "internal";

/** What happens to the class. */
export type DiagnosticOutcome = "break" | "bailout" | "error" | "notice" | "internal";

export interface CatalogEntry {
  readonly code: string;
  readonly title: string;
  /** What happened. May hold `{placeholders}` filled from the diagnostic's arguments (`{code}` is the code). */
  readonly explanation: string;
  /** What to change; the same placeholders. */
  readonly fix: string;
  readonly hint: DiagnosticHint;
  readonly outcome: DiagnosticOutcome;
}

const entries = [
  // Graph breaks: the statement runs as written inside a host node, in program order.
  { code: "XCS1001", title: "if on a dynamic value", hint: "supportable", outcome: "break",
    explanation: "The condition `{text}` is known only at run time, so the whole `if` runs as written in a host node.",
    fix: "When calling both branches' operators is acceptable, call both and choose with `cond ? a : b`; or branch on a value known when the graph is built (`this.config.x`)." },
  { code: "XCS1002", title: "switch on a dynamic value", hint: "supportable", outcome: "break",
    explanation: "The discriminant `{text}` is known only at run time, so the whole `switch` runs as written in a host node.",
    fix: "Pick the value with an object lookup or a conditional expression, or switch on a value known when the graph is built." },
  { code: "XCS1003", title: "loop over a dynamic value", hint: "supportable", outcome: "break",
    explanation: "The loop `{text}` iterates over or tests a value known only at run time, so it cannot be unrolled when the graph is built and runs as written in a host node.",
    fix: "Loop over a value known when the graph is built (`this.members`), or map over the run-time array with a pure callback." },
  { code: "XCS1004", title: "try statement", hint: "fundamental", outcome: "break",
    explanation: "`try`/`catch`/`finally` observes the failure of the statements it guards, which a graph node cannot express, so the whole statement runs as written in a host node.",
    fix: "Keep the `try` around as little as possible, or move the guarded calls into their own operator that catches." },
  { code: "XCS1005", title: "call to an unknown function", hint: "fundamental", outcome: "break",
    explanation: "`{text}` is neither a sub-operator call nor a function known to be pure, so its effects are unknown and it runs as written in a host node, in program order.",
    fix: "Make it a one-expression pure helper in this file, an operator, or move it out of `forward`." },
  { code: "XCS1006", title: "effectful or nondeterministic built-in", hint: "fundamental", outcome: "break",
    explanation: "`{text}` has an effect (or a different result on each call), so it runs as written in a host node, in program order with the other effects.",
    fix: "Move it out of `forward` or to its end, or acknowledge it with `// xcs-jit-ignore {code}: <reason>` on the line before." },
  { code: "XCS1007", title: "write to a variable", hint: "supportable", outcome: "break",
    explanation: "`{text}` assigns a variable with a value known only at run time, so the statement runs as written in a host node whose results carry the new value.",
    fix: "Declare a new `const` for each value instead of reassigning one." },
  { code: "XCS1008", title: "unsupported operator call form", hint: "supportable", outcome: "break",
    explanation: "`{text}` passes invoke options or is not a one-argument `invoke`, so it runs as written in a host node.",
    fix: "Call `invoke` with one argument and set options with `executionOptions` around the run." },
  { code: "XCS1009", title: "dynamic fan-out", hint: "supportable", outcome: "break",
    explanation: "`{text}` calls operators once per element of an array known only at run time, so the number of calls is unknown when the graph is built and it runs as written in a host node.",
    fix: "Fan out over a value known when the graph is built, or use `vmap`/`pmap` for a run-time batch." },
  { code: "XCS1010", title: "unsupported statement", hint: "supportable", outcome: "break",
    explanation: "The {kind} is not turned into graph nodes, so it runs as written in a host node.",
    fix: "Rewrite it with `const`, `if`, `for...of` and expressions, or acknowledge it with `// xcs-jit-ignore {code}: <reason>`." },
  { code: "XCS1011", title: "operator chosen at run time", hint: "fundamental", outcome: "break",
    explanation: "The operator that `{text}` calls is chosen at run time, so the call runs as written in a host node.",
    fix: "Call each candidate operator from a field of `this` and choose between their results." },
  { code: "XCS1012", title: "callee type unknown", hint: "supportable", outcome: "break",
    explanation: "`{text}` could not be resolved to an Operator (neither its declarations nor a type checker show an Operator type), so it runs as written in a host node.",
    fix: "Give the field an Operator type (`judge: Operator<In, Out>`) instead of `any`." },
  { code: "XCS1013", title: "local function or class", hint: "supportable", outcome: "break",
    explanation: "A function or class declared inside `forward` ({text}) is kept in a host node with its uses.",
    fix: "Declare it at module level; a one-expression pure helper there becomes part of the graph." },
  { code: "XCS1014", title: "promise used as a promise", hint: "supportable", outcome: "break",
    explanation: "`{text}` starts a call whose promise the code uses other than by `await` or `Promise.all` where it is written (`.then`, `.catch`, a `try` around its `await`, a function given it, a `Promise.all` of it bound to a name and awaited later), so the statement runs as written in a host node, which hands that code the promise itself.",
    fix: "Await it where the graph can see (`await p`, `await Promise.all([...])`), or acknowledge it with `// xcs-jit-ignore XCS1014: <reason>`." },
  { code: "XCS1015", title: "module state that code changes", hint: "fundamental", outcome: "break",
    explanation: "`{name}` is a module-level variable that code in this file changes, so `forward` reads it as written in a host node, where eager reads it, not once when the graph is built.",
    fix: "Pass the value in the inputs, or keep the state in an operator that declares effects (`static effects = true`) and ask it for the value." },

  // Class bail-outs: the class is left exactly as written.
  { code: "XCS2001", title: "write to this in forward", hint: "fundamental", outcome: "bailout",
    explanation: "`{text}` changes the operator's state while it runs; a graph built once per instance would not see it, so the class runs through the runtime fallback (no compile-time graph).",
    fix: "Keep run state in local variables and return it." },
  { code: "XCS2002", title: "use of arguments", hint: "fundamental", outcome: "bailout",
    explanation: "`arguments` exposes the raw call, which the graph does not reproduce, so the class runs through the runtime fallback (no compile-time graph).",
    fix: "Name the parameters: `forward(inputs, ctx)`." },
  { code: "XCS2003", title: "generator forward", hint: "fundamental", outcome: "bailout",
    explanation: "A generator `forward` yields values over time, which a dataflow graph does not model, so the class runs through the runtime fallback (no compile-time graph).",
    fix: "Return the whole result, and stream with `op.stream` instead." },
  { code: "XCS2004", title: "eval or with", hint: "fundamental", outcome: "bailout",
    explanation: "`{text}` makes the variables of `forward` unknowable at compile time, so the class runs through the runtime fallback (no compile-time graph).",
    fix: "Remove the `eval` or `with`." },
  { code: "XCS2005", title: "super call in forward", hint: "fundamental", outcome: "bailout",
    explanation: "`{text}` runs inherited code whose effects and data flow are unknown, so the class runs through the runtime fallback (no compile-time graph).",
    fix: "Hold the base behaviour as a sub-operator field and call it with `invoke`." },
  { code: "XCS2006", title: "control transfer out of a host region", hint: "supportable", outcome: "bailout",
    explanation: "`{text}` jumps out of a statement that must run as a host node from inside a build-time loop or branch, which a host node cannot express, so the class runs through the runtime fallback (no compile-time graph).",
    fix: "Set a variable and test it after the statement instead of jumping out of it." },
  { code: "XCS2007", title: "unsupported forward signature", hint: "supportable", outcome: "bailout",
    explanation: "`forward` {text}, so the class runs through the runtime fallback (no compile-time graph).",
    fix: "Declare `forward(inputs, ctx?)`." },

  // Misuse: errors the user must fix.
  { code: "XCS3001", title: "structuralJit class without forward", hint: "user-error", outcome: "error",
    explanation: "Class `{text}` is decorated with @structuralJit but declares no `forward` method.",
    fix: "Add `async forward(inputs)`, or remove the decorator." },
  { code: "XCS3002", title: "invalid structuralJit options", hint: "user-error", outcome: "error",
    explanation: "The @structuralJit options of class `{class}` are invalid: {text}.",
    fix: "Pass one object literal with constant values: `strategy`, `maxConcurrency`, `strict`, `speculate`." },
  { code: "XCS3003", title: "invalid transformer option", hint: "user-error", outcome: "error",
    explanation: "The transformer option {text} is not recognised or has the wrong type.",
    fix: "Set only `strict` (a boolean) in the plugin entry." },
  { code: "XCS3004", title: "anonymous structural class", hint: "user-error", outcome: "error",
    explanation: "@structuralJit needs a named class so the generated member can name its type.",
    fix: "Name the class." },
  { code: "XCS3005", title: "invalid suppression comment", hint: "user-error", outcome: "error",
    explanation: "The comment `{text}` does not suppress anything: {problem}.",
    fix: "Write `// xcs-jit-ignore XCS1006: <why this is fine>` with a graph-break or bail-out code and a reason." },

  // Notices: nothing changes in the class; a warning, an error under `strict`.
  { code: "XCS4001", title: "unused suppression", hint: "user-error", outcome: "notice",
    explanation: "The comment `{text}` suppresses {codes}, but no such diagnostic is reported on the line after it.",
    fix: "Remove the comment, or move it to the line before the construct it is about." },

  // Internal: transformer bugs; the class is left untouched.
  { code: "XCS9001", title: "internal error in a pass", hint: "internal", outcome: "internal",
    explanation: "The pass {pass} failed ({text}); the class is left as written and runs through the runtime fallback.",
    fix: "Please report this." },
  { code: "XCS9002", title: "IR invariant violated", hint: "internal", outcome: "internal",
    explanation: "{text}; the class is left as written and runs through the runtime fallback.",
    fix: "Please report this." },
] as const satisfies readonly CatalogEntry[];

export type DiagnosticCode = (typeof entries)[number]["code"];

export const catalog: ReadonlyMap<DiagnosticCode, CatalogEntry> = new Map(
  entries.map((entry) => [entry.code, entry]),
);

export function catalogEntry(code: DiagnosticCode): CatalogEntry {
  return catalog.get(code)!;
}

/** Fills `{name}` placeholders; unknown ones stay visible rather than vanish. */
export function fillPlaceholders(code: DiagnosticCode, template: string, args: Readonly<Record<string, string>>): string {
  const values: Readonly<Record<string, string>> = { code, ...args };
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
