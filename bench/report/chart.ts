import type { Goal } from './goals.js';

const width = 760;
const rowHeight = 30;
const labelWidth = 300;
const top = 40;
const plotWidth = width - labelWidth - 90;
/** The ratio axis is logarithmic from 0.1 to 100, so 0.5 and 50 are both readable. */
const minRatio = 0.1;
const maxRatio = 100;

/** Renders the goals as a bar chart of ratios, each with a tick at its required ratio. */
export function renderGoalChart(goals: Goal[], caption: string): string {
  const height = top + goals.length * rowHeight + 40;
  const x = (ratio: number): number => {
    const clamped = Math.min(Math.max(ratio, minRatio), maxRatio);
    return labelWidth + (Math.log10(clamped / minRatio) / Math.log10(maxRatio / minRatio)) * plotWidth;
  };
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">${escapeXml(caption)}</text>`,
  ];
  for (const tick of [0.1, 0.5, 1, 5, 10, 50, 100]) {
    const tickX = x(tick).toFixed(1);
    parts.push(`<line x1="${tickX}" y1="${top - 5}" x2="${tickX}" y2="${height - 30}" stroke="#ddd"/>`);
    parts.push(`<text x="${tickX}" y="${height - 15}" text-anchor="middle" fill="#555">${tick}×</text>`);
  }
  goals.forEach((goal, index) => {
    const y = top + index * rowHeight;
    parts.push(`<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end">${escapeXml(goal.label)}</text>`);
    if (goal.ratio !== undefined) {
      const met = goal.ratio >= goal.required;
      const barEnd = x(goal.ratio);
      parts.push(
        `<rect x="${labelWidth}" y="${y + 4}" width="${(barEnd - labelWidth).toFixed(1)}" height="${rowHeight - 10}" fill="${met ? '#4c9a52' : '#d9822b'}"/>`,
      );
      parts.push(`<text x="${(barEnd + 6).toFixed(1)}" y="${y + 16}">${formatRatio(goal.ratio)}</text>`);
    } else {
      parts.push(`<text x="${labelWidth + 6}" y="${y + 16}" fill="#555">not measured</text>`);
    }
    const requiredX = x(goal.required).toFixed(1);
    parts.push(`<line x1="${requiredX}" y1="${y + 1}" x2="${requiredX}" y2="${y + rowHeight - 3}" stroke="black" stroke-width="2"/>`);
  });
  parts.push(
    `<text x="${labelWidth}" y="${height - 2}" fill="#555">Bars: measured ratio (green: goal met). Black tick: required ratio.</text>`,
    '</svg>',
  );
  return `${parts.join('\n')}\n`;
}

export function formatRatio(ratio: number): string {
  return ratio >= 10 ? `${ratio.toFixed(0)}×` : `${ratio.toFixed(2)}×`;
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
