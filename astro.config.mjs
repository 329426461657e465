// The Astro side of the build. Astro never runs on its own here: the pipeline
// (src/pipeline/build.ts) plans the build and each unit worker (src/pipeline/unit-worker.ts)
// runs one Astro build of its sites with `JIYUE_JOB` naming its job (src/pipeline/unit-job.ts).
// Run the build through `npm run build`, not `astro build`.
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import { defineConfig } from 'astro/config';
import { contentRemarkPlugins, mdxRehypePlugins } from './src/markdown/pipeline.ts';
import { createLinkIndex } from './src/model/links.ts';
import { renderJob } from './src/pipeline/unit-job.ts';
import { Urls } from './src/urls/urls.ts';

const job = renderJob()?.job;

export default defineConfig({
  output: 'static',
  // Directory routes (gzdt/x/ → gzdt/x/index.html); file routes are renamed by the layout step.
  build: { format: 'directory', inlineStylesheets: 'never' },
  compressHTML: true,
  devToolbar: { enabled: false },
  integrations: [mdx()],
  markdown: {
    // Used for trusted MDX only (Markdown bodies are rendered by src/markdown/render.ts):
    // unified(), not Astro's default processor, so the project's plugins run: CJK emphasis and
    // bare URLs, link resolution against the whole group, diagnostics.
    processor: unified({
      remarkPlugins: [...contentRemarkPlugins()],
      rehypePlugins: job?.mdx ? [...mdxRehypePlugins({ contentDir: job.contentDir, index: createLinkIndex(job.mdx.links), urls: new Urls(job.mdx.urls) })] : [],
      smartypants: false,
    }),
    syntaxHighlight: false,
  },
});
