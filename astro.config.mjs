// The Astro side of the build. The CLI (src/cli/jiyue.ts) validates the content, writes the
// model to JSON and points JIYUE_MODEL at it; this config turns that into one Astro build of
// every selected site. Run the build through `npm run build`, not `astro build`.
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import { defineConfig } from 'astro/config';
import { contentRehypePlugins, contentRemarkPlugins } from './src/markdown/pipeline.ts';
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
    // unified(), not Astro's default processor, so the project's rehype plugins run:
    // raw HTML parsing, link resolution, sanitization, diagnostics.
    processor: unified({
      remarkPlugins: [...contentRemarkPlugins()],
      rehypePlugins: model ? [...contentRehypePlugins(model)] : [],
      smartypants: false,
    }),
    syntaxHighlight: false,
  },
});
