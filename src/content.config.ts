/**
 * One content collection: the trusted MDX entries of the sites being rendered, exactly the
 * list the loader vetted (no glob that could see other files). Everything else, untrusted `.mdx`
 * included, is Markdown that the project renders itself (src/markdown/render.ts): Astro never
 * parses those files, and the MDX compiler only ever sees files of `trustedMdx` folders.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineCollection } from 'astro:content';
import { runtimeModel } from './model/runtime.ts';
import { renderedSiteIds } from './lib/site-pages.ts';

const model = runtimeModel();

export const collections = {
  mdx: defineCollection({
    loader: {
      name: 'jiyue-trusted-mdx',
      load: async ({ store, config }) => {
        store.clear();
        if (!model) return;
        const sites = new Set(renderedSiteIds(model));
        const root = fileURLToPath(config.root);
        for (const e of model.entries) {
          if (e.renderAs !== 'mdx' || !sites.has(e.siteId)) continue;
          const filePath = path.relative(root, path.join(model.contentDir, ...e.source.split('/'))).split(path.sep).join('/');
          store.set({ id: e.source, data: {}, filePath, digest: e.sourceHash, deferredRender: true });
        }
      },
    },
  }),
};
