/**
 * One sink per class. Passes report through it (they never throw for user code), so one compile
 * lists every unsupported construct of a class at once.
 */
import type * as TS from "typescript";
import { catalogEntry, formatExplanation, type DiagnosticCode } from "./codes.js";

export type XcsSeverity = "error" | "warning" | "info";

export interface XcsDiagnostic {
  code: DiagnosticCode;
  severity: XcsSeverity;
  title: string;
  message: string;
  file: string;
  /** 1-based, like editors and `tsc` print them. */
  line: number;
  column: number;
  start: number;
  length: number;
}

export class DiagnosticCollector {
  readonly diagnostics: XcsDiagnostic[] = [];

  constructor(
    private readonly sourceFile: TS.SourceFile,
    /** Under `strict`, breaks and bail-outs are errors. */
    private readonly strict: boolean,
  ) {}

  report(code: DiagnosticCode, node: TS.Node, pass: string, args: Record<string, string> = {}): void {
    const entry = catalogEntry(code);
    const start = node.getStart(this.sourceFile);
    const { line, character } = this.sourceFile.getLineAndCharacterOfPosition(start);
    this.diagnostics.push({
      code,
      severity: severityOf(entry.outcome, this.strict),
      title: entry.title,
      message: `${pass}: ${formatExplanation(code, { text: snippet(node, this.sourceFile), ...args })}`,
      file: this.sourceFile.fileName,
      line: line + 1,
      column: character + 1,
      start,
      length: node.getEnd() - start,
    });
  }

  has(outcome: "break" | "bailout" | "error" | "internal"): boolean {
    return this.diagnostics.some((d) => catalogEntry(d.code).outcome === outcome);
  }
}

function severityOf(outcome: string, strict: boolean): XcsSeverity {
  if (outcome === "error") return "error";
  if (outcome === "break" || outcome === "bailout") return strict ? "error" : "warning";
  return "warning";
}

/** The source text of a node on one line, shortened: enough to recognise it in a message. */
export function snippet(node: TS.Node, sourceFile: TS.SourceFile): string {
  const text = node.getText(sourceFile).replace(/\s+/g, " ");
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
