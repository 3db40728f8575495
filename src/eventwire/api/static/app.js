// eventwire dashboard. Plain ES module, no build step, no chart library: the timeline, the map and the
// network are SVG drawn here from the server's aggregates (/timeline, /timeline/coarse, /map, /dyads),
// so the page loads a few kilobytes of script and stays light whatever the size of the store.
// Every string that comes from the data is put into the page with textContent or as a text node,
// never through innerHTML.

const $ = (id) => document.getElementById(id);
const SVG_NS = "http://www.w3.org/2000/svg";
const PAGE_SIZE = 50;
const NETWORK_EDGES = 40;     // edges drawn at most: more is unreadable on one panel
const STORIES_PAGE = 12;
const GRAVITY = 1.0;          // network layout: pull to the centre, in units of the spring forces
const EVIDENCE_ARTICLES = 6;  // article cards opened at once; the rest behind a button
const MAP_LAT = [-58, 84];    // latitudes shown by the map (no Antarctica)
const QUADS = [
  { key: "q1", name: "Verbal cooperation", color: "#8cc084" },
  { key: "q2", name: "Material cooperation", color: "#2e7d32" },
  { key: "q3", name: "Verbal conflict", color: "#f0a04b" },
  { key: "q4", name: "Material conflict", color: "#c62828" },
];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const FILTER_KEYS = ["actor", "dyad", "type", "modality", "since", "until", "q", "story", "bbox", "bucket"];
// What a well-formed URL parameter looks like; anything else is dropped with a worded notice.
const CHECKS = {
  actor: [/^[A-Za-z]{3}(?:[A-Za-z]{3}){0,4}$/, "an actor code such as PAK"],
  dyad: [/^[A-Za-z]{3}(?:[A-Za-z]{3}){0,4},[A-Za-z]{3}(?:[A-Za-z]{3}){0,4}$/, "two actor codes such as PAK,AFG"],
  type: [/^[A-Za-z]+$/, "an event type such as FIGHT"],
  modality: [/^[a-z]+$/, "a modality such as asserted, or all"],
  since: [/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/, "a date like 2025-09-01, 2025-09 or 2025"],
  until: [/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/, "a date like 2025-09-01, 2025-09 or 2025"],
  q: [/^.{1,200}$/s, "a search of at most 200 characters"],
  story: [/^[0-9a-f]{6,64}$/, "a story id (hexadecimal)"],
  bbox: [/^-?[\d.]+,-?[\d.]+,-?[\d.]+,-?[\d.]+$/, "west,south,east,north in degrees"],
  bucket: [/^(day|week|month)$/, "day, week or month"],
  sort: [/^-?(date|confidence|goldstein|sources)$/, "a sort such as -date"],
};

const state = {
  filters: {},          // actor, dyad, type, modality, since, until, q, story, bbox, bucket
  storyTitle: null,
  placeTitle: null,
  sort: "-date",
  cursors: [null],      // cursor of each page visited; cursors[i] fetches page i
  page: 0,
  nextCursor: null,
  storiesNext: null,
  selected: null,
  notices: [],          // URL parameters that were dropped, worded for the error box
  articles: new Map(),  // article_id -> promise of the article
  names: new Map(),     // actor code -> full name (countries from the server, else the most used name)
  map: { zoom: 1, cx: 0, cy: 0, world: null, data: null, timer: null },
  generation: 0,        // bumped by every loadAll: late answers of an older view are dropped
};

// ----------------------------------------------------------------------------- fetch
function token() {
  // A token given as #token=... is kept for this tab only and removed from the address bar.
  const m = location.hash.match(/token=([^&]+)/);
  if (m) {
    sessionStorage.setItem("eventwire-token", decodeURIComponent(m[1]));
    history.replaceState(null, "", location.pathname + location.search);
  }
  return sessionStorage.getItem("eventwire-token");
}

function apiUrl(path, params = {}) {
  const url = new URL(path, document.baseURI);
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== "") url.searchParams.set(k, v);
  }
  return url;
}

async function api(path, params = {}) {
  const headers = { Accept: "application/json" };
  const t = token();
  if (t) headers.Authorization = `Bearer ${t}`;
  const res = await fetch(apiUrl(path, params), { headers });
  let body = null;
  try { body = await res.json(); } catch { body = null; }
  if (!res.ok) {
    const msg = body && body.error ? body.error.message : `The server answered HTTP ${res.status}.`;
    throw new Error(msg);
  }
  return body;
}

function showError(err) {
  const box = $("error");
  const lines = [...state.notices];
  if (err) lines.push(String(err.message || err));
  box.textContent = lines.join("\n");
  box.hidden = !lines.length;
  if (err) $("status").textContent = "Some views did not load: see the message below.";
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "dataset") Object.assign(node.dataset, v);
    else node.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function svg(tag, attrs = {}, text = null) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== null) node.textContent = String(text);
  return node;
}

function safeLink(url, label) {
  // Only http(s) URLs become links; anything else (javascript:, data:) is shown as text.
  try {
    const u = new URL(url);
    if (u.protocol === "http:" || u.protocol === "https:") {
      return el("a", { href: u.href, rel: "noopener noreferrer", target: "_blank" }, label || u.href);
    }
  } catch { /* not a URL */ }
  return el("span", { class: "unsafe-url" }, url ? `(${url})` : "");
}

// Tooltip shared by the charts: plain text, placed next to the pointer.
function tip(node, text) {
  node.addEventListener("mousemove", (ev) => {
    const box = $("tip");
    box.textContent = typeof text === "function" ? text() : text;
    box.hidden = false;
    const x = Math.min(ev.clientX + 14, window.innerWidth - box.offsetWidth - 8);
    const y = ev.clientY + 16 + box.offsetHeight > window.innerHeight ? ev.clientY - box.offsetHeight - 10 : ev.clientY + 16;
    box.style.left = `${x}px`;
    box.style.top = `${y}px`;
  });
  node.addEventListener("mouseleave", () => { $("tip").hidden = true; });
}

function clickable(node, label, fn) {
  // A chart shape that acts like a button: pointer click, or Tab to it and press Enter or Space.
  node.setAttribute("tabindex", "0");
  node.setAttribute("role", "button");
  node.setAttribute("aria-label", label);
  node.addEventListener("click", fn);
  node.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); fn(ev); } });
}

function plural(n, word) {
  return `${(n ?? 0).toLocaleString()} ${word}${n === 1 ? "" : "s"}`;
}

function actorName(code) {
  return state.names.get(code) || code;
}

// ----------------------------------------------------------------------------- filters
function filterParams(extra = {}) {
  const f = state.filters;
  const p = {
    actor: f.actor, dyad: f.dyad, type: f.type, since: f.since, until: f.until, q: f.q, story: f.story, bbox: f.bbox,
  };
  if (f.modality === "all") p.all = "true";
  else if (f.modality) p.modality = f.modality;
  return { ...p, ...extra };
}

function readForm() {
  const a = $("f-dyad-a").value.trim().toUpperCase();
  const b = $("f-dyad-b").value.trim().toUpperCase();
  state.filters = {
    dyad: a && b ? `${a},${b}` : "",
    actor: $("f-actor").value.trim().toUpperCase() || (a && !b ? a : !a && b ? b : ""),
    type: $("f-type").value,
    modality: $("f-modality").value,
    since: $("f-since").value,
    until: $("f-until").value,
    q: $("f-q").value.trim(),
    bucket: $("f-bucket").value,
    story: state.filters.story || "",
    bbox: state.filters.bbox || "",
  };
  state.notices = [];
}

function writeForm() {
  const f = state.filters;
  const [a, b] = (f.dyad || "").split(",");
  $("f-dyad-a").value = a || "";
  $("f-dyad-b").value = b || "";
  $("f-actor").value = f.actor || "";
  $("f-type").value = f.type || "";
  $("f-modality").value = f.modality || "";
  $("f-since").value = /^\d{4}-\d{2}-\d{2}$/.test(f.since || "") ? f.since : "";
  $("f-until").value = /^\d{4}-\d{2}-\d{2}$/.test(f.until || "") ? f.until : "";
  $("f-q").value = f.q || "";
  $("f-bucket").value = f.bucket || "week";
  $("f-sort").value = state.sort;
  $("story-chip").hidden = !f.story;
  $("story-chip-title").textContent = state.storyTitle || f.story || "";
  $("place-chip").hidden = !f.bbox;
  $("place-chip-title").textContent = state.placeTitle || f.bbox || "";
  // The brief and the downloads follow the view.
  const brief = $("brief-link");
  brief.hidden = !f.dyad;
  if (f.dyad) {
    brief.href = apiUrl("brief", { dyad: f.dyad }).href;
    brief.textContent = `Brief ${f.dyad.replace(",", " ↔ ")}`;
  }
  $("dl-csv").href = apiUrl("export", filterParams({ format: "csv" })).href;
  $("dl-parquet").href = apiUrl("export", filterParams({ format: "parquet" })).href;
}

function syncUrl() {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(state.filters)) {
    if (v && !(k === "bucket" && v === "week")) p.set(k, v);
  }
  if (state.sort !== "-date") p.set("sort", state.sort);
  const qs = p.toString();
  history.replaceState(null, "", location.pathname + (qs ? `?${qs}` : ""));
}

function readUrl() {
  const p = new URLSearchParams(location.search);
  state.filters = { bucket: "week" };
  state.notices = [];
  for (const k of [...FILTER_KEYS, "sort"]) {
    const v = p.get(k);
    if (v === null || v === "") continue;
    const [re, expected] = CHECKS[k];
    if (!re.test(v)) {
      state.notices.push(`Ignored the address's ${k}=${v.slice(0, 40)}: ${k} must be ${expected}.`);
      continue;
    }
    if (k === "sort") state.sort = v;
    else state.filters[k] = ["actor", "dyad", "type"].includes(k) ? v.toUpperCase() : v;
  }
}

// ----------------------------------------------------------------------------- views
async function loadAll() {
  state.generation += 1;
  $("status").textContent = "Loading…";
  showError(null);
  syncUrl();
  writeForm();
  state.cursors = [null];
  state.page = 0;
  state.storiesNext = null;
  const jobs = [loadTimeline(), loadMap(), loadNetwork(), loadEvents(), loadStories()];
  const results = await Promise.allSettled(jobs);
  const failed = results.find((r) => r.status === "rejected");
  showError(failed ? failed.reason : null);
}

// ------------------------------------------------------------------ timeline
const DAY = 86400000;
const toDay = (iso) => Date.parse(`${iso}T00:00:00Z`);
const isoDay = (t) => new Date(t).toISOString().slice(0, 10);

function bucketEnd(start, bucket) {
  // First day after the bucket starting on `start` (YYYY-MM-DD).
  const d = new Date(`${start}T00:00:00Z`);
  if (bucket === "day") d.setUTCDate(d.getUTCDate() + 1);
  else if (bucket === "week") d.setUTCDate(d.getUTCDate() + 7);
  else d.setUTCMonth(d.getUTCMonth() + 1);
  return d.getTime();
}

function periodSpan(period) {
  // [first day, day after] of a YYYY or YYYY-MM period.
  if (period.length === 4) return [Date.UTC(+period, 0, 1), Date.UTC(+period + 1, 0, 1)];
  const [y, m] = period.split("-").map(Number);
  return [Date.UTC(y, m - 1, 1), Date.UTC(y, m, 1)];
}

function dayLabel(t, withYear = false) {
  const d = new Date(t);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}${withYear ? `, ${d.getUTCFullYear()}` : ""}`;
}

function periodLabel(period) {
  return period.length === 4 ? period : `${MONTHS[+period.slice(5, 7) - 1]} ${period.slice(0, 4)}`;
}

function timeTicks(t0, t1, width) {
  // Ticks at whole days (labelled at the middle of the day), Mondays, month starts or year starts:
  // never inside a day, so one bucket never reads as a fraction of a second.
  const days = (t1 - t0) / DAY;
  const maxTicks = Math.max(2, Math.floor(width / 64));
  const ticks = [];
  const dayStep = [1, 2, 7, 14].find((s) => days / s <= maxTicks);
  if (dayStep) {
    let t = t0;
    if (dayStep >= 7) { const wd = (new Date(t).getUTCDay() + 6) % 7; t += ((7 - wd) % 7) * DAY; }
    for (; t < t1; t += dayStep * DAY) ticks.push([dayStep < 7 ? t + DAY / 2 : t, dayLabel(t)]);
    return ticks;
  }
  const months = days / 30.4;
  const step = [1, 2, 3, 6, 12, 24, 60].find((s) => months / s <= maxTicks) || 120;
  const d = new Date(t0);
  const y = d.getUTCFullYear();
  let m = d.getUTCMonth() + (d.getUTCDate() > 1 ? 1 : 0);
  m = Math.ceil(m / step) * step;
  for (;;) {
    const t = Date.UTC(y + Math.floor(m / 12), m % 12, 1);
    if (t > t1) break;
    const mm = m % 12;
    ticks.push([t, step >= 12 ? String(y + Math.floor(m / 12)) : mm === 0 ? `${MONTHS[0]} ${y + Math.floor(m / 12)}` : MONTHS[mm]]);
    m += step;
  }
  return ticks;
}

function niceMax(v) {
  if (v <= 5) return Math.max(1, v);
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 2.5, 5, 10].map((s) => s * p).find((s) => s >= v);
}

function dominantQuad(c) {
  let best = QUADS[0], n = -1;
  for (const q of QUADS) if ((c[q.key] || 0) > n) { best = q; n = c[q.key] || 0; }
  return best;
}

async function loadTimeline() {
  const gen = state.generation;
  const bucket = state.filters.bucket || "week";
  const [tl, coarse] = await Promise.all([
    api("timeline", filterParams({ bucket })),
    api("timeline/coarse", filterParams({ bucket })),
  ]);
  if (gen !== state.generation) return;
  state.timeline = { tl, coarse };
  drawTimeline();
  updateStatus(tl.events);
}

function drawTimeline() {
  const { tl, coarse } = state.timeline;
  const bucket = tl.bucket;
  const div = $("timeline");
  const showCoarse = $("f-coarse").checked;
  const W = Math.max(div.clientWidth, 200), H = div.clientHeight || 210;
  const periods = showCoarse ? coarse.periods : [];
  const rows = [...new Set(periods.map((p) => p.precision))].sort().reverse();  // month above year
  const m = { l: 34, r: 34, t: 8, b: 20 + rows.length * 15 };
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Events per " + bucket });
  const points = tl.points;
  if (!points.length && !periods.length) {
    root.append(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty" }, "No dated events match the filters."));
    div.replaceChildren(root);
    noteTimeline(tl, coarse, 0);
    return;
  }
  let t0 = points.length ? toDay(points[0].bucket) : Infinity;
  let t1 = points.length ? bucketEnd(points[points.length - 1].bucket, bucket) : -Infinity;
  if (!points.length) {  // only coarse dates: the range of their periods
    for (const p of periods) { const [a, b] = periodSpan(p.period); t0 = Math.min(t0, a); t1 = Math.max(t1, b); }
  }
  const iw = W - m.l - m.r, ih = H - m.t - m.b;
  const x = (t) => m.l + ((t - t0) / (t1 - t0)) * iw;
  const ymax = niceMax(Math.max(1, ...points.map((p) => p.total)));
  const y = (v) => m.t + ih - (v / ymax) * ih;
  const y2 = (g) => m.t + ih - ((g + 10) / 20) * ih;
  // grid and axes
  const axis = svg("g", { class: "axis" });
  for (const v of [0, ymax / 2, ymax]) {
    axis.append(svg("line", { x1: m.l, x2: W - m.r, y1: y(v), y2: y(v), class: "grid-line" }));
    axis.append(svg("text", { x: m.l - 4, y: y(v) + 3, "text-anchor": "end" }, Number.isInteger(v) ? v : v.toFixed(1)));
  }
  for (const g of [-10, 0, 10]) {
    axis.append(svg("text", { x: W - m.r + 4, y: y2(g) + 3 }, g > 0 ? `+${g}` : g));
  }
  axis.append(svg("line", { x1: m.l, x2: W - m.r, y1: m.t + ih, y2: m.t + ih }));
  for (const [t, label] of timeTicks(t0, t1, iw)) {
    axis.append(svg("line", { x1: x(t), x2: x(t), y1: m.t + ih, y2: m.t + ih + 4 }));
    axis.append(svg("text", { x: x(t), y: m.t + ih + 14, "text-anchor": "middle" }, label));
  }
  root.append(axis);
  // stacked bars, each spanning its bucket
  const bars = svg("g", { class: "bars" });
  const hits = svg("g");
  for (const p of points) {
    const a = toDay(p.bucket), b = bucketEnd(p.bucket, bucket);
    const x0 = x(a), w = Math.max(1, x(b) - x(a));
    const gap = w > 6 ? 1 : 0;
    let acc = 0;
    for (const q of QUADS) {
      const v = p[q.key];
      if (!v) continue;
      bars.append(svg("rect", { x: x0 + gap, width: Math.max(0.6, w - 2 * gap), y: y(acc + v), height: y(acc) - y(acc + v),
        fill: q.color, class: `bar ${q.key}`, "data-bucket": p.bucket }));
      acc += v;
    }
    const label = bucket === "day" ? dayLabel(a, true)
      : bucket === "week" ? `Week ${dayLabel(a)} – ${dayLabel(b - DAY, true)}` : periodLabel(p.bucket.slice(0, 7));
    const hit = svg("rect", { x: x0, width: w, y: m.t, height: ih, class: "hit", "data-bucket": p.bucket });
    tip(hit, `${label}: ${plural(p.total, "event")}\n` + QUADS.map((q) => `${q.name}: ${p[q.key]}`).join("\n") +
      (p.goldstein_mean != null ? `\nmean Goldstein ${p.goldstein_mean.toFixed(2)}` : "") +
      (p.total ? "\nClick to list these events." : ""));
    if (p.total) clickable(hit, `${label}: ${plural(p.total, "event")}`, () => drillTo(p.bucket, isoDay(b - DAY)));
    hits.append(hit);
  }
  root.append(bars);
  // mean Goldstein: one line through every bucket that has events (empty buckets are skipped, not
  // breaks), with a marker on each, so a lone bucket still shows its value
  const gp = points.filter((p) => p.goldstein_mean != null)
    .map((p) => [x((toDay(p.bucket) + bucketEnd(p.bucket, bucket)) / 2), y2(p.goldstein_mean)]);
  const line = svg("g", { class: "goldstein" });
  if (gp.length > 1) {
    line.append(svg("path", { d: "M" + gp.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join("L"),
      fill: "none", stroke: "#17324f", "stroke-width": 1.4, "stroke-opacity": 0.8 }));
  }
  for (const [a, b] of gp) line.append(svg("circle", { cx: a, cy: b, r: 2.6, fill: "#17324f", class: "marker" }));
  root.append(line);
  // month-only and year-only dated events as bands under the axis, over the period they cover
  let outside = 0;
  const bands = svg("g", { class: "bands" });
  rows.forEach((prec, i) => {
    const yy = m.t + ih + 20 + i * 15;
    bands.append(svg("text", { x: m.l - 4, y: yy + 9, "text-anchor": "end" }, prec === "month" ? "mo." : "yr."));
    for (const p of periods.filter((q) => q.precision === prec)) {
      const [a, b] = periodSpan(p.period);
      if (b <= t0 || a >= t1) { outside += p.events; continue; }
      const xa = x(Math.max(a, t0)), xb = x(Math.min(b, t1));
      const band = svg("rect", { x: xa + 0.5, width: Math.max(2, xb - xa - 1), y: yy, height: 12, rx: 2,
        fill: dominantQuad(p).color, "fill-opacity": 0.45, class: "band", "data-period": p.period });
      tip(band, `${periodLabel(p.period)} (dated to the ${prec} only): ${plural(p.events, "event")}\n` +
        QUADS.map((q) => `${q.name}: ${p[q.key]}`).join("\n") + "\nClick to list these events.");
      clickable(band, `${periodLabel(p.period)}, dated to the ${prec}: ${plural(p.events, "event")}`, () => drillTo(p.period, p.period));
      bands.append(band);
      if (xb - xa > 16) bands.append(svg("text", { x: (xa + xb) / 2, y: yy + 9.5, "text-anchor": "middle", class: "band-count" }, p.events));
    }
  });
  root.append(bands, hits);
  div.replaceChildren(root);
  noteTimeline(tl, coarse, outside);
}

function legendTimeline() {
  const box = el("div", { class: "legend" });
  for (const q of QUADS) box.append(el("span", {}, el("span", { class: "sw", style: `background:${q.color}` }), q.name));
  box.append(el("span", {}, el("span", { class: "sw line" }), "mean Goldstein (right axis)"));
  return box;
}

function noteTimeline(tl, coarse, outside) {
  const parts = [`${tl.events.toLocaleString()} events match`];
  if (coarse.events) {
    parts.push(`${coarse.events.toLocaleString()} dated only to a month or year ` +
      ($("f-coarse").checked ? `drawn as bands under the axis${outside ? ` (${outside} outside this range)` : ""}` : "(hidden)"));
  }
  if (coarse.undated) parts.push(`${coarse.undated.toLocaleString()} undated (listed in the table, not plotted)`);
  $("timeline-legend").replaceChildren(legendTimeline());
  $("timeline-note").textContent = parts.join("; ") + ". Click a bar to list its events.";
}

async function drillTo(since, until) {
  state.filters.since = since;
  state.filters.until = until;
  await loadAll();
  const first = document.querySelector("#events-body tr[data-event-id]");
  if (first) selectEvent(first.dataset.eventId, first);
}

// ------------------------------------------------------------------ map
function project(lon, lat) {
  // Equirectangular on a 1000-unit-wide plane, MAP_LAT cropped.
  return [((lon + 180) / 360) * 1000, ((MAP_LAT[1] - lat) / 360) * 1000];
}
const MAP_H = ((MAP_LAT[1] - MAP_LAT[0]) / 360) * 1000;

async function loadWorld() {
  if (!state.map.world) {
    state.map.world = fetch(new URL("static/world-110m.json", document.baseURI)).then((r) => {
      if (!r.ok) throw new Error("The map outlines (static/world-110m.json) did not load.");
      return r.json();
    });
  }
  return state.map.world;
}

function mapCell() {
  // Grid (degrees) for the current zoom: about 8 screen pixels per cell (the server coarsens it
  // further when that would return too many cells).
  const width = $("map").clientWidth || 400;
  const pxPerDeg = (width / 360) * state.map.zoom;
  return Math.min(45, 8 / pxPerDeg);
}

async function loadMap(keepView = false) {
  const gen = state.generation;
  const [world, data] = await Promise.all([loadWorld(), api("map", filterParams({ cell: mapCell().toFixed(3) }))]);
  if (gen !== state.generation) return;
  state.map.data = data;
  if (!keepView) {
    if (state.filters.bbox) fitBox(state.filters.bbox.split(",").map(Number));
    else fitMap(data.cells);
  }
  drawMap(world, data);
  // Zoomed in by the fit: aggregate again at the finer grid the new zoom allows.
  if (!keepView && mapCell() < data.cell / 2 && data.cells.length) await loadMap(true);
}

function fitMap(cells) {
  if (!cells.length) { state.map.zoom = 1; state.map.cx = 500; state.map.cy = MAP_H / 2; return; }
  const west = Math.min(...cells.map((c) => c.west)), east = Math.max(...cells.map((c) => c.east));
  const south = Math.min(...cells.map((c) => c.south)), north = Math.max(...cells.map((c) => c.north));
  fitBox([west, south, east, north]);
}

function fitBox([west, south, east, north]) {
  const [x0, y0] = project(west, north), [x1, y1] = project(east, south);
  const div = $("map");
  const aspect = (div.clientWidth || 400) / (div.clientHeight || 210);
  const w = Math.max(x1 - x0, (y1 - y0) * aspect, 40) * 1.35;
  state.map.zoom = Math.max(1, Math.min(60, 1000 / w));
  state.map.cx = (x0 + x1) / 2;
  state.map.cy = (y0 + y1) / 2;
}

function mapViewBox() {
  const div = $("map");
  const aspect = (div.clientWidth || 400) / (div.clientHeight || 210);
  const w = 1000 / state.map.zoom, h = w / aspect;
  state.map.cx = Math.max(w / 2 - 100, Math.min(1100 - w / 2, state.map.cx));
  state.map.cy = Math.max(Math.min(h / 2, MAP_H / 2), Math.min(MAP_H - Math.min(h / 2, MAP_H / 2), state.map.cy));
  return [state.map.cx - w / 2, state.map.cy - h / 2, w, h];
}

let countryPaths = null;
function countryPath(c) {
  return c.rings.map((r) => {
    let d = "";
    for (let i = 0; i < r.length; i += 2) {
      const [px, py] = project(r[i], r[i + 1]);
      d += (i ? "L" : "M") + px.toFixed(1) + "," + py.toFixed(1);
    }
    return d + "Z";
  }).join("");
}

function drawMap(world, data) {
  const div = $("map");
  const [vx, vy, vw, vh] = mapViewBox();
  const root = svg("svg", { viewBox: `${vx} ${vy} ${vw} ${vh}`, role: "img", "aria-label": "Event locations",
    preserveAspectRatio: "xMidYMid meet" });
  if (!countryPaths) countryPaths = world.countries.map((c) => [c, countryPath(c)]);
  const land = svg("g", { class: "land" });
  for (const [c, d] of countryPaths) {
    const path = svg("path", { d, class: "country", "vector-effect": "non-scaling-stroke" });
    tip(path, `${c.name}${c.iso3 ? ` (${c.iso3})` : ""}`);
    land.append(path);
  }
  root.append(land);
  const scale = vw / (div.clientWidth || 400);  // viewBox units per screen pixel
  const maxN = Math.max(1, ...data.cells.map((c) => c.events));
  const spots = svg("g", { class: "spots" });
  for (const c of [...data.cells].sort((a, b) => b.events - a.events)) {
    const [px, py] = project(c.lon, c.lat);
    const q = dominantQuad(c);
    const r = (3 + 11 * Math.sqrt(c.events / maxN)) * scale;
    const countryOnly = c.country_level === c.events;
    const spot = svg("circle", { cx: px, cy: py, r, fill: q.color, stroke: countryOnly ? q.color : "#fff",
      "stroke-width": (countryOnly ? 1.6 : 0.8) * scale, class: `spot${countryOnly ? " country-level" : ""}`,
      "data-events": c.events });
    const where = c.places > 1 ? `${c.place} and ${c.places - 1} other place${c.places > 2 ? "s" : ""}` : c.place || "unnamed place";
    tip(spot, `${where}: ${plural(c.events, "event")}\n` + QUADS.map((qq) => `${qq.name}: ${c[qq.key]}`).join("\n") +
      (c.goldstein_mean != null ? `\nmean Goldstein ${c.goldstein_mean}` : "") +
      (c.country_level ? `\n${c.country_level} placed only to a country (at its centre)` : "") + "\nClick to filter on this place.");
    clickable(spot, `${where}: ${plural(c.events, "event")}`, (ev) => {
      ev.stopPropagation();
      const pad = 0.01;
      state.filters.bbox = [c.west - pad, c.south - pad, c.east + pad, c.north + pad].map((v) => v.toFixed(3)).join(",");
      state.placeTitle = where;
      loadAll();
    });
    spots.append(spot);
  }
  root.append(spots);
  wireMapGestures(root);
  const legend = el("div", { class: "legend" });
  for (const q of QUADS) legend.append(el("span", {}, el("span", { class: "sw", style: `background:${q.color}` }), q.name));
  legend.append(el("span", {}, el("span", { class: "sw ring" }), "country-level only"));
  div.replaceChildren(root);
  const note = [`${data.located.toLocaleString()} of ${data.events.toLocaleString()} events have a location`];
  if (data.clustered) note.push(`nearby places grouped in ${data.cell}° cells (zoom in to separate them)`);
  $("map-note").replaceChildren(note.join("; ") + ". Scroll or +/− to zoom, drag to pan.", legend);
}

function wireMapGestures(root) {
  const redraw = () => {
    const [vx, vy, vw, vh] = mapViewBox();
    root.setAttribute("viewBox", `${vx} ${vy} ${vw} ${vh}`);
    clearTimeout(state.map.timer);  // points are re-aggregated for the new zoom, once it settles
    state.map.timer = setTimeout(() => loadMap(true).catch(showError), 250);
  };
  root.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const factor = ev.deltaY < 0 ? 1.4 : 1 / 1.4;
    const rect = root.getBoundingClientRect();
    const [vx, vy, vw, vh] = mapViewBox();
    const px = vx + ((ev.clientX - rect.left) / rect.width) * vw, py = vy + ((ev.clientY - rect.top) / rect.height) * vh;
    const zoom = Math.max(1, Math.min(60, state.map.zoom * factor));
    const k = state.map.zoom / zoom;
    state.map.cx = px + (state.map.cx - px) * k;
    state.map.cy = py + (state.map.cy - py) * k;
    state.map.zoom = zoom;
    redraw();
  }, { passive: false });
  let drag = null;
  root.addEventListener("pointerdown", (ev) => {
    if (ev.target.classList.contains("spot")) return;
    drag = { x: ev.clientX, y: ev.clientY, cx: state.map.cx, cy: state.map.cy };
    root.setPointerCapture(ev.pointerId);
  });
  root.addEventListener("pointermove", (ev) => {
    if (!drag) return;
    const rect = root.getBoundingClientRect();
    const [, , vw] = mapViewBox();
    const k = vw / rect.width;
    state.map.cx = drag.cx - (ev.clientX - drag.x) * k;
    state.map.cy = drag.cy - (ev.clientY - drag.y) * k;
    const [vx, vy, w, h] = mapViewBox();
    root.setAttribute("viewBox", `${vx} ${vy} ${w} ${h}`);
  });
  root.addEventListener("pointerup", () => { if (drag) { drag = null; redraw(); } });
  state.map.redraw = redraw;
}

function zoomMap(factor) {
  state.map.zoom = Math.max(1, Math.min(60, state.map.zoom * factor));
  if (state.map.redraw) state.map.redraw();
}

// ------------------------------------------------------------------ network
function layoutNodes(nodes, edges) {
  // Fruchterman-Reingold on the unit square from a circle start: deterministic, and quick for the
  // few dozen nodes the panel shows. Busy edges pull harder, so strong dyads sit close.
  const n = nodes.length;
  const k = 1.3 * Math.sqrt(1 / Math.max(n, 1));
  const pos = new Map(nodes.map((node, i) => [node.id, {
    x: 0.5 * Math.cos((2 * Math.PI * i) / Math.max(n, 1)), y: 0.5 * Math.sin((2 * Math.PI * i) / Math.max(n, 1)) }]));
  const maxW = Math.max(1, ...edges.map((e) => e.events));
  const steps = 300;
  for (let step = 0; step < steps; step++) {
    const disp = new Map(nodes.map((node) => [node.id, { x: 0, y: 0 }]));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const a = pos.get(nodes[i].id), b = pos.get(nodes[j].id);
        const dx = a.x - b.x, dy = a.y - b.y, d = Math.max(Math.hypot(dx, dy), 1e-3);
        const f = (k * k) / d;
        const da = disp.get(nodes[i].id), db = disp.get(nodes[j].id);
        da.x += (dx / d) * f; da.y += (dy / d) * f; db.x -= (dx / d) * f; db.y -= (dy / d) * f;
      }
    }
    for (const e of edges) {
      const a = pos.get(e.source), b = pos.get(e.target);
      const dx = a.x - b.x, dy = a.y - b.y, d = Math.max(Math.hypot(dx, dy), 1e-3);
      const f = ((d * d) / k) * (0.5 + 0.5 * e.events / maxW);
      const da = disp.get(e.source), db = disp.get(e.target);
      da.x -= (dx / d) * f; da.y -= (dy / d) * f; db.x += (dx / d) * f; db.y += (dy / d) * f;
    }
    const temp = 0.1 * (1 - step / steps) + 0.002;
    for (const node of nodes) {
      const p = pos.get(node.id), dv = disp.get(node.id);
      dv.x -= GRAVITY * p.x; dv.y -= GRAVITY * p.y;
      const len = Math.max(Math.hypot(dv.x, dv.y), 1e-9);
      p.x += (dv.x / len) * Math.min(len, temp);
      p.y += (dv.y / len) * Math.min(len, temp);
    }
  }
  const xs = [...pos.values()].map((p) => p.x), ys = [...pos.values()].map((p) => p.y);
  const sx = Math.max(Math.max(...xs) - Math.min(...xs), 1e-6), sy = Math.max(Math.max(...ys) - Math.min(...ys), 1e-6);
  const mx = Math.min(...xs), my = Math.min(...ys);
  for (const p of pos.values()) { p.x = (p.x - mx) / sx; p.y = (p.y - my) / sy; }  // [0, 1] each way
  return pos;
}

function goldsteinColor(g) {
  // -10 (conflict) red -> 0 amber -> +10 (cooperation) green.
  const t = Math.max(-1, Math.min(1, (g ?? 0) / 10));
  const lerp = (a, b, u) => Math.round(a + (b - a) * u);
  const [c0, c1, c2] = [[198, 40, 40], [240, 160, 75], [46, 125, 50]];
  const [from, to, u] = t < 0 ? [c1, c0, -t] : [c1, c2, t];
  return `rgb(${lerp(from[0], to[0], u)},${lerp(from[1], to[1], u)},${lerp(from[2], to[2], u)})`;
}

function placeLabels(nodes, at, radius, W, H) {
  // Greedy label placement: each label (busiest node first) takes the first of sixteen spots around its node (eight
  // next to it, eight a label's height further out) that overlaps no placed label and no node; failing that, the
  // least crowded spot.
  const boxes = [];
  const nodeBoxes = nodes.map((n) => { const p = at(n), r = radius(n); return [p.x - r, p.y - r, p.x + r, p.y + r]; });
  const overlap = (a, b) => Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0])) * Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const out = new Map();
  for (const n of nodes) {
    const p = at(n), r = radius(n) + 2, w = 8 * n.id.length + 4, h = 13;  // capitals are ~8 px wide
    const ring = [[0, -r - h / 2], [0, r + h / 2], [r + w / 2, 0], [-r - w / 2, 0],
      [r + w / 2 - 4, -r - h / 2 + 4], [-r - w / 2 + 4, -r - h / 2 + 4], [r + w / 2 - 4, r + h / 2 - 4], [-r - w / 2 + 4, r + h / 2 - 4]];
    // the eight spots next to the node, then the same directions a label's height further out
    const spots = ring.concat(ring.map(([dx, dy]) => [dx + Math.sign(dx) * h, dy + Math.sign(dy) * h]));
    let best = null, bestCost = Infinity;
    for (const [dx, dy] of spots) {
      const cx = Math.max(w / 2, Math.min(W - w / 2, p.x + dx)), cy = Math.max(h / 2, Math.min(H - h / 2, p.y + dy));
      const box = [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2];
      let cost = 0;
      for (const b of boxes) cost += overlap(box, b) * 3;
      nodeBoxes.forEach((b, i) => { if (nodes[i] !== n) cost += overlap(box, b); });
      if (cost < bestCost) { best = [cx, cy, box]; bestCost = cost; }
      if (cost === 0) break;
    }
    boxes.push(best[2]);
    out.set(n.id, best);
  }
  return out;
}

async function loadNetwork() {
  const gen = state.generation;
  const net = await api("dyads", filterParams({ limit: NETWORK_EDGES }));
  if (gen !== state.generation) return;
  const div = $("network");
  const legend = $("network-legend");
  legend.replaceChildren();
  for (const n of net.nodes) if (n.label) state.names.set(n.id, n.label);
  if (!net.edges.length) {
    div.replaceChildren(el("p", { class: "note" }, "No actor-to-actor events match the filters."));
    $("network-note").textContent = "";
    return;
  }
  const W = Math.max(div.clientWidth, 200), H = div.clientHeight || 210, pad = 22;
  const pos = layoutNodes(net.nodes, net.edges);
  const maxW = Math.max(1, ...net.edges.map((e) => e.events));
  const maxN = Math.max(1, ...net.nodes.map((n) => n.events_out + n.events_in));
  const at = (n) => { const p = pos.get(n.id || n); return { x: pad + p.x * (W - 2 * pad), y: pad + p.y * (H - 2 * pad) }; };
  const radius = (n) => 4 + 8 * Math.sqrt((n.events_out + n.events_in) / maxN);
  const byId = new Map(net.nodes.map((n) => [n.id, n]));
  const both = new Set(net.edges.map((e) => `${e.source}>${e.target}`));
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Who acts on whom" });
  const edges = svg("g", { class: "edges" });
  for (const e of net.edges) {
    let a = at(e.source), b = at(e.target);
    const dx = b.x - a.x, dy = b.y - a.y, d = Math.max(Math.hypot(dx, dy), 1e-6);
    const ux = dx / d, uy = dy / d;
    if (both.has(`${e.target}>${e.source}`)) {  // both directions: two parallel arrows
      a = { x: a.x - uy * 3, y: a.y + ux * 3 }; b = { x: b.x - uy * 3, y: b.y + ux * 3 };
    }
    const ra = radius(byId.get(e.source)) + 1, rb = radius(byId.get(e.target)) + 2;
    const x1 = a.x + ux * ra, y1 = a.y + uy * ra, x2 = b.x - ux * rb, y2 = b.y - uy * rb;
    const color = goldsteinColor(e.goldstein_mean), width = 1 + 3.5 * Math.sqrt(e.events / maxW);
    const g = svg("g", { class: "edge", "data-dyad": `${e.source},${e.target}` });
    const head = 4 + width;
    g.append(svg("line", { x1, y1, x2: x2 - ux * head * 0.8, y2: y2 - uy * head * 0.8, stroke: color, "stroke-width": width, "stroke-opacity": 0.75 }));
    g.append(svg("polygon", { points: `${x2},${y2} ${x2 - ux * head - uy * head * 0.5},${y2 - uy * head + ux * head * 0.5} ${x2 - ux * head + uy * head * 0.5},${y2 - uy * head - ux * head * 0.5}`, fill: color }));
    g.append(svg("line", { x1, y1, x2, y2, stroke: "transparent", "stroke-width": 10 }));
    tip(g, `${actorName(e.source)} (${e.source}) → ${actorName(e.target)} (${e.target}): ${plural(e.events, "event")}\n` +
      `cooperation ${e.q1 + e.q2}, conflict ${e.q3 + e.q4}, mean Goldstein ${e.goldstein_mean ?? "n/a"}\nClick to filter on this dyad (and open its brief).`);
    clickable(g, `${actorName(e.source)} to ${actorName(e.target)}: ${plural(e.events, "event")}`,
      () => { state.filters.dyad = `${e.source},${e.target}`; state.filters.actor = ""; loadAll(); });
    edges.append(g);
  }
  root.append(edges);
  const nodes = svg("g", { class: "nodes" });
  for (const n of net.nodes) {
    const p = at(n);
    const c = svg("circle", { cx: p.x, cy: p.y, r: radius(n), fill: "#17324f", stroke: "#fff", "stroke-width": 1.2, class: "node", "data-actor": n.id });
    tip(c, `${n.label || actorName(n.id)} (${n.id}): ${n.events_out} as source, ${n.events_in} as target\nClick to filter on this actor.`);
    clickable(c, `${n.label || actorName(n.id)} (${n.id})`, () => { state.filters.actor = n.id; state.filters.dyad = ""; loadAll(); });
    nodes.append(c);
  }
  const labels = placeLabels(net.nodes, at, radius, W, H);
  for (const n of net.nodes) {
    const [cx, cy] = labels.get(n.id);
    nodes.append(svg("text", { x: cx, y: cy + 4, "text-anchor": "middle", class: "node-label" }, n.id));
  }
  root.append(nodes);
  div.replaceChildren(root);
  for (const n of net.nodes) {
    const b = el("button", { type: "button", title: `Filter on ${n.label || n.id}` }, el("b", {}, n.id), ` ${n.label && n.label !== n.id ? n.label : actorName(n.id)}`);
    b.addEventListener("click", () => { state.filters.actor = n.id; state.filters.dyad = ""; loadAll(); });
    legend.append(el("li", {}, b));
  }
  $("network-note").textContent = `${net.edges.length} busiest directed pairs` +
    (net.truncated ? " (more exist; narrow the filters)" : "") + "; red conflict → green cooperation. Click an arrow for its dyad.";
}

// ------------------------------------------------------------------ stories and events
async function loadStories(append = false) {
  const gen = state.generation;
  const data = await api("stories", filterParams({ limit: STORIES_PAGE, next: append ? state.storiesNext : null }));
  if (gen !== state.generation) return;
  const list = $("stories");
  if (!append) list.replaceChildren();
  if (!data.stories.length && !append) list.append(el("li", { class: "note" }, "No stories match."));
  for (const s of data.stories) {
    const button = el("button", { type: "button", title: "Show only this story's events" }, s.title || s.story_id);
    button.addEventListener("click", () => {
      state.filters.story = s.story_id;
      state.storyTitle = s.title || s.story_id;
      loadAll();
    });
    const first = (s.published_first || s.start || "").slice(0, 10), last = (s.published_last || s.end || "").slice(0, 10);
    const span = first && last && first !== last ? `${first} – ${last}` : first || last || "publication date unknown";
    list.append(el("li", {}, button, el("div", { class: "meta" },
      `${span} · ${plural(s.n_events, "event")} · ${plural(s.n_articles, "article")} · ` +
      plural((s.outlets || []).length, "outlet"))));
  }
  state.storiesNext = data.next;
  $("stories-more").hidden = !data.next;
}

function actorCell(a) {
  if (!a) return "";
  const code = [a.country, a.sector].filter(Boolean).join("");
  return a.name ? (code ? `${a.name} (${code})` : a.name) : code;
}

function actorTitle(a) {
  if (!a) return "";
  const parts = [a.name, a.text && a.text !== a.name ? `“${a.text}” in the text` : null,
    a.country ? `${actorName(a.country)} (${a.country})` : null, a.sector ? `sector ${a.sector}` : null, a.code ? `code ${a.code}` : null];
  return parts.filter(Boolean).join(" · ");
}

async function loadEvents() {
  const gen = state.generation;
  const cursor = state.cursors[state.page];
  const data = await api("events", filterParams({ limit: PAGE_SIZE, sort: state.sort, next: cursor, evidence: "false" }));
  if (gen !== state.generation) return;
  const body = $("events-body");
  body.replaceChildren();
  if (!data.events.length) {
    body.append(el("tr", {}, el("td", { colspan: "9", class: "note" }, "No events match the filters.")));
  }
  for (const e of data.events) {
    const row = el("tr", { tabindex: "0", dataset: { eventId: e.event_id } },
      el("td", { title: e.date_precision ? `dated to the ${e.date_precision}` : "no date" }, e.date || "—"),
      el("td", {}, e.event_type, e.mode ? el("span", { class: "mode" }, ` / ${e.mode}`) : null),
      el("td", { class: "actor", title: actorTitle(e.source) }, actorCell(e.source)),
      el("td", { class: "actor", title: actorTitle(e.target) }, actorCell(e.target)),
      el("td", {}, e.modality),
      el("td", {}, el("span", { class: `quad quad-${e.quad_class}` }, e.quad_class ?? "")),
      el("td", { class: "num" }, e.goldstein ?? ""),
      el("td", { class: "num" }, e.confidence != null ? e.confidence.toFixed(2) : ""),
      el("td", { class: "num" }, e.num_sources ?? ""));
    if (e.event_id === state.selected) row.classList.add("selected");
    row.addEventListener("click", () => selectEvent(e.event_id, row));
    row.addEventListener("keydown", (ev) => { if (ev.key === "Enter") selectEvent(e.event_id, row); });
    body.append(row);
  }
  // The evidence drawer never shows an event that the table no longer lists.
  if (state.selected && !data.events.some((e) => e.event_id === state.selected)) clearEvidence();
  state.nextCursor = data.next;
  $("next").disabled = !data.next;
  $("prev").disabled = state.page === 0;
  $("page-label").textContent = `page ${state.page + 1}`;
}

function updateStatus(nEvents) {
  const f = state.filters;
  const parts = [`${nEvents.toLocaleString()} events`];
  if (f.dyad) parts.push(`dyad ${f.dyad.replace(",", " ↔ ")}`);
  if (f.actor) parts.push(`actor ${f.actor}${state.names.has(f.actor) ? ` (${actorName(f.actor)})` : ""}`);
  if (f.type) parts.push(f.type);
  if (f.since || f.until) parts.push(`${f.since || "…"} to ${f.until || "…"}`);
  if (f.bbox) parts.push(`near ${state.placeTitle || f.bbox}`);
  $("status").textContent = parts.join(" · ");
}

// ----------------------------------------------------------------------------- evidence
function article(id) {
  if (!state.articles.has(id)) state.articles.set(id, api(`articles/${encodeURIComponent(id)}`));
  return state.articles.get(id);
}

function codePointSlice(text, start, end) {
  // Offsets are Python code points; JS strings index UTF-16 units. Convert only when needed.
  if (!/[\uD800-\uDFFF]/.test(text)) return [text.slice(0, start), text.slice(start, end), text.slice(end)];
  const cps = Array.from(text);
  return [cps.slice(0, start).join(""), cps.slice(start, end).join(""), cps.slice(end).join("")];
}

function inArticle(text, ev) {
  let [before, hit, after] = codePointSlice(text, ev.char_start ?? 0, ev.char_end ?? 0);
  if (ev.sentence && hit !== ev.sentence) {
    // Offsets disagree with the stored sentence (an older store): find the sentence instead.
    const at = text.indexOf(ev.sentence);
    if (at >= 0) [before, hit, after] = [text.slice(0, at), ev.sentence, text.slice(at + ev.sentence.length)];
  }
  const box = el("div", { class: "article-text" });
  box.append(document.createTextNode(before), el("mark", {}, hit), document.createTextNode(after));
  return box;
}

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function highlightSentence(sentence, spans) {
  // The sentence with the trigger word and the actor spans marked; overlapping spans keep the first.
  const marks = [];
  for (const [text, cls, label] of spans) {
    if (!text || text.length < 2) continue;
    const m = new RegExp(`(^|[^\\p{L}\\p{N}])(${escapeRe(text)})(?=$|[^\\p{L}\\p{N}])`, "iu").exec(sentence);
    if (!m) continue;
    const start = m.index + m[1].length, end = start + m[2].length;
    if (marks.some((x) => start < x[1] && end > x[0])) continue;
    marks.push([start, end, cls, label]);
  }
  marks.sort((a, b) => a[0] - b[0]);
  const q = el("blockquote", { class: "sentence" });
  let at = 0;
  for (const [start, end, cls, label] of marks) {
    q.append(document.createTextNode(sentence.slice(at, start)), el("mark", { class: cls, title: label }, sentence.slice(start, end)));
    at = end;
  }
  q.append(document.createTextNode(sentence.slice(at)));
  return q;
}

async function articleCard(group, e) {
  const ev = group[0];
  const card = el("article", { class: "evidence-card", dataset: { articleId: ev.article_id } });
  let art = null;
  try { art = await article(ev.article_id); } catch { art = null; }
  const title = (art && art.title) || ev.source_name || ev.article_id;
  const outlet = (art && art.outlet) || ev.source_name || "unknown outlet";
  const published = (art && art.published) || ev.published || "date unknown";
  const url = (art && art.url) || ev.url;
  card.append(
    el("h4", {}, title),
    el("div", { class: "source" }, `${outlet} · ${published} · `, url ? safeLink(url, "open the article") : "no link stored"),
  );
  const seen = new Set();
  for (const g of group) {
    if (seen.has(g.sentence)) continue;
    seen.add(g.sentence);
    card.append(highlightSentence(g.sentence || "", [
      [g.trigger, "trigger", "trigger word"],
      [e.source && e.source.text, "actor-source", `source: ${actorCell(e.source)}`],
      [e.target && e.target.text, "actor-target", `target: ${actorCell(e.target)}`],
    ]));
  }
  if (art && art.text) {
    const details = el("details", {}, el("summary", {}, "Read it in the article"), inArticle(art.text, ev));
    details.addEventListener("toggle", () => {
      const mark = details.querySelector(".article-text mark");
      if (details.open && mark) mark.parentElement.scrollTop = Math.max(0, mark.offsetTop - mark.parentElement.offsetTop - 40);
    });
    card.append(details);
  }
  return card;
}

function clearEvidence(message) {
  state.selected = null;
  $("evidence-close").hidden = true;
  document.querySelectorAll("#events-body tr.selected").forEach((r) => r.classList.remove("selected"));
  $("evidence").replaceChildren(el("p", { class: "note" },
    message || "Click an event (or a bar of the timeline) to read the sentences behind it."));
}

async function selectEvent(eventId, row) {
  if (!eventId) return;
  state.selected = eventId;
  document.querySelectorAll("#events-body tr.selected").forEach((r) => r.classList.remove("selected"));
  if (row) row.classList.add("selected");
  $("evidence-close").hidden = false;
  const panel = $("evidence");
  panel.replaceChildren(el("p", { class: "note" }, "Loading evidence…"));
  try {
    const e = await api(`events/${encodeURIComponent(eventId)}`);
    if (state.selected !== eventId) return;
    const head = el("div", { class: "event-head" },
      el("h3", {}, `${actorCell(e.source) || "?"} → ${e.event_type}${e.mode ? " / " + e.mode : ""} → ${actorCell(e.target) || "?"}`),
      el("dl", {},
        el("dt", {}, "Date"), el("dd", {}, `${e.date || "unknown"} (${e.date_precision || "no date"}${e.date_source ? `, from ${e.date_source}` : ""})`),
        el("dt", {}, "Modality"), el("dd", {}, e.modality),
        el("dt", {}, "Where"), el("dd", {}, e.location ? `${e.location.name} (${e.location.country || "?"}, ${e.location.precision || "?"} precision)` : "—"),
        el("dt", {}, "CAMEO / Quad / Goldstein"), el("dd", {}, `${e.cameo_code || e.cameo_root || "?"} / ${e.quad_class} / ${e.goldstein}`),
        el("dt", {}, "Confidence"), el("dd", {}, e.confidence != null ? e.confidence.toFixed(2) : "?"),
        el("dt", {}, "Reported by"), el("dd", {}, `${plural(e.num_sources, "source")}, ${plural(e.num_articles, "article")}, ${plural(e.num_mentions, "mention")}`),
        e.merged_into ? el("dt", {}, "Merged into") : null, e.merged_into ? el("dd", {}, e.merged_into) : null,
        el("dt", {}, "Event id"), el("dd", {}, e.event_id)),
      el("p", { class: "legend" },
        el("span", {}, el("mark", { class: "trigger" }, "trigger")), el("span", {}, el("mark", { class: "actor-source" }, "source")),
        el("span", {}, el("mark", { class: "actor-target" }, "target"))));
    // One card per article, its sentences under it.
    const groups = new Map();
    for (const ev of e.evidence || []) {
      if (!groups.has(ev.article_id)) groups.set(ev.article_id, []);
      groups.get(ev.article_id).push(ev);
    }
    const all = [...groups.values()];
    const cards = await Promise.all(all.slice(0, EVIDENCE_ARTICLES).map((g) => articleCard(g, e)));
    if (state.selected !== eventId) return;
    panel.replaceChildren(head, ...cards);
    if (all.length > EVIDENCE_ARTICLES) {
      const more = el("button", { type: "button", class: "secondary" }, `Show ${all.length - EVIDENCE_ARTICLES} more articles`);
      more.addEventListener("click", async () => {
        more.replaceWith(...(await Promise.all(all.slice(EVIDENCE_ARTICLES).map((g) => articleCard(g, e)))));
      });
      panel.append(more);
    }
    if (!all.length) panel.append(el("p", { class: "note" }, "No evidence stored for this event."));
    $("evidence-panel").scrollTop = 0;
  } catch (err) {
    panel.replaceChildren(el("p", { class: "error" }, String(err.message || err)));
  }
}

// ----------------------------------------------------------------------------- setup
async function download(ev) {
  // With a token the browser cannot send it on a plain link: fetch the file and save it.
  const t = token();
  if (!t) return;
  ev.preventDefault();
  const link = ev.currentTarget;
  try {
    const res = await fetch(link.href, { headers: { Authorization: `Bearer ${t}` } });
    if (!res.ok) throw new Error(`The download failed (HTTP ${res.status}).`);
    const name = (res.headers.get("content-disposition") || "").match(/filename="([^"]+)"/);
    const fallback = link.id === "brief-link" ? `brief-${state.filters.dyad.replace(",", "-")}.html` : "events";
    const a = el("a", { href: URL.createObjectURL(await res.blob()), download: name ? name[1] : fallback });
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  } catch (err) {
    showError(err);
  }
}

async function init() {
  readUrl();
  const setup = Promise.all([api("meta"), api("actors", { limit: 200 })]).then(([meta, actors]) => {
    const typeSel = $("f-type");
    for (const t of meta.event_types) typeSel.append(el("option", { value: t }, t));
    const modSel = $("f-modality");
    for (const m of meta.modalities) modSel.append(el("option", { value: m }, m));
    const list = $("actor-list");
    for (const a of actors.actors) {
      const name = a.label && a.label !== a.actor ? a.label : a.name || a.actor;
      state.names.set(a.actor, name);
      list.append(el("option", { value: a.actor }, name));
    }
    writeForm();
  });
  $("filters").addEventListener("submit", (ev) => { ev.preventDefault(); readForm(); loadAll(); });
  $("reset").addEventListener("click", () => {
    state.filters = { bucket: "week" };
    state.storyTitle = null;
    state.placeTitle = null;
    state.sort = "-date";
    state.notices = [];
    loadAll();
  });
  $("story-chip-clear").addEventListener("click", () => { state.filters.story = ""; state.storyTitle = null; loadAll(); });
  $("place-chip-clear").addEventListener("click", () => { state.filters.bbox = ""; state.placeTitle = null; loadAll(); });
  $("f-sort").addEventListener("change", () => {
    state.sort = $("f-sort").value; state.cursors = [null]; state.page = 0; syncUrl();
    loadEvents().catch(showError);
  });
  $("f-coarse").addEventListener("change", () => { if (state.timeline) drawTimeline(); });
  $("next").addEventListener("click", () => {
    if (!state.nextCursor) return;
    state.page += 1; state.cursors[state.page] = state.nextCursor;
    loadEvents().catch(showError);
  });
  $("prev").addEventListener("click", () => {
    if (state.page === 0) return;
    state.page -= 1;
    loadEvents().catch(showError);
  });
  $("stories-more").addEventListener("click", () => loadStories(true).catch(showError));
  $("evidence-close").addEventListener("click", () => clearEvidence());
  $("map-in").addEventListener("click", () => zoomMap(2));
  $("map-out").addEventListener("click", () => zoomMap(0.5));
  $("map-home").addEventListener("click", () => { state.map.zoom = 1; state.map.cx = 500; state.map.cy = MAP_H / 2; zoomMap(1); });
  $("dl-csv").addEventListener("click", download);
  $("dl-parquet").addEventListener("click", download);
  $("brief-link").addEventListener("click", download);  // with a token: saved as an HTML file
  let resize = null;
  window.addEventListener("resize", () => {
    clearTimeout(resize);
    resize = setTimeout(() => { if (state.timeline) drawTimeline(); loadNetwork().catch(showError); loadMap(true).catch(showError); }, 200);
  });
  const [setupResult] = await Promise.allSettled([setup, loadAll()]);
  if (setupResult.status === "rejected") showError(setupResult.reason);
  document.body.dataset.ready = "true";
}

init();
