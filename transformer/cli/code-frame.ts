// A code frame in the style of Babel and the TypeScript pretty printer: the diagnostic's line
// with its neighbours, a gutter of line numbers, and a caret underline below the span.

export interface FrameLocation {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Characters to underline; at least one caret is drawn. */
  length?: number;
}

const CONTEXT_LINES = 2;

export function codeFrame(sourceText: string, location: FrameLocation): string {
  const lines = sourceText.split(/\r?\n/);
  const target = Math.min(Math.max(location.line, 1), lines.length);
  const first = Math.max(1, target - CONTEXT_LINES);
  const last = Math.min(lines.length, target + CONTEXT_LINES);
  const gutterWidth = String(last).length;

  const out: string[] = [];
  for (let line = first; line <= last; line++) {
    const marker = line === target ? ">" : " ";
    const text = lines[line - 1]!;
    out.push(`${marker} ${String(line).padStart(gutterWidth)} | ${text}`.trimEnd());
    if (line === target) out.push(underline(text, location, gutterWidth));
  }
  return out.join("\n");
}

function underline(text: string, location: FrameLocation, gutterWidth: number): string {
  const start = Math.min(Math.max(location.column - 1, 0), text.length);
  // A span that runs past the end of its line is underlined to the end of the line only.
  const width = Math.max(1, Math.min(location.length ?? 1, text.length - start));
  // Keep tabs so the caret lines up under tab-indented code.
  const indent = text.slice(0, start).replace(/[^\t]/g, " ");
  return `  ${" ".repeat(gutterWidth)} | ${indent}${"^".repeat(width)}`;
}
