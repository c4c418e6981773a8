/**
 * The diagnostics catalog: every code the transformer can report, in one place.
 *
 * Ranges: XCS1xxx graph breaks (the class still compiles; the statement becomes a host node),
 * XCS2xxx class bail-outs (the class is left exactly as written and runs through the runtime
 * fallback), XCS3xxx misuse (an error: the user must change the code or options), XCS9xxx internal
 * (a transformer bug; the class is left untouched). Codes are stable: never renumber, never reuse.
 * `docs/limitations.md` has one section per code and is checked against this table.
 */

/** Who has to act (TorchDynamo's hint classes): the compiler could learn it, never will, the user, or us. */
export type DiagnosticHint = "supportable" | "fundamental" | "user-error" | "internal";

/** What happens to the class. */
export type DiagnosticOutcome = "break" | "bailout" | "error" | "internal";

export interface CatalogEntry {
  readonly code: string;
  readonly title: string;
  /** May hold `{placeholders}` filled from the diagnostic's arguments. */
  readonly explanation: string;
  readonly hint: DiagnosticHint;
  readonly outcome: DiagnosticOutcome;
}

const entries = [
  // Graph breaks: the statement runs as written inside a host node, in program order.
  { code: "XCS1001", title: "if on a dynamic value", hint: "supportable", outcome: "break",
    explanation: "The condition `{text}` depends on inputs or an operator's result, so the `if` runs as a host node after its inputs are ready." },
  { code: "XCS1002", title: "switch on a dynamic value", hint: "supportable", outcome: "break",
    explanation: "The discriminant `{text}` depends on inputs or an operator's result, so the `switch` runs as a host node." },
  { code: "XCS1003", title: "loop over a dynamic value", hint: "supportable", outcome: "break",
    explanation: "The loop `{text}` iterates over or tests a value known only at run time, so it cannot be unrolled at graph-build time and runs as a host node." },
  { code: "XCS1004", title: "try statement", hint: "fundamental", outcome: "break",
    explanation: "`try`/`catch`/`finally` observes the failure of the statements it guards, which a graph node cannot express; the whole statement runs as a host node." },
  { code: "XCS1005", title: "call to an unknown function", hint: "fundamental", outcome: "break",
    explanation: "`{text}` is not a sub-operator call nor a known pure function, so its effects are unknown and the statement runs as a host node in program order." },
  { code: "XCS1006", title: "effectful or nondeterministic built-in", hint: "fundamental", outcome: "break",
    explanation: "`{text}` has an effect (or a different result on each call), so the statement runs as a host node in program order." },
  { code: "XCS1007", title: "write to a variable", hint: "supportable", outcome: "break",
    explanation: "`{text}` assigns a variable at run time; the statement runs as a host node whose live-outs carry the new value." },
  { code: "XCS1008", title: "unsupported operator call form", hint: "supportable", outcome: "break",
    explanation: "`{text}` passes invoke options or is not a one-argument `invoke`, so it runs as a host node." },
  { code: "XCS1009", title: "dynamic fan-out", hint: "supportable", outcome: "break",
    explanation: "`{text}` calls operators once per element of an array known only at run time; the number of nodes is unknown at graph-build time, so it runs as a host node." },
  { code: "XCS1010", title: "unsupported statement", hint: "supportable", outcome: "break",
    explanation: "The {kind} statement is not lowered into graph nodes; it runs as a host node." },
  { code: "XCS1011", title: "operator chosen at run time", hint: "fundamental", outcome: "break",
    explanation: "The callee of `{text}` depends on inputs or an operator's result, so the call runs as a host node." },
  { code: "XCS1012", title: "callee type unknown", hint: "supportable", outcome: "break",
    explanation: "`{text}` could not be resolved to an Operator (neither its declarations nor a type checker show an Operator type), so it is treated as an unknown call and runs as a host node." },
  { code: "XCS1013", title: "local function or class", hint: "supportable", outcome: "break",
    explanation: "A function or class declared inside `forward` ({text}) is kept in a host node with its uses." },

  // Class bail-outs: the class is left exactly as written.
  { code: "XCS2001", title: "write to this in forward", hint: "fundamental", outcome: "bailout",
    explanation: "`{text}` changes the operator's state while it runs; a graph built once per instance would not see it, so the class runs through the runtime fallback." },
  { code: "XCS2002", title: "use of arguments", hint: "fundamental", outcome: "bailout",
    explanation: "`arguments` exposes the raw call, which the graph does not reproduce; the class runs through the runtime fallback." },
  { code: "XCS2003", title: "generator forward", hint: "fundamental", outcome: "bailout",
    explanation: "A generator `forward` yields values over time, which a dataflow graph does not model; the class runs through the runtime fallback." },
  { code: "XCS2004", title: "eval or with", hint: "fundamental", outcome: "bailout",
    explanation: "`{text}` makes the variables of `forward` unknowable at compile time; the class runs through the runtime fallback." },
  { code: "XCS2005", title: "super call in forward", hint: "fundamental", outcome: "bailout",
    explanation: "`{text}` runs inherited code whose effects and data flow are unknown; the class runs through the runtime fallback." },
  { code: "XCS2006", title: "control transfer out of a host region", hint: "supportable", outcome: "bailout",
    explanation: "`{text}` jumps out of a statement that must run as a host node from inside a build-time loop or branch, which a host node cannot express; the class runs through the runtime fallback." },
  { code: "XCS2007", title: "unsupported forward signature", hint: "supportable", outcome: "bailout",
    explanation: "`forward` {text}; the class runs through the runtime fallback." },

  // Misuse: errors the user must fix.
  { code: "XCS3001", title: "structuralJit class without forward", hint: "user-error", outcome: "error",
    explanation: "Class `{text}` is decorated with @structuralJit but declares no `forward` method." },
  { code: "XCS3002", title: "invalid structuralJit options", hint: "user-error", outcome: "error",
    explanation: "The options of @structuralJit must be an object literal with constant values: {text}." },
  { code: "XCS3003", title: "invalid transformer option", hint: "user-error", outcome: "error",
    explanation: "The transformer option {text} is not recognised or has the wrong type." },
  { code: "XCS3004", title: "anonymous structural class", hint: "user-error", outcome: "error",
    explanation: "@structuralJit needs a named class so the generated member can name its type." },

  // Internal: transformer bugs; the class is left untouched.
  { code: "XCS9001", title: "internal error in a pass", hint: "internal", outcome: "internal",
    explanation: "The pass {pass} failed ({text}); the class is left as written and runs through the runtime fallback. Please report this." },
  { code: "XCS9002", title: "IR invariant violated", hint: "internal", outcome: "internal",
    explanation: "{text}; the class is left as written. Please report this." },
] as const satisfies readonly CatalogEntry[];

export type DiagnosticCode = (typeof entries)[number]["code"];

export const catalog: ReadonlyMap<DiagnosticCode, CatalogEntry> = new Map(
  entries.map((entry) => [entry.code, entry]),
);

export function catalogEntry(code: DiagnosticCode): CatalogEntry {
  return catalog.get(code)!;
}

/** Fills `{name}` placeholders; unknown ones stay visible rather than vanish. */
export function formatExplanation(code: DiagnosticCode, args: Readonly<Record<string, string>>): string {
  return catalogEntry(code).explanation.replace(/\{(\w+)\}/g, (whole, name: string) => args[name] ?? whole);
}
