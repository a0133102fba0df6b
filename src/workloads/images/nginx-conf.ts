// Just enough of nginx's configuration language for the official image's stand-in: the
// servers (listen ports, ssl, default_server, server_name, root, index, ssl_certificate and
// key, `location` with root/return, server-level return), default_type and the `main`
// log_format. The default config is the image's: port 80, /usr/share/nginx/html.

export interface NginxLocation {
  exact: boolean;
  path: string;
  root?: string;
  index?: string[];
  ret?: { code: number; text?: string };
}

export interface NginxListen {
  port: number;
  ssl: boolean;
  defaultServer: boolean;
}

export interface NginxServerConf {
  listens: NginxListen[];
  names: string[];
  root: string;
  index: string[];
  cert?: string;
  key?: string;
  ret?: { code: number; text?: string };
  locations: NginxLocation[];
}

export interface NginxConf {
  servers: NginxServerConf[];
  defaultType: string;
  /** The `log_format main` template (undefined: nginx's predefined `main`). */
  logFormat?: string;
  accessLog: boolean;
}

interface Directive {
  name: string;
  args: string[];
  block?: Directive[];
}

function tokenize(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (/\s/.test(c)) i++;
    else if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === '{' || c === '}' || c === ';') {
      out.push(c);
      i++;
    } else if (c === '"' || c === "'") {
      let s = '';
      i++;
      while (i < text.length && text.charAt(i) !== c) {
        if (text.charAt(i) === '\\' && i + 1 < text.length) i++;
        s += text.charAt(i++);
      }
      i++;
      out.push(`\u0000${s}`); // quoted: never a brace or semicolon
    } else {
      let s = '';
      while (i < text.length && !/[\s{};]/.test(text.charAt(i))) s += text.charAt(i++);
      out.push(s);
    }
  }
  return out;
}

function parseBlock(tokens: string[], at: { i: number }): Directive[] {
  const out: Directive[] = [];
  let words: string[] = [];
  while (at.i < tokens.length) {
    const t = tokens[at.i++] ?? '';
    if (t === ';') {
      if (words.length) out.push({ name: words[0] ?? '', args: words.slice(1) });
      words = [];
    } else if (t === '{') {
      out.push({ name: words[0] ?? '', args: words.slice(1), block: parseBlock(tokens, at) });
      words = [];
    } else if (t === '}') {
      return out;
    } else {
      words.push(t.startsWith('\u0000') ? t.slice(1) : t);
    }
  }
  return out;
}

export function parseDirectives(text: string): Directive[] {
  return parseBlock(tokenize(text), { i: 0 });
}

function listenOf(args: string[]): NginxListen | undefined {
  const addr = args[0] ?? '';
  const port = Number(/(?:^|:)(\d+)$/.exec(addr)?.[1] ?? (addr.includes(':') ? '' : '80'));
  if (!Number.isInteger(port) || port <= 0 || port > 65535) return undefined;
  return {
    port,
    ssl: args.includes('ssl'),
    defaultServer: args.includes('default_server') || args.includes('default'),
  };
}

function retOf(args: string[]): { code: number; text?: string } | undefined {
  const code = Number(args[0]);
  if (!Number.isInteger(code)) return args[0] ? { code: 302, text: args[0] } : undefined;
  return args[1] === undefined ? { code } : { code, text: args[1] };
}

function serverOf(block: Directive[], inherited: { root: string; index: string[] }): NginxServerConf {
  const s: NginxServerConf = {
    listens: [],
    names: [],
    root: inherited.root,
    index: inherited.index,
    locations: [],
  };
  for (const d of block) {
    if (d.name === 'listen') {
      const l = listenOf(d.args);
      if (l) s.listens.push(l);
    } else if (d.name === 'server_name') s.names.push(...d.args);
    else if (d.name === 'root' && d.args[0]) s.root = d.args[0];
    else if (d.name === 'index') s.index = d.args;
    else if (d.name === 'ssl_certificate' && d.args[0]) s.cert = d.args[0];
    else if (d.name === 'ssl_certificate_key' && d.args[0]) s.key = d.args[0];
    else if (d.name === 'return') {
      const r = retOf(d.args);
      if (r) s.ret = r;
    } else if (d.name === 'location' && d.block) {
      const exact = d.args[0] === '=';
      const path = (exact || d.args[0] === '^~' ? d.args[1] : d.args[0]) ?? '/';
      if (!exact && d.args[0] !== '^~' && (d.args[0] === '~' || d.args[0] === '~*')) continue; // regex: not modelled
      const loc: NginxLocation = { exact, path };
      for (const x of d.block) {
        if (x.name === 'root' && x.args[0]) loc.root = x.args[0];
        else if (x.name === 'index') loc.index = x.args;
        else if (x.name === 'return') {
          const r = retOf(x.args);
          if (r) loc.ret = r;
        }
      }
      s.locations.push(loc);
    }
  }
  if (s.listens.length === 0) s.listens.push({ port: 80, ssl: false, defaultServer: false });
  return s;
}

/** The configuration in `text` (an nginx.conf with an http block, or a conf.d file of servers). */
export function parseNginxConf(text: string, defaults: Partial<NginxConf> = {}): NginxConf {
  const top = parseDirectives(text);
  const http = top.find((d) => d.name === 'http')?.block ?? top;
  const conf: NginxConf = {
    servers: [],
    defaultType: defaults.defaultType ?? 'application/octet-stream',
    accessLog: true,
  };
  if (defaults.logFormat !== undefined) conf.logFormat = defaults.logFormat;
  let root = 'html';
  let index = ['index.html'];
  for (const d of http) {
    if (d.name === 'default_type' && d.args[0]) conf.defaultType = d.args[0];
    else if (d.name === 'log_format' && d.args[0] === 'main') conf.logFormat = d.args.slice(1).join('');
    else if (d.name === 'access_log' && d.args[0] === 'off') conf.accessLog = false;
    else if (d.name === 'root' && d.args[0]) root = d.args[0];
    else if (d.name === 'index') index = d.args;
  }
  for (const d of http)
    if (d.name === 'server' && d.block) conf.servers.push(serverOf(d.block, { root, index }));
  return conf;
}

/** The official image's /etc/nginx/conf.d/default.conf, as the model above reads it. */
export const DEFAULT_SERVER: NginxServerConf = {
  listens: [{ port: 80, ssl: false, defaultServer: false }],
  names: ['localhost'],
  root: '/usr/share/nginx/html',
  index: ['index.html', 'index.htm'],
  locations: [
    { exact: false, path: '/', root: '/usr/share/nginx/html', index: ['index.html', 'index.htm'] },
    { exact: true, path: '/50x.html', root: '/usr/share/nginx/html' },
  ],
};

/** `$var` substitution in a log_format template. */
export function formatLog(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(
    /\$(\w+)|\$\{(\w+)\}/g,
    (_m, a: string | undefined, b: string | undefined) => vars[a ?? b ?? ''] ?? '-',
  );
}
