/**
 * Per-site suppression comments: `// xcs-jit-ignore XCS1006: reason` on the line before a
 * construct acknowledges that construct's graph break or bail-out. The diagnostic stays in the
 * class's table (`explain(op)` still lists it, marked suppressed) but is no longer printed nor an
 * error under `strict`. A comment that names no code, an unknown or unsuppressible code, or no
 * reason, or that suppresses nothing, is itself reported (XCS3005, XCS4001).
 */
import { catalog, type DiagnosticCode } from "./codes.js";

export interface Suppression {
  /** 1-based line of the comment; it applies to diagnostics on the next line. */
  readonly line: number;
  /** Offset of the comment in the file, for the diagnostics about it. */
  readonly start: number;
  readonly length: number;
  readonly text: string;
  readonly codes: readonly DiagnosticCode[];
  readonly reason: string;
  /** Why the comment is not a valid suppression, if it is not. */
  readonly problem?: string;
}

const COMMENT = /^[ \t]*(\/\/[ \t]*xcs-jit-ignore\b(.*))$/gm;
const BODY = /^\s*((?:[A-Za-z]+\d+[\s,]*)*?)\s*(?::\s*(.*?))?\s*$/;

/** Only breaks and bail-outs may be acknowledged: errors need a change, internal ones a report. */
const SUPPRESSIBLE = new Set(["break", "bailout"]);

export function findSuppressions(text: string): Suppression[] {
  if (!text.includes("xcs-jit-ignore")) return [];
  const lineStarts = [0];
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) lineStarts.push(at + 1);
  const lineOf = (offset: number) => {
    let line = 0;
    while (line + 1 < lineStarts.length && lineStarts[line + 1]! <= offset) line++;
    return line + 1;
  };
  const found: Suppression[] = [];
  for (const match of text.matchAll(COMMENT)) {
    const comment = match[1]!;
    const start = match.index + match[0].length - comment.length;
    const body = BODY.exec(match[2]!);
    const codes = (body?.[1] ?? "").split(/[\s,]+/).filter(Boolean);
    const reason = body?.[2] ?? "";
    found.push({ line: lineOf(start), start, length: comment.trimEnd().length, text: comment.trimEnd(), codes: codes as DiagnosticCode[], reason,
      problem: problemOf(codes, reason, body !== null) });
  }
  return found;
}

function problemOf(codes: readonly string[], reason: string, parsed: boolean): string | undefined {
  if (!parsed || codes.length === 0) return "it names no diagnostic code (`// xcs-jit-ignore XCS1006: reason`)";
  for (const code of codes) {
    const entry = catalog.get(code as DiagnosticCode);
    if (!entry) return `\`${code}\` is not a diagnostic code of xcs-jit`;
    if (!SUPPRESSIBLE.has(entry.outcome)) return `${code} is ${entry.outcome === "error" ? "an error" : `an ${entry.outcome} diagnostic`} and cannot be suppressed, only graph breaks (XCS1xxx) and bail-outs (XCS2xxx) can`;
  }
  if (reason === "") return "a reason is required after the code (`// xcs-jit-ignore XCS1006: why this is fine`)";
  return undefined;
}
