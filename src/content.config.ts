/**
 * One content collection over the content directory: the published articles and single pages
 * of the sites being built (glob loader over <site>/<column>/*.md). Held-back content (draft,
 * not public, not reviewed) is excluded by pattern, so it is never rendered.
 */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { runtimeModel } from './model/runtime.ts';
import { renderedSiteIds } from './lib/site-pages.ts';

const model = runtimeModel();

function patterns(): string[] {
  // Outside a build (astro check / sync) the collection is empty.
  const none = ['__jiyue-no-content__/*.md'];
  if (!model) return none;
  const sites = renderedSiteIds(model);
  if (sites.length === 0) return none;
  const group = sites.length === 1 ? sites[0] : `{${sites.join(',')}}`;
  return [`${group}/*/*.{md,mdx}`, ...model.skipped.map((s) => `!${s.source}`)];
}

export const collections = {
  entries: defineCollection({
    loader: glob({
      base: model?.contentDir ?? './content',
      pattern: patterns(),
      generateId: ({ entry }) => entry,
    }),
  }),
};
