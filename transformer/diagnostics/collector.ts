/**
 * One sink per class. Passes report through it (they never throw for user code), so one compile
 * lists every unsupported construct of a class at once. It owns what a diagnostic says (what
 * happened, its cost when the reporter knows it, the fix), its severity, and the suppression
 * comments of the class.
 */
import type * as TS from "typescript";
import { catalogEntry, fillPlaceholders, type DiagnosticCode, type DiagnosticOutcome } from "./codes.js";
import type { Suppression } from "./suppressions.js";

/** `info`: a suppressed diagnostic, kept for `explain(op)` and never printed. */
export type XcsSeverity = "error" | "warning" | "info";

export interface XcsDiagnostic {
  code: DiagnosticCode;
  severity: XcsSeverity;
  title: string;
  /** What happened, what it costs (when known), and the fix. */
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
  private readonly used = new Set<Suppression>();

  constructor(
    private readonly sourceFile: TS.SourceFile,
    /** Under `strict`, breaks, bail-outs and notices are errors. */
    private readonly strict: boolean,
    /** The suppression comments inside the class. */
    private readonly suppressions: readonly Suppression[] = [],
  ) {}

  /** `cost`: what the construct costs the run, a sentence placed between what happened and the fix. */
  report(code: DiagnosticCode, node: TS.Node, args: Record<string, string> = {}, cost?: string): void {
    const start = node.getStart(this.sourceFile);
    this.reportAt(code, start, node.getEnd() - start, { text: snippet(node, this.sourceFile), ...args }, cost);
  }

  has(outcome: DiagnosticOutcome): boolean {
    return this.diagnostics.some((d) => catalogEntry(d.code).outcome === outcome);
  }

  /**
   * Reports the class's suppression comments that are invalid, and, when `analysed` (every pass
   * that reports breaks ran), those that suppressed nothing. Call once, last.
   */
  finish(analysed: boolean): void {
    for (const s of this.suppressions) {
      if (s.problem) this.reportAt("XCS3005", s.start, s.length, { text: s.text, problem: s.problem });
      else if (analysed && !this.used.has(s)) this.reportAt("XCS4001", s.start, s.length, { text: s.text, codes: s.codes.join(", ") });
    }
  }

  private reportAt(code: DiagnosticCode, start: number, length: number, args: Record<string, string>, cost?: string): void {
    const entry = catalogEntry(code);
    const { line, character } = this.sourceFile.getLineAndCharacterOfPosition(start);
    // A comment on (1-based) line L covers the diagnostics on the next line, whose 0-based number is L.
    const suppression = this.suppressions.find((s) => !s.problem && s.line === line && s.codes.includes(code));
    if (suppression) this.used.add(suppression);
    const parts = [fillPlaceholders(code, entry.explanation, args), cost, fillPlaceholders(code, entry.fix, args)];
    if (suppression) parts.push(`Suppressed: ${suppression.reason}`);
    this.diagnostics.push({
      code,
      severity: suppression ? "info" : severityOf(entry.outcome, this.strict),
      title: entry.title,
      message: parts.filter((part) => part).join(" "),
      file: this.sourceFile.fileName,
      line: line + 1,
      column: character + 1,
      start,
      length,
    });
  }
}

function severityOf(outcome: DiagnosticOutcome, strict: boolean): XcsSeverity {
  if (outcome === "error") return "error";
  if (outcome === "internal") return "warning";
  return strict ? "error" : "warning";
}

/** The source text of a node on one line, shortened: enough to recognise it in a message. */
export function snippet(node: TS.Node, sourceFile: TS.SourceFile): string {
  const text = node.getText(sourceFile).replace(/\s+/g, " ");
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
