/**
 * One content collection: the trusted MDX entries of the units this worker renders, exactly the
 * list the build plan vetted (no glob that could see other files). Everything else, untrusted
 * `.mdx` included, is Markdown that the project renders itself (src/markdown/render.ts): Astro
 * never parses those files, and the MDX compiler only ever sees files of `trustedMdx` folders.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineCollection } from 'astro:content';
import { renderJob } from './plan/unit-job.ts';

export const collections = {
  mdx: defineCollection({
    loader: {
      name: 'jiyue-trusted-mdx',
      load: async ({ store, config }) => {
        store.clear();
        // Read when the loader runs: the dev server runs it again after a save (src/dev/astro.ts).
        const job = renderJob()?.job;
        if (!job) return;
        const root = fileURLToPath(config.root);
        for (const unit of job.units) {
          for (const [, source, sourceHash] of unit.mdx) {
            const filePath = path.relative(root, path.join(job.contentDir, ...source.split('/'))).split(path.sep).join('/');
            store.set({ id: source, data: {}, filePath, digest: sourceHash, deferredRender: true });
          }
        }
      },
    },
  }),
};
