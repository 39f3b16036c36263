// The time-to-payable chart (bench/payable.svg): grouped bars, one group per latency setting, one bar per page.
// Hand-written SVG rather than a charting library: it is a dozen rectangles and labels, the output must be a static
// file that GitHub renders inline (no script, no fonts to fetch), and a library would add a dependency and a
// headless renderer to the benchmark for no gain.

export interface ChartSeries {
  label: string;
  colour: string;
  /** One value (ms) per group; NaN draws no bar. */
  values: number[];
}

const escapeXml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

export function barChart(title: string, groups: readonly string[], series: readonly ChartSeries[]): string {
  const width = 760;
  const height = 360;
  const left = 56;
  const right = 16;
  const top = 40;
  const bottom = 72;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const max = Math.max(1, ...series.flatMap((entry) => entry.values.filter(Number.isFinite)));
  // A round axis maximum: 1, 2 or 5 × a power of ten above the largest value.
  const magnitude = 10 ** Math.floor(Math.log10(max));
  const axisMax = ([1, 2, 5, 10].find((step) => step * magnitude >= max) ?? 10) * magnitude;
  const y = (value: number) => top + plotHeight - (value / axisMax) * plotHeight;
  const groupWidth = plotWidth / groups.length;
  const barWidth = (groupWidth * 0.8) / series.length;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${left}" y="22" font-size="14" font-weight="600">${escapeXml(title)}</text>`,
  ];
  for (let tick = 0; tick <= 4; tick++) {
    const value = (axisMax / 4) * tick;
    parts.push(
      `<line x1="${left}" x2="${width - right}" y1="${y(value)}" y2="${y(value)}" stroke="#e3e3e8"/>`,
      `<text x="${left - 6}" y="${y(value) + 4}" text-anchor="end" fill="#555">${Math.round(value)}</text>`,
    );
  }
  parts.push(
    `<text x="14" y="${top + plotHeight / 2}" transform="rotate(-90 14 ${top + plotHeight / 2})" text-anchor="middle" fill="#555">ms (median)</text>`,
  );
  groups.forEach((group, groupIndex) => {
    const x0 = left + groupIndex * groupWidth + groupWidth * 0.1;
    series.forEach((entry, seriesIndex) => {
      const value = entry.values[groupIndex] ?? Number.NaN;
      if (!Number.isFinite(value)) return;
      const x = x0 + seriesIndex * barWidth;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y(value).toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${(top + plotHeight - y(value)).toFixed(1)}" fill="${entry.colour}"><title>${escapeXml(`${entry.label}, ${group}: ${Math.round(value)} ms`)}</title></rect>`,
        `<text x="${(x + (barWidth - 2) / 2).toFixed(1)}" y="${(y(value) - 3).toFixed(1)}" text-anchor="middle" font-size="10" fill="#333">${Math.round(value)}</text>`,
      );
    });
    parts.push(
      `<text x="${left + groupIndex * groupWidth + groupWidth / 2}" y="${top + plotHeight + 18}" text-anchor="middle">${escapeXml(group)}</text>`,
    );
  });
  let legendX = left;
  for (const entry of series) {
    parts.push(
      `<rect x="${legendX}" y="${height - 26}" width="12" height="12" fill="${entry.colour}"/>`,
      `<text x="${legendX + 16}" y="${height - 16}">${escapeXml(entry.label)}</text>`,
    );
    legendX += 24 + entry.label.length * 6.5;
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
