// The Astro side of the build. The CLI (src/cli/jiyue.ts) validates the content, renders the
// Markdown bodies, writes the model to JSON and points JIYUE_MODEL at it; this config turns that
// into one Astro build of every selected site. Run the build through `npm run build`, not
// `astro build`.
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import { defineConfig } from 'astro/config';
import { contentRemarkPlugins, mdxRehypePlugins } from './src/markdown/pipeline.ts';
import { runtimeModel } from './src/model/runtime.ts';

const model = runtimeModel();

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
    // bare URLs, link resolution, diagnostics.
    processor: unified({
      remarkPlugins: [...contentRemarkPlugins()],
      rehypePlugins: model ? [...mdxRehypePlugins(model)] : [],
      smartypants: false,
    }),
    syntaxHighlight: false,
  },
});
