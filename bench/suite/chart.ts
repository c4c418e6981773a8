// The speedup chart: one group of bars per scenario, one bar per mode, as hand-written SVG.
import type { MakespanRow } from "./makespan.js";

const COLORS = ["#8c8c8c", "#b07aa1", "#4e4e4e", "#59a14f", "#f1ce63", "#f28e2b", "#e15759", "#76b7b2", "#4e79a7"];
const WIDTH = 1200;
const HEIGHT = 520;
const MARGIN = { top: 50, right: 20, bottom: 110, left: 60 };

export function speedupChart(rows: readonly MakespanRow[], title: string): string {
  const scenarioNames = unique(rows.map((r) => r.scenario));
  const modeNames = unique(rows.map((r) => r.mode));
  const top = niceCeiling(Math.max(...rows.map((r) => r.speedup)));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const groupW = plotW / scenarioNames.length;
  const barW = (groupW * 0.85) / modeNames.length;
  const y = (value: number) => MARGIN.top + plotH - (value / top) * plotH;

  const parts: string[] = [];
  parts.push(`<text x="${WIDTH / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">${escape(title)}</text>`);
  for (let tick = 0; tick <= 5; tick++) {
    const value = (top * tick) / 5;
    parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(value)}" y2="${y(value)}" stroke="#ddd"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${y(value) + 4}" text-anchor="end" font-size="11">${value.toFixed(value < 10 ? 1 : 0)}×</text>`);
  }
  parts.push(`<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="12">speedup over structural sequential</text>`);
  scenarioNames.forEach((scenario, s) => {
    const x0 = MARGIN.left + s * groupW + groupW * 0.075;
    modeNames.forEach((mode, m) => {
      const row = rows.find((r) => r.scenario === scenario && r.mode === mode);
      if (!row) return;
      const x = x0 + m * barW;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y(row.speedup).toFixed(1)}" width="${(barW - 1).toFixed(1)}" height="${(y(0) - y(row.speedup)).toFixed(1)}" fill="${COLORS[m % COLORS.length]}">` +
          `<title>${escape(`${scenario} · ${mode}: ${row.speedup}× (${row.makespanMs} ms)`)}</title></rect>`,
      );
    });
    const cx = MARGIN.left + (s + 0.5) * groupW;
    parts.push(`<text x="${cx}" y="${y(0) + 16}" text-anchor="middle" font-size="11">${escape(scenario)}</text>`);
  });
  parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(0)}" y2="${y(0)}" stroke="#333"/>`);
  modeNames.forEach((mode, m) => {
    const x = MARGIN.left + (m % 5) * 200;
    const ly = HEIGHT - 60 + Math.floor(m / 5) * 20;
    parts.push(`<rect x="${x}" y="${ly - 10}" width="12" height="12" fill="${COLORS[m % COLORS.length]}"/>`);
    parts.push(`<text x="${x + 18}" y="${ly}" font-size="12">${escape(mode)}</text>`);
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif">\n` +
    `<rect width="100%" height="100%" fill="white"/>\n${parts.join("\n")}\n</svg>\n`
  );
}

/** 1, 2 or 5 times a power of ten, at or above `value`. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(value, 1)));
  return [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= value)!;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
