/**
 * Keeps `npm ci` working with this machine's npm registry mirror.
 *
 * `@astrojs/compiler-binding@0.5.1` and `pagefind@1.6.0` list one optional native package per
 * platform, but the registry here only serves the linux ones; `npm install` then leaves the others out of
 * package-lock.json and `npm ci` refuses the lock file ("Missing: … from lock file"). This adds
 * a lock entry (version, os, cpu, optional) for each missing platform package, which `npm ci`
 * skips on linux-x64 as it does for any other platform's optional package.
 *
 * Run after any `npm install` that rewrites the lock file: `node scripts/lockfile-platform-stubs.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';

type Platform = { os?: string; cpu: string; libc?: string };

/** `@astrojs/compiler-binding-<suffix>` platforms. */
const COMPILER_PLATFORMS: Record<string, Platform> = {
  'android-arm64': { os: 'android', cpu: 'arm64' },
  'darwin-arm64': { os: 'darwin', cpu: 'arm64' },
  'darwin-x64': { os: 'darwin', cpu: 'x64' },
  'linux-arm64-gnu': { os: 'linux', cpu: 'arm64', libc: 'glibc' },
  'linux-arm64-musl': { os: 'linux', cpu: 'arm64', libc: 'musl' },
  'linux-x64-gnu': { os: 'linux', cpu: 'x64', libc: 'glibc' },
  'linux-x64-musl': { os: 'linux', cpu: 'x64', libc: 'musl' },
  'wasm32-wasi': { cpu: 'wasm32' },
  'win32-arm64-msvc': { os: 'win32', cpu: 'arm64' },
  'win32-x64-msvc': { os: 'win32', cpu: 'x64' },
};

/** `@pagefind/<suffix>` platforms. */
const PAGEFIND_PLATFORMS: Record<string, Platform> = {
  'darwin-arm64': { os: 'darwin', cpu: 'arm64' },
  'darwin-x64': { os: 'darwin', cpu: 'x64' },
  'freebsd-x64': { os: 'freebsd', cpu: 'x64' },
  'linux-arm64': { os: 'linux', cpu: 'arm64' },
  'linux-x64': { os: 'linux', cpu: 'x64' },
  'windows-arm64': { os: 'win32', cpu: 'arm64' },
  'windows-x64': { os: 'win32', cpu: 'x64' },
};

/** Packages whose platform packages the mirror lacks: lock key suffix, package prefix, platforms. */
const PARENTS: { parent: string; prefix: string; platforms: Record<string, Platform> }[] = [
  { parent: '@astrojs/compiler-binding', prefix: '@astrojs/compiler-binding-', platforms: COMPILER_PLATFORMS },
  { parent: 'pagefind', prefix: '@pagefind/', platforms: PAGEFIND_PLATFORMS },
];

interface LockEntry {
  version?: string;
  optionalDependencies?: Record<string, string>;
  [key: string]: unknown;
}

const file = path.resolve(import.meta.dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8')) as { packages: Record<string, LockEntry> };
let added = 0;
for (const [key, entry] of Object.entries(lock.packages)) {
  const known = PARENTS.find((p) => key.endsWith(`node_modules/${p.parent}`));
  if (!known || !entry.optionalDependencies) continue;
  const base = key.slice(0, -known.parent.length);
  for (const [name, version] of Object.entries(entry.optionalDependencies)) {
    const target = `${base}${name}`;
    if (lock.packages[target]) continue;
    const platform = known.platforms[name.replace(known.prefix, '')];
    if (!platform) throw new Error(`unknown platform package ${name}`);
    lock.packages[target] = {
      version,
      license: 'MIT',
      optional: true,
      cpu: [platform.cpu],
      ...(platform.os ? { os: [platform.os] } : {}),
      ...(platform.libc ? { libc: [platform.libc] } : {}),
    };
    added++;
  }
}
const sorted: Record<string, LockEntry> = {};
for (const key of Object.keys(lock.packages).sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)))) sorted[key] = lock.packages[key];
lock.packages = sorted;
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
process.stdout.write(`package-lock.json: ${added} platform entries added\n`);
