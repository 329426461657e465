/**
 * Keeps `npm ci` working with this machine's npm registry mirror.
 *
 * `@astrojs/compiler-binding@0.5.1` lists one optional native package per platform, but the
 * registry here only serves the linux-x64 ones; `npm install` then leaves the others out of
 * package-lock.json and `npm ci` refuses the lock file ("Missing: … from lock file"). This adds
 * a lock entry (version, os, cpu, optional) for each missing platform package, which `npm ci`
 * skips on linux-x64 as it does for any other platform's optional package.
 *
 * Run after any `npm install` that rewrites the lock file: `node scripts/lockfile-platform-stubs.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';

const PLATFORMS: Record<string, { os?: string; cpu: string; libc?: string }> = {
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

interface LockEntry {
  version?: string;
  optionalDependencies?: Record<string, string>;
  [key: string]: unknown;
}

const file = path.resolve(import.meta.dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8')) as { packages: Record<string, LockEntry> };
let added = 0;
for (const [key, entry] of Object.entries(lock.packages)) {
  if (!key.endsWith('/@astrojs/compiler-binding') || !entry.optionalDependencies) continue;
  const base = key.slice(0, -'@astrojs/compiler-binding'.length);
  for (const [name, version] of Object.entries(entry.optionalDependencies)) {
    const target = `${base}${name}`;
    if (lock.packages[target]) continue;
    const platform = PLATFORMS[name.replace('@astrojs/compiler-binding-', '')];
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
