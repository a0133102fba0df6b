// The traffic graph: cytoscape with a column-per-hop layout (preset positions, computed only
// when nodes or edges come or go), data updated in place on every live tick, a hover tooltip
// with the full name, and the marks a trace leaves on it.
/* global cytoscape, window */
import { COLUMNS, COLUMN_OF, healthColours, shortLabel, stylesheet, wrapLabel } from './graph-style.js';

const PAD = 28;
const MIN_ZOOM = 0.6;
const MAX_ZOOM = 1.35;

const edgeId = (e) => `${e.source}->${e.target}`;
const qualified = (n) => `${n.namespace ? `${n.namespace}/` : ''}${n.name}`;

function edgeLabel(e) {
  if (e.rps === null || e.rps === undefined) return '';
  const err = 100 * (e.error_rate || 0);
  const ms = e.p99_ms;
  const p99 = ms === null || ms === undefined ? '–' : `${ms >= 10 ? Math.round(ms) : ms}ms`;
  const rps = e.rps >= 10 ? Math.round(e.rps) : e.rps;
  return `${rps} rps\n${err ? (err < 10 ? err.toFixed(1) : Math.round(err)) : 0}% · ${p99}`;
}

/** Rows per column: each node at the mean row of the nodes feeding it (fewer crossings). */
function columns(graph) {
  const cols = COLUMNS.map(() => []);
  for (const n of graph.nodes) cols[COLUMN_OF.get(n.kind) ?? COLUMNS.length - 1].push(n);
  const rowOf = new Map();
  const feeders = new Map();
  for (const e of graph.edges) {
    if (!feeders.has(e.target)) feeders.set(e.target, []);
    feeders.get(e.target).push(e.source);
  }
  cols.forEach((col, c) => {
    if (c > 0) {
      const score = new Map();
      col.forEach((n, i) => {
        const rows = (feeders.get(n.id) || []).map((s) => rowOf.get(s)).filter((r) => r !== undefined);
        score.set(n.id, rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : i);
      });
      col.sort((a, b) => score.get(a.id) - score.get(b.id) || a.name.localeCompare(b.name));
    }
    col.forEach((n, i) => rowOf.set(n.id, i - (col.length - 1) / 2));
  });
  return { cols, rowOf };
}

export function createGraph(container, tip, onOpen) {
  const cy = cytoscape({
    container,
    style: stylesheet(),
    minZoom: 0.2,
    maxZoom: 3,
    boxSelectionEnabled: false,
    autoungrabify: true,
  });
  let shape = '';
  let colW = 130;
  let marks = null;

  function layout(graph) {
    const w = container.clientWidth || 1000;
    colW = Math.max(112, Math.min(190, (w - 2 * PAD) / COLUMNS.length));
    const { cols, rowOf } = columns(graph);
    const most = Math.max(1, ...cols.map((c) => c.length));
    // Rows spread over the panel's height when there are few of them.
    const zoomGuess = Math.min(MAX_ZOOM, w / (COLUMNS.length * colW + 2 * PAD));
    const rowH = Math.max(96, Math.min(150, ((container.clientHeight || 600) / zoomGuess - 200) / most));
    const top = -((most - 1) / 2) * rowH - 78;
    const bottom = ((most - 1) / 2) * rowH + 62;
    cy.remove('node.heading, node.band');
    COLUMNS.forEach((c, i) => {
      const x = i * colW;
      if (i % 2 === 1)
        cy.add({
          group: 'nodes',
          classes: 'band',
          data: { id: `band:${i}`, w: colW, h: bottom - top + 24 },
          position: { x, y: (top + bottom) / 2 },
        });
      cy.add({
        group: 'nodes',
        classes: 'heading',
        data: { id: `heading:${i}`, label: c.title, w: colW - 10 },
        position: { x, y: top + 12 },
      });
    });
    for (const n of graph.nodes) {
      const c = COLUMN_OF.get(n.kind) ?? COLUMNS.length - 1;
      cy.getElementById(n.id).position({ x: c * colW, y: rowOf.get(n.id) * rowH });
    }
    cy.nodes().forEach((n) => {
      if (n.hasClass('heading') || n.hasClass('band')) return;
      n.data({ textWidth: colW - 4, label: wrapLabel(n.data('short'), Math.floor((colW - 10) / 7)) });
    });
    fit();
  }

  function fit() {
    cy.fit(undefined, PAD);
    const z = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, cy.zoom()));
    if (z === cy.zoom()) return;
    cy.zoom(z);
    const bb = cy.elements().boundingBox();
    const spareX = container.clientWidth - bb.w * z;
    const spareY = container.clientHeight - bb.h * z;
    cy.pan({
      x: (spareX > 0 ? spareX / 2 : PAD) - bb.x1 * z,
      y: (spareY > 0 ? spareY / 2 : PAD) - bb.y1 * z,
    });
  }

  function update(graph) {
    const want = new Set();
    const maxRps = Math.max(0, ...graph.edges.map((e) => e.rps || 0));
    cy.batch(() => {
      for (const n of graph.nodes) {
        want.add(n.id);
        const [fill, stroke] = healthColours(n.health);
        const short = shortLabel(n);
        const label = wrapLabel(short, Math.floor((colW - 10) / 7));
        const data = { id: n.id, kind: n.kind, short, label, fill, stroke, textWidth: colW - 4 };
        const el = cy.getElementById(n.id);
        if (el.nonempty()) el.data(data);
        else cy.add({ group: 'nodes', data, position: { x: 0, y: 0 } });
      }
      for (const e of graph.edges) {
        const id = edgeId(e);
        want.add(id);
        const rps = e.rps || 0;
        const w = rps > 0 && maxRps > 0 ? 2.5 + 6 * Math.sqrt(rps / maxRps) : 1.5;
        const data = { id, source: e.source, target: e.target, label: edgeLabel(e), w };
        let el = cy.getElementById(id);
        if (el.nonempty()) el.data(data);
        else el = cy.add({ group: 'edges', data });
        el.toggleClass('uncounted', e.rps === null || e.rps === undefined);
        el.toggleClass('busy', rps > 0);
        el.toggleClass('errors', (e.error_rate || 0) > 0);
      }
      cy.elements().forEach((el) => {
        if (!want.has(el.id()) && !el.hasClass('heading') && !el.hasClass('band')) cy.remove(el);
      });
    });
    const next = [...want].sort().join('\n');
    if (next !== shape) {
      shape = next;
      layout(graph);
    }
    paintMarks();
  }

  function paintMarks() {
    cy.batch(() => {
      const real = cy.elements().not('node.heading, node.band');
      real.removeClass('traced fault dimmed');
      if (!marks) return;
      real.nodes().forEach((n) => {
        const on = marks.nodes.has(n.id());
        n.toggleClass('traced', on);
        n.toggleClass('fault', marks.fault.has(n.id()));
        n.toggleClass('dimmed', !on);
      });
      real.edges().forEach((e) => {
        const on = marks.nodes.has(e.source().id()) && marks.nodes.has(e.target().id());
        e.toggleClass('traced', on);
        e.toggleClass('dimmed', !on);
      });
    });
  }

  // The panel changes size when the trace table opens or closes, not only with the window:
  // tell cytoscape, which then re-lays out below.
  if (typeof window.ResizeObserver === 'function')
    new window.ResizeObserver(() => cy.resize()).observe(container);
  let resizeTimer;
  cy.on('resize', () => {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(() => {
      if (window.gangwayGraph) layout(window.gangwayGraph);
    }, 150);
  });
  cy.on('tap', 'node', (evt) => onOpen(evt.target.id()));
  cy.on('mouseover', 'node', (evt) => {
    const n = (window.gangwayGraph?.nodes || []).find((x) => x.id === evt.target.id());
    if (!n) return;
    evt.target.addClass('hover');
    tip.replaceChildren();
    const head = window.document.createElement('strong');
    head.textContent = `${n.kind} ${qualified(n)}`;
    const lines = [head, `${n.health}${n.reason ? `: ${n.reason}` : ''}`];
    if (n.detail) lines.push(n.detail);
    for (const l of lines) {
      const div = window.document.createElement('div');
      div.append(l);
      tip.append(div);
    }
    const p = evt.target.renderedPosition();
    tip.style.left = `${Math.min(p.x + 16, container.clientWidth - 320)}px`;
    tip.style.top = `${p.y + 18}px`;
    tip.hidden = false;
  });
  cy.on('mouseout', 'node', (evt) => {
    evt.target.removeClass('hover');
    tip.hidden = true;
  });
  cy.on('viewport', () => {
    tip.hidden = true;
  });

  return {
    update,
    fit,
    /** Marks a trace's nodes (and the one at fault); null clears. */
    mark(m) {
      marks = m;
      paintMarks();
    },
    /** Lights up the nodes of one hop (hovering its table row); [] clears. */
    hoverHop(ids) {
      cy.nodes('.hop-hover').removeClass('hop-hover');
      for (const id of ids) cy.getElementById(id).addClass('hop-hover');
    },
  };
}
