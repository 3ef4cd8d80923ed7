import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);

// src/render/html-page.ts
function escapeHtml(text) {
  if (text === null || text === void 0) return "";
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
function slugify(text) {
  const slug = text.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return slug === "" ? "section" : slug;
}
var TONE_COLOURS = {
  pass: { fg: "#116329", bg: "#dafbe1", bar: "#2da44e" },
  fail: { fg: "#a40e26", bg: "#ffebe9", bar: "#cf222e" },
  warn: { fg: "#7d4e00", bg: "#fff8c5", bar: "#bf8700" },
  info: { fg: "#0550ae", bg: "#ddf4ff", bar: "#0969da" },
  neutral: { fg: "#424a53", bg: "#eaeef2", bar: "#57606a" }
};
var PAGE_CSS = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa; --accent: #0969da; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #eef1f4; color: var(--fg);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.page { max-width: 1040px; margin: 24px auto; background: #fff; border: 1px solid var(--line); border-radius: 10px;
  padding: 32px 40px 24px; box-shadow: 0 1px 3px rgba(31,35,40,.08); }
header.page-header { border-bottom: 3px solid var(--accent); padding-bottom: 14px; margin-bottom: 8px; }
header.page-header .kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; color: var(--muted);
  font-weight: 600; }
h1 { font-size: 28px; line-height: 1.25; margin: 4px 0 4px; }
.subtitle { color: var(--muted); margin: 0; font-size: 16px; }
nav.toc { margin: 12px 0 4px; font-size: 13px; }
nav.toc ol { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 6px 14px; }
nav.toc a { color: var(--accent); text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
section { margin-top: 26px; }
h2 { font-size: 19px; margin: 0 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 18px 0 6px; }
p { margin: 6px 0 10px; }
a { color: var(--accent); }
code, .mono { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
  font-size: 12.5px; }
code { background: var(--panel); border-radius: 4px; padding: 1px 4px; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 14px; font-size: 14px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; color: var(--muted); }
th, td { border-bottom: 1px solid var(--line); padding: 6px 10px; text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) td { background: #fbfcfd; }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 6px 0 12px; }
dl.kv dt { color: var(--muted); font-weight: 600; }
dl.kv dd { margin: 0; overflow-wrap: anywhere; }
.badge { display: inline-block; border-radius: 999px; padding: 1px 9px; font-size: 12px; font-weight: 700;
  letter-spacing: .02em; white-space: nowrap; border: 1px solid transparent; }
${Object.keys(TONE_COLOURS).map(
  (t) => `.tone-${t} { color: ${TONE_COLOURS[t].fg}; background: ${TONE_COLOURS[t].bg}; border-color: ${TONE_COLOURS[t].fg}33; }`
).join("\n")}
.callout { border-left: 4px solid var(--accent); background: var(--panel); padding: 8px 14px; margin: 10px 0;
  border-radius: 0 6px 6px 0; }
.callout.tone-fail { border-left-color: ${TONE_COLOURS.fail.bar}; }
.callout.tone-warn { border-left-color: ${TONE_COLOURS.warn.bar}; }
.callout.tone-pass { border-left-color: ${TONE_COLOURS.pass.bar}; }
.muted { color: var(--muted); }
figure.chart { margin: 10px 0 16px; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
figure.chart figcaption { font-size: 13px; color: var(--muted); margin-top: 4px; }
.grid-2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 8px 28px; }
.nowrap { white-space: nowrap; }
footer.page-footer { margin-top: 32px; padding-top: 10px; border-top: 1px solid var(--line); font-size: 12px;
  color: var(--muted); }
@media (max-width: 720px) { .page { margin: 0; border-radius: 0; padding: 20px 16px; } dl.kv { grid-template-columns: 1fr; } }
@media print {
  @page { size: A4; margin: 16mm 14mm; }
  body { background: #fff; font-size: 11pt; }
  .page { max-width: none; margin: 0; padding: 0; border: 0; box-shadow: none; }
  nav.toc { display: none; }
  section { break-inside: auto; }
  h2, h3 { break-after: avoid; }
  table, figure.chart, dl.kv, .callout { break-inside: avoid; }
  /* A4 is 180 mm wide inside the margins: smaller type, headers that wrap, long values broken anywhere, so no
     column is pushed off the page (a cut-off column is a lost verdict). */
  body { font-size: 9.5pt; }
  table { font-size: 8.5pt; }
  th { white-space: normal; }
  th, td { padding: 3px 5px; overflow-wrap: anywhere; }
  dl.kv { grid-template-columns: minmax(28mm, max-content) 1fr; font-size: 9pt; }
  .screen-only { display: none; }
  tbody tr:nth-child(even) td { background: none; }
  a { color: inherit; text-decoration: none; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 9pt; color: #555; overflow-wrap: anywhere; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
function renderHtmlPage(input) {
  const used = /* @__PURE__ */ new Set();
  const sections = input.sections.map((s) => {
    let id = s.id ?? slugify(s.heading);
    for (let i = 2; used.has(id); i++) id = `${s.id ?? slugify(s.heading)}-${i}`;
    used.add(id);
    return { ...s, id };
  });
  const toc = sections.length > 2 ? `<nav class="toc" aria-label="Contents"><ol>${sections.map((s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.heading)}</a></li>`).join("")}</ol></nav>` : "";
  const body = sections.map(
    (s) => `<section id="${escapeHtml(s.id)}" aria-labelledby="${escapeHtml(s.id)}-h">
<h2 id="${escapeHtml(s.id)}-h">${escapeHtml(
      s.heading
    )}</h2>
${s.html}
</section>`
  ).join("\n");
  return `<!DOCTYPE html>
<html lang="${escapeHtml(input.lang ?? "en")}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="mlgov">
<title>${escapeHtml(input.title)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<main class="page">
<header class="page-header">
<div class="kicker">mlgov</div>
<h1>${escapeHtml(input.title)}</h1>
${input.subtitle !== void 0 ? `<p class="subtitle">${escapeHtml(input.subtitle)}</p>` : ""}
${toc}
</header>
${body}
${input.footer !== void 0 ? `<footer class="page-footer">${escapeHtml(input.footer)}</footer>` : ""}
</main>
</body>
</html>
`;
}
function renderBadgeHtml(text, tone = "neutral") {
  return `<span class="badge tone-${tone}">${escapeHtml(text)}</span>`;
}
function renderCalloutHtml(html, tone = "info") {
  return `<div class="callout tone-${tone}">${html}</div>`;
}
function renderTableHtml(input) {
  const cols = input.columns.map(
    (c) => typeof c === "string" ? { label: c, numeric: false } : { numeric: false, ...c }
  );
  const head = cols.map((c) => `<th scope="col"${c.numeric ? ' class="num"' : ""}>${escapeHtml(c.label)}</th>`).join("");
  const rows = input.rows.map((row) => {
    const cells = row.map((cell, i) => {
      const numeric = cols[i]?.numeric === true || typeof cell === "number" || typeof cell === "object" && cell?.numeric === true;
      const content = typeof cell === "object" && cell !== null ? cell.html : escapeHtml(cell);
      return `<td${numeric ? ' class="num"' : ""}>${content}</td>`;
    });
    return `<tr>${cells.join("")}</tr>`;
  }).join("\n");
  const caption = input.caption !== void 0 ? `<caption>${escapeHtml(input.caption)}</caption>` : "";
  const cls = input.className !== void 0 ? ` class="${input.className}"` : "";
  return `<table${cls}>${caption}<thead><tr>${head}</tr></thead>
<tbody>
${rows}
</tbody></table>`;
}
function renderKeyValueHtml(pairs) {
  const items = pairs.filter(([, v]) => v !== void 0 && v !== null && v !== "").map(
    ([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${typeof v === "object" && v !== null ? v.html : escapeHtml(v)}</dd>`
  ).join("");
  return `<dl class="kv">${items}</dl>`;
}
function renderFigureHtml(svg, caption) {
  return `<figure class="chart">${svg}${caption !== void 0 ? `<figcaption>${escapeHtml(caption)}</figcaption>` : ""}</figure>`;
}
function formatChartNumber(value) {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return "0";
  return Math.abs(value) < 1 ? Number(value.toPrecision(3)).toString() : Number(value.toFixed(3)).toString();
}
function renderBarChartSvg(input) {
  const layout = barChartLayout(input);
  const parts = [
    ...axisParts(layout),
    ...input.bars.flatMap((bar, i) => barParts(layout, bar, i)),
    ...(input.thresholds ?? []).flatMap((t, i) => thresholdParts(layout, t, i))
  ];
  return svgRoot(layout.width, layout.height, input.title, parts);
}
var coord = (n) => (Math.round(n * 10) / 10).toString();
function barChartLayout(input) {
  const width = input.width ?? 640;
  const thresholds = input.thresholds ?? [];
  const labelWidth = Math.min(200, Math.max(70, 12 + 7 * Math.max(0, ...input.bars.map((b) => b.label.length))));
  const valueWidth = 64;
  const top = thresholds.length > 0 ? 20 + 14 * thresholds.length : 10;
  const rowHeight = 26;
  const plotLeft = labelWidth;
  const plotWidth = Math.max(100, width - labelWidth - valueWidth);
  const values = input.bars.flatMap((b) => b.value !== null && Number.isFinite(b.value) ? [b.value] : []);
  const domainValues = [...values, ...thresholds.map((t) => t.value)];
  const min = input.min ?? Math.min(0, ...domainValues);
  let max = input.max ?? Math.max(0, ...domainValues) * 1.1;
  if (!(max > min)) max = min + 1;
  const step = niceTickStep(max - min);
  if (input.max === void 0) max = min + Math.ceil((max - min) / step - 1e-9) * step;
  return {
    fmt: input.formatValue ?? formatChartNumber,
    width,
    height: top + rowHeight * Math.max(1, input.bars.length) + 24,
    labelWidth,
    top,
    rowHeight,
    barHeight: 16,
    plotLeft,
    plotWidth,
    axisY: top + rowHeight * Math.max(1, input.bars.length),
    min,
    max,
    step,
    x: (v) => plotLeft + (Math.min(Math.max(v, min), max) - min) / (max - min) * plotWidth
  };
}
function axisParts(l) {
  const parts = [];
  const ticks = [];
  for (let v = Math.ceil(l.min / l.step - 1e-9) * l.step; v <= l.max + l.step * 1e-6; v += l.step)
    ticks.push(Number(v.toPrecision(12)));
  for (const v of ticks) {
    const xi = l.x(v);
    parts.push(
      `<line x1="${coord(xi)}" y1="${l.top - 4}" x2="${coord(xi)}" y2="${l.axisY}" stroke="#eaeef2" stroke-width="1"/>`
    );
    parts.push(
      `<text x="${coord(xi)}" y="${l.axisY + 15}" font-size="11" fill="#59636e" text-anchor="middle">${escapeHtml(l.fmt(v))}</text>`
    );
  }
  parts.push(
    `<line x1="${coord(l.plotLeft)}" y1="${l.axisY}" x2="${coord(l.plotLeft + l.plotWidth)}" y2="${l.axisY}" stroke="#8c959f"/>`
  );
  return parts;
}
function barParts(l, bar, i) {
  const { barHeight, plotLeft, fmt } = l;
  const y = l.top + i * l.rowHeight + (l.rowHeight - barHeight) / 2;
  const colour = TONE_COLOURS[bar.tone ?? "info"].bar;
  const parts = [
    `<text x="${coord(plotLeft - 8)}" y="${coord(y + barHeight / 2 + 4)}" font-size="12" fill="#1f2328" text-anchor="end">${escapeHtml(
      truncateLabel(bar.label, Math.floor((l.labelWidth - 12) / 7))
    )}</text>`
  ];
  if (bar.value === null || !Number.isFinite(bar.value)) {
    parts.push(
      `<text x="${coord(plotLeft + 4)}" y="${coord(y + barHeight / 2 + 4)}" font-size="12" fill="#a40e26">n/a</text>`
    );
    return parts;
  }
  const x0 = l.x(Math.max(l.min, Math.min(0, l.max)));
  const x1 = l.x(bar.value);
  const bx = Math.min(x0, x1);
  const bw = Math.max(1, Math.abs(x1 - x0));
  parts.push(
    `<rect x="${coord(bx)}" y="${coord(y)}" width="${coord(bw)}" height="${barHeight}" rx="2" fill="${colour}"><title>${escapeHtml(
      `${bar.label}: ${fmt(bar.value)}`
    )}</title></rect>`
  );
  parts.push(
    `<text x="${coord(Math.max(x0, x1) + 6)}" y="${coord(y + barHeight / 2 + 4)}" font-size="12" fill="#1f2328">${escapeHtml(
      fmt(bar.value)
    )}</text>`
  );
  return parts;
}
function thresholdParts(l, t, i) {
  const xt = l.x(t.value);
  const colour = TONE_COLOURS[t.tone ?? "fail"].bar;
  const labelY = 14 + 14 * i;
  const anchor = xt > l.plotLeft + l.plotWidth * 0.7 ? "end" : "start";
  const dx = anchor === "end" ? -4 : 4;
  return [
    `<line x1="${coord(xt)}" y1="${labelY + 3}" x2="${coord(xt)}" y2="${l.axisY}" stroke="${colour}" stroke-width="1.5" stroke-dasharray="5 3"/>`,
    `<text x="${coord(xt + dx)}" y="${labelY}" font-size="11" fill="${colour}" text-anchor="${anchor}">${escapeHtml(
      `${t.label} ${l.fmt(t.value)}`
    )}</text>`
  ];
}
function renderTimelineSvg(input) {
  const width = input.width ?? 720;
  const pad = 70;
  const rowHeight = 30;
  const parsed = input.events.map((e) => ({ ...e, t: Date.parse(e.at) })).sort((a, b) => (Number.isNaN(a.t) ? -Infinity : a.t) - (Number.isNaN(b.t) ? -Infinity : b.t));
  const times = parsed.flatMap((e) => Number.isNaN(e.t) ? [] : [e.t]);
  const t0 = times.length > 0 ? Math.min(...times) : 0;
  const t1 = times.length > 0 ? Math.max(...times) : 0;
  const x = (t) => Number.isNaN(t) ? pad : t1 === t0 ? width / 2 : pad + (t - t0) / (t1 - t0) * (width - 2 * pad);
  const r = (n) => (Math.round(n * 10) / 10).toString();
  const rowEnds = [];
  const placed = parsed.map((e) => {
    const xe = x(e.t);
    const label = truncateLabel(e.label, 34);
    const textWidth = Math.max(label.length, 10) * 6.5;
    const anchor = xe - textWidth / 2 < 4 ? "start" : xe + textWidth / 2 > width - 4 ? "end" : "middle";
    const left = anchor === "start" ? xe : anchor === "end" ? xe - textWidth : xe - textWidth / 2;
    let row = rowEnds.findIndex((end) => end + 8 <= left);
    if (row === -1) row = rowEnds.length;
    rowEnds[row] = left + textWidth;
    return { ...e, xe, label, anchor, row };
  });
  const rows = Math.max(1, rowEnds.length);
  const axisY = 16 + rows * rowHeight;
  const height = axisY + 24;
  const parts = [
    `<line x1="${pad - 20}" y1="${axisY}" x2="${width - pad + 20}" y2="${axisY}" stroke="#8c959f" stroke-width="2"/>`
  ];
  for (const e of placed) {
    const ly = 16 + (rows - 1 - e.row) * rowHeight;
    const colour = TONE_COLOURS[e.tone ?? "info"].bar;
    const date = Number.isNaN(e.t) ? "(no date)" : e.at.slice(0, 10);
    parts.push(
      `<line x1="${r(e.xe)}" y1="${ly + 15}" x2="${r(e.xe)}" y2="${axisY}" stroke="${colour}" stroke-width="1" stroke-dasharray="2 2"/>`
    );
    parts.push(
      `<circle cx="${r(e.xe)}" cy="${axisY}" r="5" fill="${colour}" stroke="#fff" stroke-width="1.5"><title>${escapeHtml(
        `${e.label} \u2014 ${e.at}`
      )}</title></circle>`
    );
    parts.push(
      `<text x="${r(e.xe)}" y="${ly}" font-size="11.5" fill="#1f2328" text-anchor="${e.anchor}">${escapeHtml(e.label)}</text>`
    );
    parts.push(
      `<text x="${r(e.xe)}" y="${ly + 12}" font-size="10" fill="#59636e" text-anchor="${e.anchor}">${escapeHtml(date)}</text>`
    );
  }
  return svgRoot(width, height, input.title, parts);
}
function niceTickStep(span, count = 4) {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10;
  return step * magnitude;
}
function truncateLabel(label, maxChars) {
  return label.length <= maxChars ? label : label.slice(0, Math.max(1, maxChars - 1)) + "\u2026";
}
function svgRoot(width, height, title, parts) {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(
    title
  )}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"><title>${escapeHtml(title)}</title>${parts.join(
    ""
  )}</svg>`;
}

export {
  escapeHtml,
  renderHtmlPage,
  renderBadgeHtml,
  renderCalloutHtml,
  renderTableHtml,
  renderKeyValueHtml,
  renderFigureHtml,
  renderBarChartSvg,
  renderTimelineSvg
};
