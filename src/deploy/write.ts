/** Writes the deployment files of a build (`deploy/`): the nginx configuration (nginx.ts). */
import fs from 'node:fs';
import path from 'node:path';
import type { Manifest } from '../plan/manifest.ts';
import { deployedParams, nginxConfig } from './nginx.ts';

export function writeDeployFiles(staging: string, manifest: Manifest, options: { deployRoot: string; generator: string }): number {
  const files = nginxConfig(manifest, deployedParams(options.deployRoot, options.generator));
  for (const [rel, text] of files) {
    const file = path.join(staging, 'deploy', 'nginx', ...rel.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return files.size;
}
