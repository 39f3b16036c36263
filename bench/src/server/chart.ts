// A horizontal bar chart as a small SVG string. Hand-written on purpose: the chart is a handful of labelled bars
// and one target line, and a charting library (or a headless browser to render one) would be a large dependency
// for the benchmark to pull in for that; the SVG is plain text, so RESULTS.md diffs show when it changes.

export interface Bar {
  label: string;
  value: number;
  /** Bars of one group share a colour (e.g. unique events vs duplicated deliveries). */
  group: string;
}

const palette = ['#635bff', '#0a9396', '#ee9b00', '#ae2012'];

const escapeXml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

export function barChart(options: {
  title: string;
  unit: string;
  bars: readonly Bar[];
  /** Vertical lines marking targets, with their labels. */
  targets?: readonly { value: number; label: string }[];
}): string {
  const { title, unit, bars } = options;
  const targets = options.targets ?? [];
  // Wide enough for the longest label, "checkout-server (the CLI), PostgreSQL: duplicates", at 13 px.
  const labelWidth = 380;
  const plotWidth = 440;
  const barHeight = 22;
  const gap = 8;
  const top = 48;
  const groups = [...new Set(bars.map((bar) => bar.group))];
  const legendHeight = 24;
  const height = top + bars.length * (barHeight + gap) + legendHeight + 16;
  const width = labelWidth + plotWidth + 90;
  const finite = bars.map((bar) => (Number.isFinite(bar.value) ? bar.value : 0));
  const max = Math.max(1, ...finite, ...targets.map((target) => target.value)) * 1.05;
  const x = (value: number) => labelWidth + (value / max) * plotWidth;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="13">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="16" y="26" font-size="16" font-weight="600">${escapeXml(title)}</text>`,
  ];
  bars.forEach((bar, index) => {
    const y = top + index * (barHeight + gap);
    const colour = palette[groups.indexOf(bar.group) % palette.length];
    const value = finite[index] ?? 0;
    parts.push(
      `<text x="${labelWidth - 8}" y="${y + barHeight * 0.7}" text-anchor="end">${escapeXml(bar.label)}</text>`,
      `<rect x="${labelWidth}" y="${y}" width="${Math.max(1, x(value) - labelWidth).toFixed(1)}" height="${barHeight}" fill="${colour}"/>`,
      `<text x="${(x(value) + 6).toFixed(1)}" y="${y + barHeight * 0.7}">${Number.isFinite(bar.value) ? Math.round(bar.value).toLocaleString('en-US') : 'n/a'} ${escapeXml(unit)}</text>`,
    );
  });
  const bottom = top + bars.length * (barHeight + gap);
  for (const target of targets) {
    const tx = x(target.value).toFixed(1);
    parts.push(
      `<line x1="${tx}" y1="${top - 6}" x2="${tx}" y2="${bottom}" stroke="#333" stroke-dasharray="4 3"/>`,
      `<text x="${tx}" y="${top - 10}" text-anchor="middle" font-size="11">${escapeXml(target.label)}</text>`,
    );
  }
  groups.forEach((group, index) => {
    const lx = labelWidth + index * 200;
    parts.push(
      `<rect x="${lx}" y="${bottom + 6}" width="12" height="12" fill="${palette[index % palette.length]}"/>`,
      `<text x="${lx + 18}" y="${bottom + 16}">${escapeXml(group)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
