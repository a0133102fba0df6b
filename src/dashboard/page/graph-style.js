// The traffic graph's look: one column per hop (headings, shapes, short labels) and the
// cytoscape stylesheet (health as fill + border, edges sized by rps, red with errors, trace marks).

/** The hops, left to right: node kind, column heading, node shape, badge on the node. */
export const COLUMNS = [
  { kind: 'Client', title: 'Client', shape: 'octagon', badge: 'CL' },
  { kind: 'LoadBalancer', title: 'ALB', shape: 'round-hexagon', badge: 'ALB' },
  { kind: 'Listener', title: 'Listeners', shape: 'round-tag', badge: 'L' },
  { kind: 'TargetGroup', title: 'Target groups', shape: 'barrel', badge: 'TG' },
  { kind: 'Target', title: 'Targets', shape: 'round-rectangle', badge: 'T' },
  { kind: 'NodePort', title: 'NodePorts', shape: 'cut-rectangle', badge: 'NP' },
  { kind: 'GatewayPod', title: 'Gateway pods', shape: 'round-pentagon', badge: 'GW' },
  { kind: 'VirtualServiceRoute', title: 'Routes', shape: 'round-diamond', badge: 'VS' },
  { kind: 'Service', title: 'Services', shape: 'round-triangle', badge: 'S' },
  { kind: 'Pod', title: 'Pods', shape: 'ellipse', badge: 'P' },
];
export const COLUMN_OF = new Map(COLUMNS.map((c, i) => [c.kind, i]));

/** Health -> [fill, border]; healthy green, initial/draining amber, unhealthy red, else grey. */
export const HEALTH = {
  healthy: ['#66bb6a', '#1b5e20'],
  initial: ['#ffb74d', '#e65100'],
  draining: ['#ffb74d', '#e65100'],
  degraded: ['#ffb74d', '#e65100'],
  unhealthy: ['#ef5350', '#b71c1c'],
  unknown: ['#cfd8dc', '#607d8b'],
};
export const healthColours = (h) => HEALTH[h] || HEALTH.unknown;

/** An SVG badge (the kind's short name) drawn inside every node of a kind. */
function badgeImage(text) {
  const size = text.length > 2 ? 11 : 13;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">` +
    `<text x="20" y="21" text-anchor="middle" dominant-baseline="middle" font-family="sans-serif" ` +
    `font-weight="700" font-size="${size}" fill="#fff" stroke="rgba(0,0,0,0.35)" stroke-width="0.6">` +
    `${text}</text></svg>`;
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}

/** The node's short label: the ALB controller's k8s-<ns>-<name>-<hash> names without their
 *  prefix and hash, a listener's protocol:port, pods without their ReplicaSet hash. */
export function shortLabel(n) {
  const name = n.name;
  const aws = /^k8s-(.+)-[0-9a-f]{10}$/.exec(name);
  switch (n.kind) {
    case 'LoadBalancer':
    case 'TargetGroup':
      return aws ? aws[1] : name;
    case 'Listener':
      return name.split(' ').pop() || name;
    case 'GatewayPod':
    case 'Pod':
      return name.replace(/-[0-9a-f]{8,10}-([a-z0-9]{5})$/, '-$1');
    default:
      return name;
  }
}

/** Breaks a label into lines of at most `max` characters, after '-', ':', '.', '/' or spaces
 *  where it can (cytoscape itself only breaks at spaces or anywhere). */
export function wrapLabel(label, max) {
  const parts = label.match(/[^-:./ ]+[-:./ ]*|[-:./ ]+/g) || [label];
  const lines = [];
  let line = '';
  for (const p of parts) {
    if (line && (line + p).trimEnd().length > max) {
      lines.push(line.trimEnd());
      line = '';
    }
    line += p;
    while (line.length > max + 2) {
      lines.push(line.slice(0, max));
      line = line.slice(max);
    }
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines.slice(0, 3).join('\n');
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

export function stylesheet() {
  const perKind = COLUMNS.map((c) => ({
    selector: `node[kind = "${c.kind}"]`,
    style: { shape: c.shape, 'background-image': badgeImage(c.badge) },
  }));
  return [
    {
      selector: 'node',
      style: {
        width: 38,
        height: 38,
        label: 'data(label)',
        'font-family': FONT,
        'font-size': 12,
        color: '#263238',
        'text-wrap': 'wrap',
        'text-max-width': 100,
        'text-valign': 'bottom',
        'text-margin-y': 5,
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.85,
        'text-background-padding': 2,
        'text-background-shape': 'round-rectangle',
        'border-width': 2.5,
        'background-fit': 'contain',
        'transition-property': 'background-color, border-color, opacity',
        'transition-duration': 300,
      },
    },
    {
      selector: 'node[fill]',
      style: {
        'background-color': 'data(fill)',
        'border-color': 'data(stroke)',
        'text-max-width': 'data(textWidth)',
      },
    },
    ...perKind,
    { selector: 'node[kind = "Client"]', style: { width: 44, height: 44 } },
    { selector: 'node[kind = "LoadBalancer"]', style: { width: 48, height: 44 } },
    {
      selector: 'node.heading',
      style: {
        shape: 'round-rectangle',
        width: 'data(w)',
        height: 34,
        'background-color': '#eceff1',
        'background-image': 'none',
        'border-width': 0,
        label: 'data(label)',
        'text-valign': 'center',
        'text-margin-y': 0,
        'text-background-opacity': 0,
        'font-size': 11,
        'font-weight': 700,
        'text-max-width': 'data(w)',
        color: '#455a64',
        'text-transform': 'uppercase',
        events: 'no',
      },
    },
    {
      selector: 'node.band',
      style: {
        shape: 'rectangle',
        width: 'data(w)',
        height: 'data(h)',
        'background-color': '#f5f7f9',
        'background-image': 'none',
        'border-width': 0,
        label: '',
        events: 'no',
        'z-index': 0,
        'z-compound-depth': 'bottom',
      },
    },
    { selector: 'node:selected', style: { 'overlay-color': '#1565c0', 'overlay-opacity': 0.15 } },
    { selector: 'node.hover', style: { 'border-width': 4 } },
    {
      selector: 'edge',
      style: {
        width: 'data(w)',
        'curve-style': 'bezier',
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.9,
        'line-color': '#90a4ae',
        'target-arrow-color': '#90a4ae',
        label: 'data(label)',
        'font-family': FONT,
        'font-size': 10,
        color: '#37474f',
        'text-wrap': 'wrap',
        'text-margin-y': -17,
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.95,
        'text-background-padding': 2,
        'text-background-shape': 'round-rectangle',
        'text-border-color': '#cfd8dc',
        'text-border-width': 1,
        'text-border-opacity': 1,
        'transition-property': 'line-color, target-arrow-color, width, opacity',
        'transition-duration': 300,
      },
    },
    { selector: 'edge.uncounted', style: { 'line-style': 'dashed', 'line-dash-pattern': [5, 4] } },
    { selector: 'edge.busy', style: { 'line-color': '#1e88e5', 'target-arrow-color': '#1e88e5' } },
    {
      selector: 'edge.errors',
      style: {
        'line-color': '#e53935',
        'target-arrow-color': '#e53935',
        color: '#b71c1c',
        'text-border-color': '#e53935',
      },
    },
    // A trace: its hops stand out, the rest fades; the hop at fault is red.
    { selector: '.dimmed', style: { opacity: 0.25 } },
    {
      selector: 'node.traced',
      style: { 'underlay-color': '#7e57c2', 'underlay-padding': 7, 'underlay-opacity': 0.35 },
    },
    {
      selector: 'edge.traced',
      style: {
        'line-color': '#7e57c2',
        'target-arrow-color': '#7e57c2',
        'underlay-color': '#7e57c2',
        'underlay-padding': 3,
        'underlay-opacity': 0.25,
      },
    },
    {
      selector: 'node.fault',
      style: { 'underlay-color': '#d50000', 'underlay-padding': 9, 'underlay-opacity': 0.5 },
    },
    {
      selector: 'node.hop-hover',
      style: { 'underlay-color': '#ffca28', 'underlay-padding': 10, 'underlay-opacity': 0.7 },
    },
  ];
}
