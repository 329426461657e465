/**
 * The nginx configuration of a build (`dist/deploy/nginx/`, docs/deploy.md), generated from its
 * manifest by one function: the build writes it for the deployed location (`--deploy-root`,
 * default /srv/jiyue/current), and `npm run preview -- --nginx` renders the same configuration
 * for the build folder and loopback ports, so what is tested is what ops deploy.
 *
 *   jiyue.conf              include once in http {}: the redirect map, cache and header maps, the servers
 *   servers/<host>.conf     one server {} per host: its root, the 404 pages, redirects, headers
 *   servers/_default.conf   the default_server: an unknown Host gets 444 (not in the nginx preview)
 *   snippets/server.conf    what every server shares: charset, index, precompressed files, headers
 *   brotli.conf             `brotli_static on;` for hosts with the Brotli module (see below)
 *   tls.conf.example        what to put in /etc/nginx/jiyue.d/hosts/<host>/tls.conf
 *
 * Each server also includes `<extra>/all/*.conf` and `<extra>/hosts/<host>/*.conf` (default
 * /etc/nginx/jiyue.d): empty by default (a glob that matches nothing is allowed), where ops put
 * TLS certificates per host and, when the Brotli module is installed, brotli.conf. Without the
 * module nginx serves the `.gz` files (gzip_static), which every browser accepts.
 *
 * Every value written comes from the manifest (validated ids, domains, folders and paths) and
 * goes through `nginxQuote`, which refuses what it cannot write safely.
 */
import { routes } from '../urls/urls.ts';
import { nginxQuote, pcreEscape } from '../lifecycle/config-quote.ts';
import type { Manifest } from '../plan/manifest.ts';

export interface NginxParams {
  /** Absolute path the build folder is served from (holds `sites/`, `redirects/`, `deploy/`). */
  root: string;
  /** Absolute path of the folder these files are in (default `<root>/deploy/nginx`). */
  configDir: string;
  /** `listen` directives of a host's server (default `80` and `[::]:80`). */
  listen: (host: string) => string[];
  /** The folder of ops' own includes (TLS, Brotli). Default /etc/nginx/jiyue.d. */
  extra: string;
  /** First comment line. */
  head: string;
  /**
   * Write a `default_server` that closes connections for unknown hosts (`servers/_default.conf`).
   * The deployed configuration has it; the nginx preview, which reaches each site by its own
   * loopback port and not by name, does not.
   */
  defaultServer: boolean;
}

export const DEFAULT_EXTRA = '/etc/nginx/jiyue.d';

/**
 * The Content-Security-Policy of every page: only the site's own scripts, styles, images and
 * fonts; Pagefind's search compiles WebAssembly ('wasm-unsafe-eval') and runs a worker; nothing
 * inline, no frames from elsewhere, forms only to the site itself.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'self'",
].join('; ');

/**
 * Files whose content never changes under the same name: only those the build itself named by
 * content, in the generator's own folders at a site's root (`prefixes`: every site's base path):
 * its assets (src/plan/assets.ts: `<name>.<10 hex>.<ext>`) and Pagefind's index, filter, meta
 * and fragment files. An attachment whose name merely looks hashed (`_shared/assets/x.0123456789.pdf`)
 * is revalidated like any page: a corrected file must reach every reader.
 */
function immutable(prefixes: readonly string[]): string[] {
  // The prefixes come from the manifest: refused like any value before they are escaped into the expressions.
  for (const p of prefixes) nginxQuote(p);
  const base = `(?:${[...new Set(prefixes)].sort().map(pcreEscape).join('|')})`;
  return [
    `"~^${base}${pcreEscape(routes.asset(''))}[^/]+\\.[0-9a-f]{10}\\.[a-z0-9]+$"`,
    `"~^${base}(?:${pcreEscape(routes.searchBundle())}|${pcreEscape(routes.groupSearchBundle())})(?:[^/]+/)*[^/]+\\.pf_(?:meta|index|filter|fragment)$"`,
  ];
}

interface Location {
  /** URL path prefix ("/", "/archive/lyw/", "/gov/fgw/"). */
  prefix: string;
  /** Folder relative to the build root (`sites/<…>`). */
  folder: string;
  /** The site has 繁體 pages (its 404 page under zh-hant/ is in the manifest): they get their own 404. */
  traditional: boolean;
}

/** Every file of the configuration, by path inside `deploy/nginx/`. */
export function nginxConfig(manifest: Manifest, params: NginxParams): Map<string, string> {
  const q = (s: string) => nginxQuote(s);
  const files = new Map<string, string>();
  const hosts = new Map<string, Location[]>();
  const legacy = new Set<string>();
  const hant404File = routes.traditional(routes.notFound());
  const hant404 = new Set(manifest.pages.filter((p) => p.file === hant404File).map((p) => p.site));
  for (const site of manifest.sites) {
    const url = new URL(site.url);
    const list = hosts.get(url.host) ?? [];
    list.push({ prefix: url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`, folder: site.folder, traditional: hant404.has(site.id) });
    hosts.set(url.host, list);
    // An archived site's own domain now only redirects (its pages are the portal's).
    if (site.domain && site.domain !== url.host && manifest.group.urlMode === 'domains') legacy.add(site.domain);
  }
  for (const h of hosts.keys()) legacy.delete(h);
  const conf = (rel: string) => `${params.configDir}/${rel}`;

  files.set(
    'jiyue.conf',
    [
      params.head,
      `# Include once in the http {} block: include ${params.configDir}/jiyue.conf;`,
      '',
      `include ${q(`${params.root}/redirects/nginx/redirects.map.conf`)};`,
      '',
      '# Content-hashed files are cached for a year; everything else (pages, Pagefind\'s entry and',
      '# client, sort files) is revalidated on every use.',
      'map $uri $jiyue_cache_control {',
      '    default "no-cache";',
      ...immutable([...hosts.values()].flat().map((l) => l.prefix)).map((re) => `    ${re} "public, max-age=31536000, immutable";`),
      '}',
      '',
      `include ${q(conf('servers/*.conf'))};`,
      '',
    ].join('\n'),
  );

  files.set(
    'snippets/server.conf',
    [
      params.head,
      '# Included in every server {} of the group.',
      'charset utf-8;',
      'index index.html;',
      'server_tokens off;',
      '# Pages and assets are precompressed at build time (x.html.gz, x.html.br): served as they are.',
      'gzip_static on;',
      'gzip_vary on;',
      'add_header Cache-Control $jiyue_cache_control always;',
      // A constant of this module, not a value from content: written as it is.
      `add_header Content-Security-Policy "${CONTENT_SECURITY_POLICY}" always;`,
      'add_header X-Content-Type-Options "nosniff" always;',
      'add_header Referrer-Policy "strict-origin-when-cross-origin" always;',
      'add_header X-Frame-Options "SAMEORIGIN" always;',
      'add_header Permissions-Policy "camera=(), microphone=(), geolocation=()" always;',
      '',
    ].join('\n'),
  );

  files.set('brotli.conf', `${params.head}\n# Copy to ${params.extra}/all/ when the Brotli module (libnginx-mod-http-brotli-static) is loaded.\nbrotli_static on;\n`);
  files.set(
    'tls.conf.example',
    [
      params.head,
      `# Copy to ${params.extra}/hosts/<host>/tls.conf for each host and fill in its certificate.`,
      'listen 443 ssl;',
      'listen [::]:443 ssl;',
      'http2 on;',
      'ssl_certificate     /etc/ssl/jiyue/<host>.fullchain.pem;',
      'ssl_certificate_key /etc/ssl/jiyue/<host>.key;',
      'add_header Strict-Transport-Security "max-age=31536000" always;',
      '',
    ].join('\n'),
  );

  /** What every server {} starts with: listen, name, the shared snippet, the redirects, ops' includes. */
  const serverHead = (host: string) => [
    'server {',
    ...params.listen(host).map((l) => `    listen ${l};`),
    `    server_name ${q(host)};`,
    `    include ${q(conf('snippets/server.conf'))};`,
    `    include ${q(`${params.root}/redirects/nginx/redirects.server.conf`)};`,
    `    include ${q(`${params.extra}/all/*.conf`)};`,
    `    include ${q(`${params.extra}/hosts/${host}/*.conf`)};`,
  ];
  for (const [host, locations] of [...hosts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    locations.sort((a, b) => a.prefix.length - b.prefix.length || (a.prefix < b.prefix ? -1 : 1));
    const top = locations.find((l) => l.prefix === '/');
    const lines = [params.head, ...serverHead(host)];
    if (top) lines.push(`    root ${q(`${params.root}/${top.folder}`)};`, '    error_page 404 /404.html;');
    else lines.push('    location = / { return 404; }');
    // A missing 繁體 page answers with the 繁體 404 page (docs/traditional.md).
    const hantLocation = (l: Location, alias: boolean) =>
      l.traditional
        ? [
            `    location ^~ ${q(`${l.prefix}${routes.traditional('')}`)} {`,
            ...(alias ? [`        alias ${q(`${params.root}/${l.folder}/${routes.traditional('')}`)};`] : []),
            `        error_page 404 ${q(`${l.prefix}${hant404File}`)};`,
            '    }',
          ]
        : [];
    if (top) lines.push(...hantLocation(top, false));
    for (const l of locations) {
      if (l === top) continue;
      const nested = top && l.folder === `${top.folder}${l.prefix.replace(/\/$/, '')}`;
      lines.push(
        `    location ^~ ${q(l.prefix)} {`,
        // A site laid out inside the top site's folder (an archived site) is served from that root; any other by alias.
        ...(nested ? [] : [`        alias ${q(`${params.root}/${l.folder}/`)};`]),
        `        error_page 404 ${q(`${l.prefix}404.html`)};`,
        '    }',
        ...hantLocation(l, !nested),
      );
    }
    lines.push('}', '');
    files.set(`servers/${host}.conf`, lines.join('\n'));
  }
  if (params.defaultServer) {
    // A request for a host the group does not serve (an IP address, a stale DNS name) gets no site at all,
    // rather than the alphabetically first one: nginx closes the connection (444).
    const listens = [...new Set([...hosts.keys(), ...legacy].flatMap((h) => params.listen(h)))];
    files.set(
      'servers/_default.conf',
      [params.head, '# Any Host header that is not a site of the group: close the connection without an answer.', 'server {', ...listens.map((l) => `    listen ${l} default_server;`), '    server_name _;', '    return 444;', '}', ''].join('\n'),
    );
  }
  for (const host of [...legacy].sort()) {
    files.set(
      `servers/${host}.conf`,
      [
        params.head,
        '# The own domain of an archived site: every URL redirects (redirects.server.conf) to its page on the portal.',
        ...serverHead(host),
        '    return 404;',
        '}',
        '',
      ].join('\n'),
    );
  }
  return files;
}

/** The parameters of the configuration the build writes. */
export function deployedParams(root: string, generator: string): NginxParams {
  return {
    root,
    configDir: `${root}/deploy/nginx`,
    listen: () => ['80', '[::]:80'],
    extra: DEFAULT_EXTRA,
    head: `# Generated by ${generator}. Do not edit: rebuild instead. See docs/deploy.md.`,
    defaultServer: true,
  };
}
