// A trace on the page: which graph nodes each hop of the trace API's answer passes through
// (matched per hop kind, not by loose text), and the compact hop table with verdict marks.
/* global document */

const MARK = { ok: '✔', fail: '✘', warn: '!', assumed: '?' };

const byKind = (graph, kind) => graph.nodes.filter((n) => n.kind === kind);

/** The nodes of every hop: hop index -> node ids (a hop with no node of its own, e.g. a
 *  listener rule, belongs to the node of the hop before it). */
export function hopNodes(graph, hops) {
  const out = [];
  let lb = null;
  let tg = null;
  let vs = null;
  let last = ['client'];
  for (const h of hops) {
    let ids = [];
    const text = `${h.name} ${h.detail}`;
    switch (h.hop) {
      case 'dns':
      case 'alb': {
        lb = byKind(graph, 'LoadBalancer').find((n) => text.includes(n.name)) || lb;
        ids = lb ? (h.hop === 'dns' ? ['client', lb.id] : [lb.id]) : ['client'];
        break;
      }
      case 'listener':
        ids = byKind(graph, 'Listener')
          .filter((n) => (!lb || n.name.startsWith(`${lb.name} `)) && n.name.endsWith(` ${h.name}`))
          .map((n) => n.id);
        break;
      case 'target-group':
        tg = byKind(graph, 'TargetGroup').find((n) => n.name === h.name) || null;
        ids = tg ? [tg.id] : [];
        break;
      case 'targets': {
        const mine = byKind(graph, 'Target').filter((n) => !tg || n.id.startsWith(`target:${tg.name}:`));
        const named = mine.filter((n) => h.detail.includes(n.name));
        ids = (named.length ? named : mine).map((n) => n.id);
        break;
      }
      case 'node-port': {
        const port = /(\d+)/.exec(h.name)?.[1];
        const svc = /Service (\S+?)\/(\S+?) /.exec(h.detail);
        ids = byKind(graph, 'NodePort')
          .filter(
            (n) => n.name.endsWith(`:${port}`) && (!svc || n.id === `nodeport:${svc[1]}/${svc[2]}:${port}`),
          )
          .map((n) => n.id);
        break;
      }
      case 'gateway-pod':
        ids = byKind(graph, 'GatewayPod')
          .filter((n) => n.id === `gateway:${h.name}`)
          .map((n) => n.id);
        break;
      case 'route': {
        const m = /^(.+)\.([^.]+)$/.exec(h.name);
        if (m) vs = { ns: m[2], name: m[1] };
        ids = vs ? routesOf(graph, vs).map((n) => n.id) : [];
        break;
      }
      case 'cluster': {
        const m = /\|\|([^.]+)\.([^.]+)\.svc/.exec(h.name);
        ids = m
          ? byKind(graph, 'Service')
              .filter((n) => n.id === `service:${m[2]}/${m[1]}`)
              .map((n) => n.id)
          : [];
        if (vs && ids.length) narrowRoutes(graph, out, vs, ids[0]);
        break;
      }
      case 'endpoints':
        ids = byKind(graph, 'Pod')
          .filter((n) => h.detail.includes(`(${n.name})`))
          .map((n) => n.id);
        break;
      default:
        break;
    }
    if (!ids.length) ids = last;
    out.push(ids);
    last = ids;
  }
  return out;
}

function routesOf(graph, vs) {
  return byKind(graph, 'VirtualServiceRoute').filter((n) => n.id.startsWith(`vsroute:${vs.ns}/${vs.name}#`));
}

/** Once the Service is known, keep only the routes of the VirtualService that lead to it. */
function narrowRoutes(graph, out, vs, serviceId) {
  const leads = new Set(graph.edges.filter((e) => e.target === serviceId).map((e) => e.source));
  const all = new Set(routesOf(graph, vs).map((n) => n.id));
  for (let i = 0; i < out.length; i++) {
    const ids = out[i];
    if (ids.length && ids.every((id) => all.has(id))) {
      const kept = ids.filter((id) => leads.has(id));
      if (kept.length) out[i] = kept;
    }
  }
}

/** The graph marks for a trace: every node it passes, and those of the first failing hop. */
export function traceMarks(graph, hops) {
  const per = hopNodes(graph, hops);
  const nodes = new Set(['client']);
  const fault = new Set();
  const failAt = hops.findIndex((h) => h.verdict === 'fail');
  per.forEach((ids, i) => {
    if (failAt >= 0 && i > failAt) return;
    for (const id of ids) nodes.add(id);
    if (i === failAt) for (const id of ids) fault.add(id);
  });
  return { nodes, fault, per };
}

function cell(tag, content, cls) {
  const el = document.createElement(tag);
  el.textContent = content;
  if (cls) el.className = cls;
  return el;
}

/** Renders the hop table into `table` (#trace-hops); onHover(ids) as rows are pointed at. */
export function renderHops(table, body, per, onHover) {
  const hops = Array.isArray(body.hops) ? body.hops : [];
  const tbody = document.createElement('tbody');
  hops.forEach((h, i) => {
    const tr = document.createElement('tr');
    tr.className = `verdict-${h.verdict}`;
    tr.tabIndex = 0;
    const mark = cell('td', MARK[h.verdict] || '•', 'mark');
    mark.title = h.verdict;
    const detail = cell('td', h.detail, 'detail');
    if (h.status) detail.append(cell('span', ` => ${h.status}`, 'status'));
    if (h.fix) detail.append(cell('div', `fix: ${h.fix}`, 'fix'));
    tr.append(mark, cell('td', h.hop, 'hop'), cell('td', h.name, 'name'), detail);
    const ids = per[i] || [];
    const on = () => onHover(ids);
    const off = () => onHover([]);
    tr.addEventListener('mouseenter', on);
    tr.addEventListener('focus', on);
    tr.addEventListener('mouseleave', off);
    tr.addEventListener('blur', off);
    tbody.append(tr);
  });
  const foot = document.createElement('tfoot');
  const tr = document.createElement('tr');
  const ok = body.status >= 200 && body.status < 400;
  const result = cell(
    'td',
    `result: ${body.status || 'no answer'}${body.server ? ` from ${body.server}` : ''}`,
    ok ? 'result-ok' : 'result-bad',
  );
  result.colSpan = 4;
  tr.append(result);
  foot.append(tr);
  table.replaceChildren(tbody, foot);
}

/** A one-line message in the table (tracing…, not available, failed). */
export function hopsMessage(table, message) {
  const tr = document.createElement('tr');
  const td = cell('td', message);
  td.colSpan = 4;
  tr.append(td);
  const tbody = document.createElement('tbody');
  tbody.append(tr);
  table.replaceChildren(tbody);
}
