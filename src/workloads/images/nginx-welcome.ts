// The official nginx image's default documents: the welcome page (615 bytes, as nginx's
// own, written for gangway with the same title and sentences) and the 50x page, with the
// Last-Modified and ETag nginx derives from the files' mtime and size.

function welcome(pad: number): string {
  return (
    `<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\n` +
    `html { color-scheme: light dark; }\nbody { width: 35em; margin: 0 auto;\n` +
    `font-family: Tahoma, Verdana, Arial, sans-serif; }${' '.repeat(pad)}\n</style>\n</head>\n<body>\n` +
    `<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\n` +
    `working. Further configuration is required.</p>\n\n` +
    `<p>For online documentation and support please refer to\n<a href="http://nginx.org/">nginx.org</a>.<br/>\n` +
    `Commercial support is available at\n<a href="http://nginx.com/">nginx.com</a>.</p>\n\n` +
    `<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n`
  );
}

/** Padded inside the style block to nginx's 615 bytes. */
export const WELCOME_PAGE = welcome(615 - welcome(0).length);

export const PAGE_50X =
  `<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n` +
  `<p>Sorry, the page you are looking for is currently unavailable.<br/>\nPlease try again later.</p>\n</body>\n</html>\n`;

/** The files' mtime: when the 1.27.4 image was built. */
export const DOCS_MTIME = Date.UTC(2025, 1, 5, 11, 6, 32);

/** nginx's ETag: `"<mtime hex>-<size hex>"`. */
export function nginxEtag(mtimeMs: number, size: number): string {
  return `"${Math.floor(mtimeMs / 1000).toString(16)}-${size.toString(16)}"`;
}

/** The image's /usr/share/nginx/html. */
export const BUILTIN_DOCS = new Map<string, string>([
  ['/usr/share/nginx/html/index.html', WELCOME_PAGE],
  ['/usr/share/nginx/html/50x.html', PAGE_50X],
]);
