// gangway dashboard page: draws GET /api/graph with cytoscape, follows /api/events (SSE),
// lists every node and the config objects with analyzer badges, and shows a panel per object.
/* global cytoscape, document, fetch, EventSource, window, URLSearchParams */
'use strict';

const COLUMNS = [
  'Client',
  'LoadBalancer',
  'Listener',
  'TargetGroup',
  'Target',
  'NodePort',
  'GatewayPod',
  'VirtualServiceRoute',
  'Service',
  'Pod',
];
const COLOURS = {
  healthy: '#2e7d32',
  unhealthy: '#c62828',
  initial: '#ef6c00',
  draining: '#ef6c00',
  degraded: '#ef6c00',
};
const colour = (h) => COLOURS[h] || '#9e9e9e';
const $ = (id) => document.getElementById(id);

let graph = { nodes: [], edges: [] };
let traced = new Set();

const cy = cytoscape({
  container: $('graph'),
  wheelSensitivity: 0.3,
  style: [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        'background-color': 'data(colour)',
        'font-size': 9,
        'text-wrap': 'wrap',
        'text-max-width': 110,
        'text-valign': 'bottom',
        width: 18,
        height: 18,
      },
    },
    { selector: 'node.traced', style: { 'border-width': 4, 'border-color': '#1565c0' } },
    {
      selector: 'edge',
      style: {
        width: 1.5,
        'curve-style': 'bezier',
        'target-arrow-shape': 'triangle',
        'line-color': '#b0bec5',
        'target-arrow-color': '#b0bec5',
        label: 'data(label)',
        'font-size': 8,
        'text-rotation': 'autorotate',
        'text-background-color': '#fff',
        'text-background-opacity': 0.8,
      },
    },
    {
      selector: 'edge.busy',
      style: { 'line-color': '#1565c0', 'target-arrow-color': '#1565c0', width: 2.5 },
    },
    { selector: 'edge.errors', style: { 'line-color': '#c62828', 'target-arrow-color': '#c62828' } },
  ],
});

function edgeLabel(e) {
  if (e.rps === null || e.rps === undefined) return '';
  const p99 = e.p99_ms === null ? '-' : `${e.p99_ms}ms`;
  return `${e.rps} rps · ${(100 * (e.error_rate || 0)).toFixed(1)}% · p99 ${p99}`;
}

function positions(nodes) {
  const rows = new Map();
  const out = new Map();
  for (const n of nodes) {
    const col = Math.max(0, COLUMNS.indexOf(n.kind));
    const row = rows.get(col) || 0;
    rows.set(col, row + 1);
    out.set(n.id, { x: col * 150, y: row * 70 + (col % 2) * 20 });
  }
  return out;
}

function drawGraph() {
  const pos = positions(graph.nodes);
  const want = new Set();
  cy.batch(() => {
    for (const n of graph.nodes) {
      want.add(n.id);
      const data = { id: n.id, label: `${n.kind}\n${n.name}`, colour: colour(n.health) };
      const el = cy.getElementById(n.id);
      if (el.nonempty()) el.data(data).position(pos.get(n.id));
      else cy.add({ group: 'nodes', data, position: pos.get(n.id) });
    }
    graph.edges.forEach((e) => {
      const id = `${e.source}->${e.target}`;
      want.add(id);
      const data = { id, source: e.source, target: e.target, label: edgeLabel(e) };
      const el = cy.getElementById(id);
      if (el.nonempty()) el.data(data);
      else cy.add({ group: 'edges', data });
      const added = cy.getElementById(id);
      added.toggleClass('busy', (e.rps || 0) > 0);
      added.toggleClass('errors', (e.error_rate || 0) > 0.01);
    });
    cy.elements().forEach((el) => {
      if (!want.has(el.id())) cy.remove(el);
    });
    cy.nodes().forEach((n) => n.toggleClass('traced', traced.has(n.id())));
  });
  cy.fit(undefined, 20);
}

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

cy.on('tap', 'node', (evt) => {
  const n = graph.nodes.find((x) => x.id === evt.target.id());
  if (n) openNode(n);
});

$('trace-form').addEventListener('submit', async (evt) => {
  evt.preventDefault();
  const out = $('trace-hops');
  $('trace-out').hidden = false;
  out.replaceChildren(text('li', 'tracing…'));
  const r = await fetch(`/dashboard/api/trace?${new URLSearchParams({ url: $('trace-url').value })}`, {
    credentials: 'same-origin',
  });
  if (!r.ok) {
    const why = await r.json().catch(() => ({}));
    out.replaceChildren(
      text(
        'li',
        r.status === 404 ? 'trace not available' : `trace failed (${r.status}): ${why.message || ''}`,
      ),
    );
    traced = new Set();
    drawGraph();
    return;
  }
  const body = await r.json();
  const hops = Array.isArray(body.hops) ? body.hops : [];
  const mark = { ok: '✔', fail: '✘', warn: '!', assumed: '?' };
  out.replaceChildren(
    ...hops.map((h) =>
      text(
        'li',
        `${mark[h.verdict] || '•'} ${h.hop}  ${h.name}  ${h.detail}${h.status ? `  => ${h.status}` : ''}${h.fix ? `  fix: ${h.fix}` : ''}`,
      ),
    ),
    text('li', `result: ${body.status || 'no answer'}${body.server ? ` from ${body.server}` : ''}`),
  );
  const all = JSON.stringify(body);
  traced = new Set(graph.nodes.filter((n) => n.kind !== 'Client' && all.includes(n.name)).map((n) => n.id));
  drawGraph();
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
  drawGraph();
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
