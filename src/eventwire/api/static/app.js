// eventwire dashboard. Plain ES module, no build step.
// Every string that comes from the data is put into the page with textContent or as a text node,
// never through innerHTML; strings given to plotly (which reads a few HTML-like tags) are escaped.
// The server aggregates: the timeline and the network come from /timeline and /dyads, the table
// pages through /events, so the page stays light whatever the size of the store.

const $ = (id) => document.getElementById(id);
const PAGE_SIZE = 50;
const NETWORK_EDGES = 60;     // edges drawn at most: more is unreadable on one panel
const STORIES_PAGE = 15;
const GRAVITY = 1.0;          // network layout: pull to the centre, in units of the spring forces
const EVIDENCE_SHOWN = 5;     // evidence cards opened at once; the rest behind a button
const QUADS = [
  { key: "q1", name: "Verbal cooperation", color: "#8cc084" },
  { key: "q2", name: "Material cooperation", color: "#2e7d32" },
  { key: "q3", name: "Verbal conflict", color: "#f0a04b" },
  { key: "q4", name: "Material conflict", color: "#c62828" },
];

const state = {
  filters: {},          // actor, dyad, type, modality, since, until, q, story, bucket
  storyTitle: null,
  sort: "date",
  cursors: [null],      // cursor of each page visited; cursors[i] fetches page i
  page: 0,
  nextCursor: null,
  storiesNext: null,
  selected: null,
  articles: new Map(),  // article_id -> promise of the article
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

async function api(path, params = {}) {
  const url = new URL(path, document.baseURI);
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== "") url.searchParams.set(k, v);
  }
  const headers = { Accept: "application/json" };
  const t = token();
  if (t) headers.Authorization = `Bearer ${t}`;
  const res = await fetch(url, { headers });
  let body = null;
  try { body = await res.json(); } catch { body = null; }
  if (!res.ok) {
    const msg = body && body.error ? `${body.error.code}: ${body.error.message}` : `HTTP ${res.status}`;
    throw new Error(msg);
  }
  return body;
}

function showError(err) {
  const box = $("error");
  if (!err) { box.hidden = true; box.textContent = ""; return; }
  box.textContent = String(err.message || err);
  box.hidden = false;
  // The status line must not keep saying "Loading…" when the API refused the request.
  $("status").textContent = "Not loaded: see the error below.";
}

// Escape for plotly labels and hover text (plotly interprets <b>, <a href>, <br> and entities).
function plotlyText(s) {
  return String(s ?? "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
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

// ----------------------------------------------------------------------------- filters
function filterParams(extra = {}) {
  const f = state.filters;
  const p = {
    actor: f.actor, dyad: f.dyad, type: f.type, since: f.since, until: f.until, q: f.q, story: f.story,
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
  };
}

function writeForm() {
  const f = state.filters;
  const [a, b] = (f.dyad || "").split(",");
  $("f-dyad-a").value = a || "";
  $("f-dyad-b").value = b || "";
  $("f-actor").value = f.actor && f.actor !== a && f.actor !== b ? f.actor : f.dyad ? "" : f.actor || "";
  $("f-type").value = f.type || "";
  $("f-modality").value = f.modality || "";
  $("f-since").value = f.since || "";
  $("f-until").value = f.until || "";
  $("f-q").value = f.q || "";
  $("f-bucket").value = f.bucket || "week";
  $("f-sort").value = state.sort;
  const chip = $("story-chip");
  chip.hidden = !f.story;
  $("story-chip-title").textContent = state.storyTitle || f.story || "";
}

function syncUrl() {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...state.filters, sort: state.sort === "date" ? "" : state.sort })) {
    if (v) p.set(k, v);
  }
  const qs = p.toString();
  history.replaceState(null, "", location.pathname + (qs ? `?${qs}` : ""));
}

function readUrl() {
  const p = new URLSearchParams(location.search);
  const keys = ["actor", "dyad", "type", "modality", "since", "until", "q", "story", "bucket"];
  state.filters = Object.fromEntries(keys.map((k) => [k, p.get(k) || ""]));
  if (!state.filters.bucket) state.filters.bucket = "week";
  state.sort = p.get("sort") || "date";
}

// ----------------------------------------------------------------------------- views
async function loadAll() {
  showError(null);
  syncUrl();
  writeForm();
  state.cursors = [null];
  state.page = 0;
  state.storiesNext = null;
  $("stories").replaceChildren();
  const jobs = [loadTimeline(), loadNetwork(), loadEvents(), loadStories()];
  const results = await Promise.allSettled(jobs);
  const failed = results.find((r) => r.status === "rejected");
  if (failed) showError(failed.reason);
}

async function loadTimeline() {
  const tl = await api("timeline", filterParams({ bucket: state.filters.bucket || "week" }));
  const x = tl.points.map((p) => p.bucket);
  const traces = QUADS.map((q) => ({
    type: "bar", name: q.name, x, y: tl.points.map((p) => p[q.key]), marker: { color: q.color },
    hovertemplate: `%{x}<br>${q.name}: %{y}<extra></extra>`,
  }));
  traces.push({
    type: "scatter", mode: "lines", name: "Mean Goldstein", x, yaxis: "y2", connectgaps: false,
    y: tl.points.map((p) => p.goldstein_mean), line: { color: "#17324f", width: 1.5 },
    hovertemplate: "%{x}<br>mean Goldstein %{y:.2f}<extra></extra>",
  });
  const layout = {
    barmode: "stack", margin: { l: 40, r: 45, t: 10, b: 30 }, legend: { orientation: "h", y: -0.18 },
    yaxis: { title: { text: "events" }, rangemode: "tozero" },
    yaxis2: { title: { text: "mean Goldstein" }, overlaying: "y", side: "right", range: [-10, 10],
      tickvals: [-10, -5, 0, 5, 10], zeroline: false, showgrid: false },
    bargap: 0.1,
  };
  const div = $("timeline");
  await Plotly.react(div, traces, layout, { displaylogo: false, responsive: true });
  div.removeAllListeners?.("plotly_click");
  div.on("plotly_click", (ev) => {
    const point = ev.points && ev.points[0];
    if (point) drillToBucket(point.x);
  });
  $("timeline-note").textContent = `${tl.events.toLocaleString()} events match` +
    (tl.excluded_imprecise ? `; ${tl.excluded_imprecise.toLocaleString()} with a date coarser than a ${tl.bucket} are not plotted` : "") +
    ". Click a bar to list its events.";
  updateStatus(tl.events);
}

function bucketEnd(start, bucket) {
  const d = new Date(`${start}T00:00:00Z`);
  if (bucket === "day") return start;
  if (bucket === "week") d.setUTCDate(d.getUTCDate() + 6);
  else { d.setUTCMonth(d.getUTCMonth() + 1); d.setUTCDate(0); }
  return d.toISOString().slice(0, 10);
}

async function drillToBucket(x) {
  const start = String(x).slice(0, 10);
  state.filters.since = start;
  state.filters.until = bucketEnd(start, state.filters.bucket || "week");
  await loadAll();
  const first = document.querySelector("#events-body tr");
  if (first) selectEvent(first.dataset.eventId, first);
}

function layoutNodes(nodes, edges) {
  // Fruchterman-Reingold on the unit square from a circle start: deterministic, and quick for the
  // few dozen nodes the panel shows. Busy edges pull harder, so strong dyads sit close.
  const n = nodes.length;
  const k = Math.sqrt(1 / Math.max(n, 1));
  const pos = new Map(nodes.map((node, i) => [node.id, {
    x: 0.5 * Math.cos((2 * Math.PI * i) / Math.max(n, 1)), y: 0.5 * Math.sin((2 * Math.PI * i) / Math.max(n, 1)) }]));
  const maxW = Math.max(1, ...edges.map((e) => e.events));
  const steps = 250;
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
      const f = ((d * d) / k) * (0.5 + e.events / maxW);
      const da = disp.get(e.source), db = disp.get(e.target);
      da.x -= (dx / d) * f; da.y -= (dy / d) * f; db.x += (dx / d) * f; db.y += (dy / d) * f;
    }
    const temp = 0.1 * (1 - step / steps) + 0.002;
    for (const node of nodes) {
      const p = pos.get(node.id), dv = disp.get(node.id);
      // Gravity towards the centre: without it, pairs that share no actor with the rest drift to
      // the edges and everything else is squeezed into the middle.
      dv.x -= GRAVITY * p.x; dv.y -= GRAVITY * p.y;
      const len = Math.max(Math.hypot(dv.x, dv.y), 1e-9);
      p.x += (dv.x / len) * Math.min(len, temp);
      p.y += (dv.y / len) * Math.min(len, temp);
    }
  }
  // Scale into [-1, 1] so the graph fills the panel.
  const xs = [...pos.values()].map((p) => p.x), ys = [...pos.values()].map((p) => p.y);
  const span = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys), 1e-6);
  const cx = (Math.max(...xs) + Math.min(...xs)) / 2, cy = (Math.max(...ys) + Math.min(...ys)) / 2;
  for (const p of pos.values()) { p.x = (2 * (p.x - cx)) / span; p.y = (2 * (p.y - cy)) / span; }
  return pos;
}

function edgeEnds(e, pos, both) {
  // A pair reported in both directions gets two parallel arrows, each shifted to its right.
  const a = pos.get(e.source), b = pos.get(e.target);
  if (!both.has(`${e.target}>${e.source}`)) return [a, b];
  const dx = b.x - a.x, dy = b.y - a.y, d = Math.max(Math.hypot(dx, dy), 1e-6);
  const ox = (dy / d) * 0.045, oy = (-dx / d) * 0.045;
  return [{ x: a.x + ox, y: a.y + oy }, { x: b.x + ox, y: b.y + oy }];
}

function goldsteinColor(g) {
  // -10 (conflict) red -> 0 amber -> +10 (cooperation) green.
  const t = Math.max(-1, Math.min(1, (g ?? 0) / 10));
  const lerp = (a, b, u) => Math.round(a + (b - a) * u);
  const [c0, c1, c2] = [[198, 40, 40], [240, 160, 75], [46, 125, 50]];
  const [from, to, u] = t < 0 ? [c1, c0, -t] : [c1, c2, t];
  return `rgb(${lerp(from[0], to[0], u)},${lerp(from[1], to[1], u)},${lerp(from[2], to[2], u)})`;
}

async function loadNetwork() {
  const net = await api("dyads", filterParams({ limit: NETWORK_EDGES }));
  const div = $("network");
  if (!net.edges.length) {
    Plotly.purge(div);
    div.replaceChildren(el("p", { class: "note" }, "No actor-to-actor events match the filters."));
    $("network-note").textContent = "";
    return;
  }
  if (!div.classList.contains("js-plotly-plot")) div.replaceChildren();
  const pos = layoutNodes(net.nodes, net.edges);
  const maxW = Math.max(1, ...net.edges.map((e) => e.events));
  const both = new Set(net.edges.map((e) => `${e.source}>${e.target}`));
  const ends = net.edges.map((e) => edgeEnds(e, pos, both));
  const annotations = net.edges.map((e, i) => {
    const [a, b] = ends[i];
    return {
      x: b.x, y: b.y, ax: a.x, ay: a.y, xref: "x", yref: "y", axref: "x", ayref: "y", text: "",
      showarrow: true, arrowhead: 2, arrowsize: 0.7, standoff: 8, startstandoff: 8,
      arrowwidth: 1 + 4 * Math.sqrt(e.events / maxW), arrowcolor: goldsteinColor(e.goldstein_mean), opacity: 0.8,
    };
  });
  const mid = {
    type: "scatter", mode: "markers", name: "edges", showlegend: false,
    x: ends.map(([a, b]) => a.x * 0.45 + b.x * 0.55),
    y: ends.map(([a, b]) => a.y * 0.45 + b.y * 0.55),
    marker: { size: 10, color: net.edges.map((e) => goldsteinColor(e.goldstein_mean)), opacity: 0.35 },
    customdata: net.edges.map((e) => [e.source, e.target]),
    hovertext: net.edges.map((e) => plotlyText(
      `${e.source} → ${e.target}: ${e.events} events (coop ${e.q1 + e.q2}, conflict ${e.q3 + e.q4}), ` +
      `mean Goldstein ${e.goldstein_mean ?? "n/a"} — click to filter`)),
    hoverinfo: "text",
  };
  const nodeTrace = {
    type: "scatter", mode: "markers+text", name: "actors", showlegend: false,
    x: net.nodes.map((n) => pos.get(n.id).x), y: net.nodes.map((n) => pos.get(n.id).y),
    text: net.nodes.map((n) => plotlyText(n.id)), textposition: "top center",
    customdata: net.nodes.map((n) => [n.id]),
    hovertext: net.nodes.map((n) => plotlyText(`${n.label} (${n.id}): ${n.events_out} as source, ${n.events_in} as target`)),
    hoverinfo: "text",
    marker: { size: net.nodes.map((n) => 7 + 14 * Math.sqrt((n.events_out + n.events_in) / (2 * maxW))),
      color: "#17324f", line: { color: "#fff", width: 1 } },
  };
  const axis = { visible: false, zeroline: false, showgrid: false, range: [-1.15, 1.15] };
  const yaxis = { ...axis, range: [-1.15, 1.3] };  // room for the labels above the top nodes
  await Plotly.react(div, [mid, nodeTrace], {
    margin: { l: 5, r: 5, t: 5, b: 5 }, xaxis: axis, yaxis, annotations,
    hovermode: "closest", dragmode: "pan",
  }, { displaylogo: false, responsive: true });
  div.removeAllListeners?.("plotly_click");
  div.on("plotly_click", (ev) => {
    const point = ev.points && ev.points[0];
    if (!point || !point.customdata) return;
    if (point.customdata.length === 2) {
      state.filters.dyad = `${point.customdata[0]},${point.customdata[1]}`;
      state.filters.actor = "";
    } else {
      state.filters.actor = point.customdata[0];
      state.filters.dyad = "";
    }
    loadAll();
  });
  $("network-note").textContent = `${net.edges.length} busiest directed pairs` +
    (net.truncated ? " (more exist; narrow the filters to see them)" : "") +
    ". Click an actor to filter on it, or an edge's dot to filter on that dyad.";
}

async function loadStories(append = false) {
  const data = await api("stories", filterParams({ limit: STORIES_PAGE, next: append ? state.storiesNext : null }));
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
    const span = [s.first_date || s.start, s.last_date || s.end].filter(Boolean);
    list.append(el("li", {}, button, el("div", { class: "meta" },
      `${span.join(" – ")} · ${plural(s.n_events, "event")} · ${plural(s.n_articles, "article")} · ` +
      plural((s.outlets || []).length, "outlet"))));
  }
  state.storiesNext = data.next;
  $("stories-more").hidden = !data.next;
}

function plural(n, word) {
  return `${(n ?? 0).toLocaleString()} ${word}${n === 1 ? "" : "s"}`;
}

function actorCell(a) {
  if (!a) return "";
  const code = [a.country, a.sector].filter(Boolean).join("");
  return a.name ? (code ? `${a.name} (${code})` : a.name) : code;
}

async function loadEvents() {
  const cursor = state.cursors[state.page];
  const data = await api("events", filterParams({ limit: PAGE_SIZE, sort: state.sort, next: cursor, evidence: "false" }));
  const body = $("events-body");
  body.replaceChildren();
  if (!data.events.length) {
    body.append(el("tr", {}, el("td", { colspan: "9", class: "note" }, "No events match the filters.")));
  }
  for (const e of data.events) {
    const row = el("tr", { tabindex: "0", dataset: { eventId: e.event_id } },
      el("td", {}, e.date || "—"),
      el("td", {}, e.mode ? `${e.event_type} / ${e.mode}` : e.event_type),
      el("td", { class: "actor" }, actorCell(e.source)),
      el("td", { class: "actor" }, actorCell(e.target)),
      el("td", {}, e.modality),
      el("td", {}, el("span", { class: `quad quad-${e.quad_class}` }, e.quad_class ?? "")),
      el("td", {}, e.goldstein ?? ""),
      el("td", {}, e.confidence != null ? e.confidence.toFixed(2) : ""),
      el("td", {}, e.num_sources ?? ""));
    if (e.event_id === state.selected) row.classList.add("selected");
    row.addEventListener("click", () => selectEvent(e.event_id, row));
    row.addEventListener("keydown", (ev) => { if (ev.key === "Enter") selectEvent(e.event_id, row); });
    body.append(row);
  }
  state.nextCursor = data.next;
  $("next").disabled = !data.next;
  $("prev").disabled = state.page === 0;
  $("page-label").textContent = `page ${state.page + 1}`;
}

function updateStatus(nEvents) {
  const f = state.filters;
  const parts = [`${nEvents.toLocaleString()} events`];
  if (f.dyad) parts.push(`dyad ${f.dyad.replace(",", " ↔ ")}`);
  if (f.actor) parts.push(`actor ${f.actor}`);
  if (f.type) parts.push(f.type);
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

function highlighted(text, ev) {
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

async function evidenceCard(ev) {
  const card = el("article", { class: "evidence-card" });
  let art = null;
  try { art = await article(ev.article_id); } catch (err) { art = null; }
  const title = (art && art.title) || ev.source_name || ev.article_id;
  const outlet = (art && art.outlet) || ev.source_name || "unknown outlet";
  const published = (art && art.published) || ev.published || "date unknown";
  const url = (art && art.url) || ev.url;
  card.append(
    el("h4", {}, title),
    el("div", { class: "source" }, `${outlet} · ${published} · `, url ? safeLink(url, "open the article") : "no link"),
  );
  if (art && art.text) {
    const box = highlighted(art.text, ev);
    card.append(box);
  } else {
    card.append(el("blockquote", {}, el("mark", {}, ev.sentence || "")));
  }
  return card;
}

async function selectEvent(eventId, row) {
  if (!eventId) return;
  state.selected = eventId;
  document.querySelectorAll("#events-body tr.selected").forEach((r) => r.classList.remove("selected"));
  if (row) row.classList.add("selected");
  const panel = $("evidence");
  panel.replaceChildren(el("p", { class: "note" }, "Loading evidence…"));
  try {
    const e = await api(`events/${encodeURIComponent(eventId)}`);
    const head = el("div", { class: "event-head" },
      el("h3", {}, `${actorCell(e.source) || "?"} → ${e.event_type}${e.mode ? " / " + e.mode : ""} → ${actorCell(e.target) || "?"}`),
      el("dl", {},
        el("dt", {}, "Date"), el("dd", {}, `${e.date || "unknown"} (${e.date_precision || "?"}, from ${e.date_source})`),
        el("dt", {}, "Modality"), el("dd", {}, e.modality),
        el("dt", {}, "Where"), el("dd", {}, e.location ? `${e.location.name} (${e.location.country || "?"})` : "—"),
        el("dt", {}, "CAMEO / Quad / Goldstein"), el("dd", {}, `${e.cameo_code || e.cameo_root || "?"} / ${e.quad_class} / ${e.goldstein}`),
        el("dt", {}, "Confidence"), el("dd", {}, e.confidence != null ? e.confidence.toFixed(2) : "?"),
        el("dt", {}, "Reported by"), el("dd", {}, `${plural(e.num_sources, "source")}, ${plural(e.num_articles, "article")}, ${plural(e.num_mentions, "mention")}`),
        e.merged_into ? el("dt", {}, "Merged into") : null, e.merged_into ? el("dd", {}, e.merged_into) : null,
        el("dt", {}, "Event id"), el("dd", {}, e.event_id)));
    const evidence = e.evidence || [];
    const cards = await Promise.all(evidence.slice(0, EVIDENCE_SHOWN).map(evidenceCard));
    panel.replaceChildren(head, ...cards);
    if (evidence.length > EVIDENCE_SHOWN) {
      const more = el("button", { type: "button", class: "secondary" }, `Show ${evidence.length - EVIDENCE_SHOWN} more`);
      more.addEventListener("click", async () => {
        more.replaceWith(...(await Promise.all(evidence.slice(EVIDENCE_SHOWN).map(evidenceCard))));
      });
      panel.append(more);
    }
    if (!evidence.length) panel.append(el("p", { class: "note" }, "No evidence stored for this event."));
    // Bring each highlighted sentence into view inside its article box.
    panel.querySelectorAll(".article-text mark").forEach((mark) => {
      const box = mark.parentElement;
      box.scrollTop = Math.max(0, mark.offsetTop - box.offsetTop - 40);
    });
  } catch (err) {
    panel.replaceChildren(el("p", { class: "error" }, String(err.message || err)));
  }
}

// ----------------------------------------------------------------------------- setup
async function init() {
  readUrl();
  try {
    const [meta, actors] = await Promise.all([api("meta"), api("actors", { limit: 200 })]);
    const typeSel = $("f-type");
    for (const t of meta.event_types) typeSel.append(el("option", { value: t }, t));
    const modSel = $("f-modality");
    for (const m of meta.modalities) modSel.append(el("option", { value: m }, m));
    const list = $("actor-list");
    for (const a of actors.actors) list.append(el("option", { value: a.actor }, a.label));
  } catch (err) {
    showError(err);
  }
  $("filters").addEventListener("submit", (ev) => { ev.preventDefault(); readForm(); loadAll(); });
  $("reset").addEventListener("click", () => {
    state.filters = { bucket: "week" };
    state.storyTitle = null;
    state.sort = "date";
    loadAll();
  });
  $("story-chip-clear").addEventListener("click", () => { state.filters.story = ""; state.storyTitle = null; loadAll(); });
  $("f-sort").addEventListener("change", () => {
    state.sort = $("f-sort").value; state.cursors = [null]; state.page = 0; syncUrl();
    loadEvents().catch(showError);
  });
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
  if (typeof Plotly === "undefined") {
    showError(new Error("plotly.js did not load (is the plotly Python package installed on the server?)"));
    return;
  }
  await loadAll();
  document.body.dataset.ready = "true";
}

// plotly.min.js is a deferred classic script; module scripts run after it, so Plotly is defined.
init();
