// The two renderings of an inspect report: text for people (emitted member, then each
// diagnostic with its code frame and documentation link) and JSON for tools.
import { relative } from "node:path";
import type { ClassAnalysis } from "../index.js";
import { codeFrame } from "./code-frame.js";

export interface InspectReport {
  file: string;
  sourceText: string;
  tsconfig?: string;
  classes: readonly ClassAnalysis[];
}

const docsLink = (code: string) => `docs/limitations.md#${code.toLowerCase()}`;

export function formatText(report: InspectReport): string {
  if (report.classes.length === 0) return `${report.file}: no @structuralJit classes\n`;
  return report.classes.map((analysis) => formatClass(report, analysis)).join("\n");
}

function formatClass(report: InspectReport, analysis: ClassAnalysis): string {
  const out = [`${report.file}: class ${analysis.className}: ${analysis.outcome}`];
  if (analysis.memberText) {
    out.push("", "emitted member:", indent(analysis.memberText));
  } else {
    out.push("", "emitted member: none (the class is left as written and runs through the runtime fallback)");
  }
  out.push("", `diagnostics: ${analysis.diagnostics.length === 0 ? "none" : analysis.diagnostics.length}`);
  for (const d of analysis.diagnostics) {
    const where = `${relative(process.cwd(), d.file) || d.file}:${d.line}:${d.column}`;
    out.push(
      "",
      `${d.severity} ${d.code} ${d.title} at ${where}`,
      indent(d.message),
      indent(codeFrame(report.sourceText, d)),
      indent(`see ${docsLink(d.code)}`),
    );
  }
  return out.join("\n") + "\n";
}

export function formatJson(report: InspectReport): string {
  const json = {
    file: report.file,
    tsconfig: report.tsconfig ?? null,
    classes: report.classes.map((analysis) => ({
      className: analysis.className,
      outcome: analysis.outcome,
      member: analysis.memberText ?? null,
      diagnostics: analysis.diagnostics.map((d) => ({ ...d, docs: docsLink(d.code) })),
    })),
  };
  return JSON.stringify(json, null, 2) + "\n";
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => (line ? `    ${line}` : line))
    .join("\n");
}
