// The council web map: the project's own layers (no tiles from outside), a choropleth of the
// chosen district figure with its legend, popups with German field names, the forecast of a
// district as a chart, and what-if: open a candidate site, close a school, add a Zug, and see
// the evaluation beside today. Styles and aliases come from the server (the same the
// GeoPackages carry), so the map and QGIS agree.
"use strict";

const state = {
  config: null,
  map: null,
  figureLayer: null,
  figure: null,      // {layer, style}
  overlays: {},      // collection id -> Leaflet layer
  cache: {},         // collection id -> GeoJSON features
  changes: { open: [], close: [], extend: [] },
  kindOf: {},        // facility id -> kind
  result: null,      // the last what-if response
};

// Collections whose district polygons can be coloured by a figure.
const FIGURE_LAYERS = ["supply", "coverage_districts", "access_districts", "forecast_districts"];
const DEFAULT_OVERLAYS = ["facilities"];

async function getJSON(url, options) {
  const r = await fetch(url, options);
  const body = await r.json();
  if (!r.ok) {
    throw new Error(body.description || ("HTTP " + r.status));
  }
  return body;
}

// Every feature of a collection, page by page.
async function features(id) {
  if (state.cache[id]) {
    return state.cache[id];
  }
  let url = "/collections/" + encodeURIComponent(id) + "/items?limit=" + (state.config.max_limit || 1000);
  const all = [];
  while (url) {
    const page = await getJSON(url);
    all.push(...page.features);
    const next = (page.links || []).find(l => l.rel === "next");
    url = next ? next.href : null;
  }
  state.cache[id] = all;
  return all;
}

function layerConfig(id) {
  return state.config.layers.find(l => l.id === id);
}

// The class a feature falls into, as the QGIS rule renderer decides it.
function classOf(style, props) {
  if (!style.classes) {
    return null;
  }
  const v = style.field ? props[style.field] : null;
  for (const c of style.classes) {
    if (c.no_data) {
      if (v === null || v === undefined) return c;
      continue;
    }
    if (v === null || v === undefined) continue;
    if (c.equals !== undefined) {
      if (String(v) === String(c.equals)) return c;
      continue;
    }
    if ((c.from === undefined || v >= c.from) && (c.below === undefined || v < c.below)) return c;
  }
  return null;
}

function drawn(style, props) {
  return !style.only_field || String(props[style.only_field]) === String(style.only_value);
}

function colourOf(style, props) {
  const c = classOf(style, props);
  return c ? c.colour : (style.single || "#787878");
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, ch => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch]));
}

function germanNumber(v) {
  if (typeof v !== "number") return v;
  return v.toLocaleString("de-DE", { maximumFractionDigits: 1 });
}

function propertiesTable(layer, props) {
  const rows = Object.entries(props)
    .filter(([, v]) => v !== null && v !== "")
    .map(([k, v]) => "<tr><td>" + escapeHtml(layer.aliases[k] || k) + "</td><td>" +
      escapeHtml(germanNumber(v)) + "</td></tr>");
  return "<table>" + rows.join("") + "</table>";
}

function legendBlock(title, style, point) {
  let html = "<div class='legend-title'>" + escapeHtml(title) + "</div>";
  const classes = style.classes && style.classes.length ? style.classes :
    [{ label: title, colour: style.single || "#787878" }];
  for (const c of classes) {
    html += "<div class='legend-row'><span class='swatch" + (point ? " dot" : "") +
      "' style='background:" + c.colour + "'></span>" + escapeHtml(c.label) + "</div>";
  }
  return html;
}

// The figure's classes first, then those of every layer switched on.
function renderLegend() {
  let html = "<h2>Legende</h2>";
  if (state.figure) {
    html += legendBlock(state.figure.style.legend_title || state.figure.style.title, state.figure.style, false);
  }
  if (state.changedStyle && state.changedSites && state.map.hasLayer(state.changedSites)) {
    html += legendBlock("Variante: Standorte", state.changedStyle, true);
  }
  for (const [id, layer] of Object.entries(state.overlays)) {
    if (!state.map.hasLayer(layer)) continue;
    const cfg = layerConfig(id);
    const style = cfg.styles[0] || {};
    html += legendBlock(style.legend_title || cfg.title, style, cfg.geometry === "point");
  }
  document.getElementById("legend").innerHTML = html;
}

function showLegend(title, style) {
  state.figure = { style: Object.assign({}, style, { legend_title: title }) };
  renderLegend();
}

function pointStyle(colour) {
  return { radius: 6, color: "#222", weight: 1, fillColor: colour, fillOpacity: 0.95 };
}

// A collection drawn with its default style.
async function overlay(id) {
  const layer = layerConfig(id);
  const style = layer.styles[0] || {};
  const feats = await features(id);
  // Leaflet applies `style` to points too, after pointToLayer.
  const isPoint = f => f.geometry && (f.geometry.type === "Point" || f.geometry.type === "MultiPoint");
  const polygonStyle = f => isPoint(f) ?
    pointStyle(colourOf(style, f.properties)) : {
      color: style.outline_only ? "#333" : "#555", weight: style.outline_only ? 2 : 1,
      fillColor: colourOf(style, f.properties), fillOpacity: style.outline_only ? 0 : 0.45,
    };
  return L.geoJSON({ type: "FeatureCollection", features: feats }, {
    // As QGIS's rule renderer: a feature in no class is not drawn.
    filter: f => drawn(style, f.properties) && (!(style.classes && style.classes.length) || classOf(style, f.properties) !== null),
    style: polygonStyle,
    pointToLayer: (f, at) => L.circleMarker(at, pointStyle(colourOf(style, f.properties))),
    onEachFeature: (f, l) => l.bindPopup(() => popup(layer, f), { maxWidth: 360 }),
  });
}

function popup(layer, feature) {
  const p = feature.properties;
  const div = document.createElement("div");
  div.className = "popup";
  div.innerHTML = "<strong>" + escapeHtml(p.name || layer.title) + "</strong>" + propertiesTable(layer, p);
  if (layer.id === "facilities") {
    whatIfButtons(div, p);
  }
  if (p.facility_id && p.kind !== "candidate" && layerConfig("forecast_facilities_years")) {
    showForecast("forecast_facilities_years", "facility_id", p.facility_id, p.name || p.facility_id,
      /^(pupils|pupils_low|pupils_high|seats)$/);
  } else if (p.district_id && layerConfig("forecast_districts_years")) {
    showForecast("forecast_districts_years", "district_id", p.district_id, p.name || p.district_id,
      /^(u3|ue3|primary_age|children)$/);
  }
  return div;
}

function button(parent, text, action) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  b.addEventListener("click", action);
  parent.appendChild(b);
}

function whatIfButtons(div, p) {
  const kind = document.getElementById("whatif-kind").value;
  const id = p.facility_id;
  if (p.kind === "candidate") {
    button(div, "Hier eröffnen", () => change("open", id, "eröffnen: " + (p.name || id)));
  } else if (p.kind === kind) {
    button(div, "Schließen", () => change("close", id, "schließen: " + (p.name || id)));
    if (kind === "grundschule") {
      button(div, "+1 Zug", () => change("extend", { facility: id, zuege: 1 }, "+1 Zug: " + (p.name || id)));
    } else {
      button(div, "+25 Plätze", () => change("extend", { facility: id, capacity: 25 }, "+25 Plätze: " + (p.name || id)));
    }
  }
}

function change(what, value, label) {
  state.changes[what].push(value);
  const list = document.getElementById("changes");
  list.querySelector(".none")?.remove();
  const li = document.createElement("li");
  li.textContent = label;
  list.appendChild(li);
  document.getElementById("evaluate").disabled = false;
  state.map.closePopup();
}

function resetWhatIf() {
  state.changes = { open: [], close: [], extend: [] };
  document.getElementById("changes").innerHTML = "<li class='none'>noch keine Änderung</li>";
  document.getElementById("result").innerHTML = "";
  document.getElementById("evaluate").disabled = true;
  state.result = null;
  document.querySelector("#figure option[value=variant]")?.remove();
  if (state.changedSites) {
    state.map.removeLayer(state.changedSites);
    state.changedStyle = null;
  }
  chooseFigure(document.getElementById("figure").value);
}

async function evaluate() {
  const out = document.getElementById("result");
  out.textContent = "wird berechnet …";
  const body = { kind: document.getElementById("whatif-kind").value, name: "Variante", ...state.changes };
  const threshold = document.getElementById("whatif-threshold").value;
  state.threshold = null;
  if (threshold) {
    body.threshold = threshold + " " + document.getElementById("whatif-unit").value;
    state.threshold = body.threshold;
  }
  try {
    const started = performance.now();
    state.result = await getJSON("/processes/siting/execution", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
    showResult(state.result, performance.now() - started);
  } catch (e) {
    out.innerHTML = "<p class='error'>Die Variante kann nicht bewertet werden: " + escapeHtml(e.message) + "</p>";
  }
}

function showResult(result, ms) {
  const rows = result.layers.siting_comparison.features.map(f => f.properties);
  const keys = Object.keys(rows[0]).filter(k => k.startsWith("share_") || k === "without_seat" || k.startsWith("mean_"));
  const aliases = result.layers.siting_comparison.aliases || {};
  let html = "<table><tr><th></th>" + rows.map(r => "<th>" + escapeHtml(r.scenario === "today" ? "heute" : r.scenario) + "</th>").join("") + "</tr>";
  for (const k of keys) {
    html += "<tr><td>" + escapeHtml(aliases[k] || k) + "</td>" + rows.map(r => "<td>" + escapeHtml(germanNumber(r[k])) + "</td>").join("") + "</tr>";
  }
  html += "</table><p class='hint'>" + (ms ? "berechnet in " + Math.round(ms) + " ms; " : "") + "die Karte zeigt die Variante je Planungsraum.</p>";
  document.getElementById("result").innerHTML = html;
  const districts = result.layers.siting_districts;
  // The share within the threshold asked for, else within the first.
  const asked = state.threshold ? "share_" + state.threshold.replace(" ", "") + "_result" : null;
  const style = districts.styles.find(s => s.field === asked) ||
    districts.styles.find(s => s.field && s.field.endsWith("_result")) || districts.styles[0];
  const select = document.getElementById("figure");
  let option = select.querySelector("option[value=variant]");
  if (!option) {
    option = document.createElement("option");
    option.value = "variant";
    select.prepend(option);
  }
  option.textContent = "Variante: " + (style.legend_title || style.title);
  select.value = "variant";
  drawFigure({ id: "siting_districts", title: "Variante", aliases: districts.aliases, styles: districts.styles },
    districts.features, style);
  drawChangedSites(result.layers.siting_sites);
}

// The sites the variant opens or closes, ringed above the facilities, in the outcome style.
function drawChangedSites(sites) {
  if (state.changedSites) {
    state.map.removeLayer(state.changedSites);
  }
  const style = sites.styles[0];
  const changed = sites.features.filter(f => ["chosen", "closed"].includes(f.properties.outcome));
  state.changedSites = L.geoJSON({ type: "FeatureCollection", features: changed }, {
    pointToLayer: (f, at) => L.circleMarker(at, { radius: 10, color: "#000", weight: 3,
      fillColor: colourOf(style, f.properties), fillOpacity: 1 }),
    onEachFeature: (f, l) => l.bindTooltip(escapeHtml((f.properties.name || f.properties.facility_id) + ": " +
      (classOf(style, f.properties) || {}).label)),
  }).addTo(state.map);
  const used = new Set(changed.map(f => classOf(style, f.properties)));
  state.changedStyle = changed.length ? Object.assign({}, style, { classes: style.classes.filter(c => used.has(c)) }) : null;
  renderLegend();
}

function drawFigure(layer, feats, style) {
  if (state.figureLayer) {
    state.map.removeLayer(state.figureLayer);
  }
  state.figureLayer = L.geoJSON({ type: "FeatureCollection", features: feats }, {
    pane: "figure",
    style: f => ({ color: "#333", weight: 1.5, fillColor: colourOf(style, f.properties),
      fillOpacity: style.classes && style.classes.length && !classOf(style, f.properties) ? 0 : 0.75 }),
    onEachFeature: (f, l) => {
      l.bindPopup(() => popup(layer, f), { maxWidth: 360 });
      if (feats.length <= 60 && f.properties.name) {
        l.bindTooltip(escapeHtml(f.properties.name), { permanent: true, direction: "center", className: "district-label" });
      }
    },
  }).addTo(state.map);
  showLegend((layer.id === "siting_districts" ? "Variante: " : "") + (style.legend_title || style.title), style);
}

async function chooseFigure(value) {
  if (value === "variant") {
    if (state.result) showResult(state.result, 0);
    return;
  }
  const [id, styleId] = value.split("|");
  const layer = layerConfig(id);
  const style = layer.styles.find(s => s.id === styleId);
  drawFigure(layer, await features(id), style);
}

let chart = null;
// The forecast of a district (children by age group) or a facility (pupils with the corridor,
// seats), year by year.
async function showForecast(layerId, key, id, name, fields) {
  const layer = layerConfig(layerId);
  const rows = (await features(layerId))
    .map(f => f.properties).filter(p => p[key] === id).sort((a, b) => a.year - b.year);
  if (!rows.length) return;
  const series = Object.keys(rows[0]).filter(k => fields.test(k));
  document.getElementById("chart-box").hidden = false;
  document.getElementById("chart-title").textContent = "Prognose: " + name;
  const colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"];
  const data = {
    labels: rows.map(r => r.year),
    datasets: series.map((k, i) => ({ label: layer.aliases[k] || k, data: rows.map(r => r[k]), borderColor: colours[i % 4], fill: false })),
  };
  if (chart) chart.destroy();
  chart = new Chart(document.getElementById("chart"), { type: "line", data, options: { animation: false, locale: "de-DE", maintainAspectRatio: false, plugins: { legend: { position: "bottom" } } } });
}

// A variant can be prepared before the session and opened as a link:
// /#kind=grundschule&open=ST00001&close=GS00003&zug=GS00002&plaetze=K0004, and a forecast
// chart: #district=00010002 or #facility=GS00001
async function fromLink() {
  const q = new URLSearchParams(location.hash.slice(1));
  if (![...q.keys()].length) return;
  if (q.get("kind")) document.getElementById("whatif-kind").value = q.get("kind");
  if (q.get("threshold")) document.getElementById("whatif-threshold").value = q.get("threshold");
  for (const id of q.getAll("open")) change("open", id, "eröffnen: " + id);
  for (const id of q.getAll("close")) change("close", id, "schließen: " + id);
  for (const id of q.getAll("zug")) change("extend", { facility: id, zuege: 1 }, "+1 Zug: " + id);
  for (const id of q.getAll("plaetze")) change("extend", { facility: id, capacity: 25 }, "+25 Plätze: " + id);
  if (q.has("district") && layerConfig("forecast_districts_years")) {
    const d = (await features("districts")).find(f => f.properties.district_id === q.get("district"));
    await showForecast("forecast_districts_years", "district_id", q.get("district"),
      d ? d.properties.name : q.get("district"), /^(u3|ue3|primary_age|children)$/);
  }
  if (q.has("facility") && layerConfig("forecast_facilities_years")) {
    await showForecast("forecast_facilities_years", "facility_id", q.get("facility"), q.get("facility"),
      /^(pupils|pupils_low|pupils_high|seats)$/);
  }
  if (q.has("figure")) {
    document.getElementById("figure").value = q.get("figure");
    await chooseFigure(q.get("figure"));
  }
  if (state.changes.open.length || state.changes.close.length || state.changes.extend.length ||
      q.get("threshold")) {
    await evaluate();
  }
}

function layerList() {
  const box = document.getElementById("layer-list");
  let group = null;
  for (const layer of state.config.layers) {
    if ((FIGURE_LAYERS.includes(layer.id) && layer.styles.some(s => s.field)) || layer.features === 0) continue;
    if (layer.group !== group) {
      group = layer.group;
      const g = document.createElement("div");
      g.className = "group";
      g.textContent = group;
      box.appendChild(g);
    }
    const label = document.createElement("label");
    const box2 = document.createElement("input");
    box2.type = "checkbox";
    box2.dataset.layer = layer.id;
    box2.addEventListener("change", () => toggle(layer.id, box2.checked));
    label.appendChild(box2);
    label.appendChild(document.createTextNode(" " + layer.title));
    box.appendChild(label);
    if (DEFAULT_OVERLAYS.includes(layer.id)) {
      box2.checked = true;
    }
  }
}

async function toggle(id, on) {
  if (on) {
    state.overlays[id] = state.overlays[id] || await overlay(id);
    state.overlays[id].addTo(state.map);
  } else if (state.overlays[id]) {
    state.map.removeLayer(state.overlays[id]);
  }
  renderLegend();
}

async function start() {
  state.config = await getJSON("/webmap/config");
  document.getElementById("title").textContent = state.config.title;
  document.title = state.config.title;
  state.map = L.map("map", { zoomSnap: 0.25, attributionControl: true });
  state.map.attributionControl.setPrefix("standort · Leaflet");
  // The figure's polygons under every layer switched on (overlayPane is 400).
  state.map.createPane("figure").style.zIndex = 350;
  L.control.scale({ imperial: false }).addTo(state.map);
  const select = document.getElementById("figure");
  for (const id of FIGURE_LAYERS) {
    const layer = layerConfig(id);
    if (!layer) continue;
    const group = document.createElement("optgroup");
    group.label = layer.title;
    for (const s of layer.styles.filter(s => s.field)) {
      const o = document.createElement("option");
      o.value = id + "|" + s.id;
      o.textContent = s.title;
      group.appendChild(o);
    }
    if (group.children.length) select.appendChild(group);
  }
  select.addEventListener("change", () => chooseFigure(select.value));
  const base = await features("districts");
  const bounds = L.geoJSON({ type: "FeatureCollection", features: base }).getBounds();
  state.map.fitBounds(bounds, { padding: [10, 10] });
  if (select.value) {
    await chooseFigure(select.value);
  } else if (!DEFAULT_OVERLAYS.includes("districts")) {
    // Layers served from result folders carry their QGIS styles, not the classes: without a
    // figure the districts are at least drawn.
    DEFAULT_OVERLAYS.push("districts");
  }
  layerList();
  for (const id of DEFAULT_OVERLAYS) {
    if (layerConfig(id)) await toggle(id, true);
  }
  document.getElementById("evaluate").addEventListener("click", evaluate);
  document.getElementById("reset").addEventListener("click", resetWhatIf);
  // Moving the threshold alone is a variant too: today's sites against a new distance.
  document.getElementById("whatif-threshold").addEventListener("input", e => {
    document.getElementById("evaluate").disabled = !e.target.value && !state.changes.open.length &&
      !state.changes.close.length && !state.changes.extend.length;
  });
  await fromLink();
  document.body.dataset.ready = "true";
}

start().catch(e => {
  document.getElementById("legend").innerHTML = "<p class='error'>Die Karte konnte nicht geladen werden: " + escapeHtml(e.message) + "</p>";
  document.body.dataset.ready = "error";
});
