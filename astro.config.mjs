// The Astro side of the build. Astro never runs on its own here: the pipeline
// (src/pipeline/build.ts) plans the build and each unit worker (src/pipeline/unit-worker.ts)
// runs one Astro build of its sites with `JIYUE_JOB` naming its job (src/plan/unit-job.ts).
// Run the build through `npm run build`, not `astro build`.
import { defineConfig } from 'astro/config';
import { renderJob } from './src/plan/unit-job.ts';

const render = renderJob();
const job = render?.job;

/**
 * MDX and the Markdown processor it compiles with. Only trusted MDX needs them, so a worker
 * whose units have none does not load them (the MDX compiler, the project's remark/rehype
 * plugins: ~0.13 s of every such worker); outside a worker (`astro check`) they are there.
 */
async function mdxConfig() {
  const [{ default: mdx }, { unified }, { contentRemarkPlugins, mdxRehypePlugins }, { createLinkIndex }, { Urls }] = await Promise.all([
    import('@astrojs/mdx'),
    import('@astrojs/markdown-remark'),
    import('./src/markdown/pipeline.ts'),
    import('./src/model/links.ts'),
    import('./src/urls/urls.ts'),
  ]);
  return {
    integrations: [mdx()],
    markdown: {
      // Used for trusted MDX only (Markdown bodies are rendered by src/markdown/render.ts):
      // unified(), not Astro's default processor, so the project's plugins run: CJK emphasis and
      // bare URLs, link resolution against the whole group, diagnostics.
      processor: unified({
        remarkPlugins: [...contentRemarkPlugins({ lineBreaks: job?.mdx?.lineBreaks })],
        rehypePlugins: job?.mdx ? [...mdxRehypePlugins({ contentDir: job.contentDir, index: createLinkIndex(job.mdx.links), urls: new Urls(job.mdx.urls) })] : [],
        smartypants: false,
      }),
      syntaxHighlight: false,
    },
  };
}

const { integrations, markdown } = !render || job.mdx ? await mdxConfig() : { integrations: [], markdown: { syntaxHighlight: false } };

export default defineConfig({
  output: 'static',
  // Directory routes (gzdt/x/ → gzdt/x/index.html); file routes are renamed by the layout step.
  build: { format: 'directory', inlineStylesheets: 'never' },
  compressHTML: true,
  devToolbar: { enabled: false },
  integrations,
  markdown,
});
