import { XCS_DIAGNOSTICS } from "../builder/index.js";

/** A diagnostic as the transformer emits it into the compiled class. */
export interface CompiledDiagnostic {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** The transformer's diagnostics for the instance's class, as `file:line:column CODE message`. */
export function classDiagnostics(op: object): string[] {
  const emitted = (op.constructor as { [XCS_DIAGNOSTICS]?: readonly CompiledDiagnostic[] })[XCS_DIAGNOSTICS];
  if (!Array.isArray(emitted)) return [];
  return emitted.map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`);
}
