// gangway's own page for the nginxdemos/hello stand-in: the same title, rows, footer fields and
// Auto Refresh checkbox as the demo image, written here (not NGINX's markup or styles). The
// page is cut once per container around the per-request values, so serving it is a string
// concatenation: head + date + middle + uri + tail + request id + end.

export interface HelloPage {
  head: string; // ... up to the Date value (server address and name are fixed per container)
  middle: string; // between Date and URI
  tail: string; // between URI and Request ID
  end: string; // after Request ID
}

const STYLE = `
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: #f4f6f5; color: #1d2b24; }
main { max-width: 34rem; margin: 3rem auto; padding: 0 1rem; }
.mark { display: block; margin: 0 auto 1.5rem; }
.card { background: #fff; border: 1px solid #cfd8d3; border-radius: 0.5rem; padding: 1.25rem 1.5rem; }
.row { display: flex; gap: 0.75rem; padding: 0.35rem 0; border-bottom: 1px dashed #e1e7e4; }
.row:last-child { border-bottom: none; }
.label { flex: 0 0 8.5rem; font-weight: 600; }
.value { font-family: ui-monospace, Menlo, Consolas, monospace; word-break: break-all; }
.refresh { margin-top: 1rem; font-size: 0.9rem; }
footer { margin-top: 1.5rem; font-size: 0.8rem; color: #5b6b63; text-align: center; }
`;

const SCRIPT = `
(function () {
  var box = document.getElementById('auto-refresh');
  var timer = null;
  function schedule() { timer = setTimeout(function () { location.reload(); }, 1000); }
  box.addEventListener('change', function () {
    document.cookie = 'refresh=' + (box.checked ? '1' : '0');
    if (box.checked) schedule(); else if (timer) clearTimeout(timer);
  });
  if (document.cookie == 'refresh=1') { box.checked = true; schedule(); }
})();
`;

// A plain hexagon with a check mark: gangway's stand-in mark, not a vendor logo.
const MARK =
  '<svg class="mark" width="72" height="80" viewBox="0 0 72 80" aria-hidden="true">' +
  '<path d="M36 2 70 21v38L36 78 2 59V21z" fill="#1f8f4e"/>' +
  '<path d="M21 41l10 10 21-22" fill="none" stroke="#fff" stroke-width="7" stroke-linecap="round" stroke-linejoin="round"/>' +
  '</svg>';

function row(label: string, value: string): string {
  return `<div class="row"><span class="label">${label}</span><span class="value">${value}</span></div>\n`;
}

/** The page for one container; values are inserted unescaped, as sub_filter does. */
export function helloPage(serverAddress: string, serverName: string): HelloPage {
  const head =
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>Hello World</title>\n<style>${STYLE}</style>\n</head>\n<body>\n<main>\n${MARK}\n` +
    '<section class="card">\n' +
    row('Server address:', serverAddress) +
    row('Server name:', serverName) +
    '<div class="row"><span class="label">Date:</span><span class="value">';
  const middle = '</span></div>\n<div class="row"><span class="label">URI:</span><span class="value">';
  const tail =
    '</span></div>\n</section>\n' +
    '<div class="refresh"><label><input type="checkbox" id="auto-refresh"> Auto Refresh</label></div>\n' +
    '<footer>Request ID: ';
  const end = `<br>served by a gangway stand-in</footer>\n</main>\n<script>${SCRIPT}</script>\n</body>\n</html>\n`;
  return { head, middle, tail, end };
}
