// gangway dashboard page: loads GET /api/graph, follows /api/events (SSE) and keeps the
// graph (graph.js), the node list and the config list (with analyzer badges) current; opens a
// panel per object and traces a URL (trace.js) onto the graph and a hop table.
/* global document, fetch, EventSource, window, URLSearchParams */
import { createGraph } from './graph.js';
import { hopsMessage, renderHops, traceMarks } from './trace.js';

const $ = (id) => document.getElementById(id);

let graph = { nodes: [], edges: [] };
let trace = null; // the last trace's answer, re-marked as the graph changes

const view = createGraph($('graph'), $('graph-tip'), (id) => {
  const n = graph.nodes.find((x) => x.id === id);
  if (n) openNode(n);
});

function text(tag, content, cls) {
  const el = document.createElement(tag);
  el.textContent = content;
  if (cls) el.className = cls;
  return el;
}

function drawNodeList() {
  const list = $('node-list');
  list.replaceChildren();
  for (const n of graph.nodes) {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.id = n.id;
    b.setAttribute(
      'aria-label',
      `${n.kind} ${n.namespace ? `${n.namespace}/` : ''}${n.name}: ${n.health}${n.reason ? ` (${n.reason})` : ''}`,
    );
    b.append(
      text('span', '', `dot dot-${n.health}`),
      text('span', n.kind, 'kind'),
      text('span', `${n.namespace ? `${n.namespace}/` : ''}${n.name} `, 'name'),
    );
    b.append(text('span', n.health, `health health-${n.health}`));
    if (n.reason) b.append(text('span', ` (${n.reason})`, 'reason'));
    if (n.reason) b.title = n.reason;
    b.addEventListener('click', () => openNode(n));
    li.append(b);
    list.append(li);
  }
}

async function getJson(path) {
  const r = await fetch(path, { credentials: 'same-origin' });
  if (!r.ok) throw new Error(`${path}: ${r.status}`);
  return r.json();
}

async function drawConfig() {
  const { items } = await getJson('/dashboard/api/config');
  const list = $('config-list');
  list.replaceChildren();
  for (const it of items) {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.append(
      text('span', it.kind, 'kind'),
      text('span', `${it.namespace ? `${it.namespace}/` : ''}${it.name}`, 'name'),
    );
    for (const f of it.findings) {
      const badge = text('span', f.code, `badge badge-${f.level}`);
      badge.title = `${f.level}: ${f.message}`;
      b.append(badge);
    }
    b.setAttribute(
      'aria-label',
      `${it.kind} ${it.namespace}/${it.name}${it.findings.length ? `: ${it.findings.map((f) => `${f.level} ${f.code}`).join(', ')}` : ''}`,
    );
    b.addEventListener('click', () => openObject(it, `${it.kind} ${it.namespace}/${it.name}`));
    li.append(b);
    list.append(li);
  }
}

function openNode(n) {
  const summary = `${n.kind} ${n.name}: ${n.health}${n.reason ? ` (${n.reason})` : ''}${n.detail ? ` · ${n.detail}` : ''}`;
  if (n.object) void openObject(n.object, summary);
  else showPanel(summary, null);
}

async function openObject(ref, summary) {
  const q = new URLSearchParams({ kind: ref.kind, namespace: ref.namespace || '', name: ref.name });
  try {
    showPanel(summary, await getJson(`/dashboard/api/object?${q}`));
  } catch {
    showPanel(`${summary} (object not found)`, null);
  }
}

function showPanel(summary, d) {
  $('panel').hidden = false;
  $('panel-title').textContent = d ? `${d.kind} ${d.namespace ? `${d.namespace}/` : ''}${d.name}` : 'Details';
  $('panel-summary').textContent = summary;
  $('panel-yaml').textContent = d ? d.yaml : '';
  const ev = $('panel-events');
  ev.replaceChildren(
    ...(d && d.events.length
      ? d.events.map((e) => text('li', `${e.type} ${e.reason} (x${e.count}): ${e.message}`))
      : [text('li', 'none')]),
  );
  const fi = $('panel-findings');
  fi.replaceChildren(
    ...(d && d.findings.length
      ? d.findings.map((f) => text('li', `${f.level} ${f.code}: ${f.message}`))
      : [text('li', 'none')]),
  );
  $('panel-close').focus();
}

$('panel-close').addEventListener('click', () => {
  $('panel').hidden = true;
});

function markTrace() {
  if (!trace) return view.mark(null);
  const m = traceMarks(graph, trace.hops || []);
  view.mark(m);
  return m;
}

$('graph-fit').addEventListener('click', () => view.fit());

$('trace-clear').addEventListener('click', () => {
  trace = null;
  $('trace-out').hidden = true;
  markTrace();
});

$('trace-form').addEventListener('submit', async (evt) => {
  evt.preventDefault();
  const table = $('trace-hops');
  $('trace-out').hidden = false;
  $('trace-title').textContent = `Trace ${$('trace-url').value}`;
  hopsMessage(table, 'tracing…');
  const r = await fetch(`/dashboard/api/trace?${new URLSearchParams({ url: $('trace-url').value })}`, {
    credentials: 'same-origin',
  }).catch(() => null);
  if (!r || !r.ok) {
    const why = r ? await r.json().catch(() => ({})) : {};
    hopsMessage(
      table,
      r && r.status === 404
        ? 'trace not available'
        : `trace failed (${r ? r.status : 'network'}): ${why.message || ''}`,
    );
    trace = null;
    markTrace();
    return;
  }
  trace = await r.json();
  if (!Array.isArray(trace.hops)) trace.hops = [];
  const m = markTrace();
  renderHops(table, trace, m.per, (ids) => view.hoverHop(ids));
});

let configAt = 0;
let configTimer;
function refreshConfig() {
  const wait = Math.max(0, configAt + 5000 - Date.now());
  if (configTimer) return;
  configTimer = window.setTimeout(() => {
    configTimer = undefined;
    configAt = Date.now();
    drawConfig().catch(() => undefined);
  }, wait);
}

function apply(g, via) {
  graph = g;
  window.gangwayGraph = g; // for tests and the console
  view.update(g);
  if (trace) markTrace();
  drawNodeList();
  $('status').textContent =
    `${via}: ${g.nodes.length} nodes, ${g.edges.length} edges, rates over ${g.window_seconds || 0}s`;
  refreshConfig();
}

function follow() {
  const es = new EventSource('/api/events');
  es.addEventListener('graph', (m) => apply(JSON.parse(m.data), 'live'));
  es.addEventListener('error', () => {
    $('status').textContent = 'event stream interrupted; reconnecting…';
  });
}

getJson('/api/graph')
  .then((g) => apply(g, 'loaded'))
  .catch((err) => {
    $('status').textContent = String(err);
  })
  .finally(follow);
