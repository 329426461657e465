/**
 * Finds code in an MDX body: ESM (`import`/`export`), `{expressions}` and JSX. Untrusted
 * folders may use `.mdx` only as Markdown; the loader rejects anything this finds there
 * before Astro compiles (and so runs) a single line of it.
 */
import { fromMarkdown } from 'mdast-util-from-markdown';
import { mdxFromMarkdown } from 'mdast-util-mdx';
import { mdxjs } from 'micromark-extension-mdxjs';
import { visit } from 'unist-util-visit';

export interface MdxCodeFinding {
  what: string;
  line?: number;
  column?: number;
}

const KINDS: Record<string, string> = {
  mdxjsEsm: 'import/export 语句',
  mdxFlowExpression: '{表达式}',
  mdxTextExpression: '{表达式}',
  mdxJsxFlowElement: '组件或 JSX 标签',
  mdxJsxTextElement: '组件或 JSX 标签',
};

/** Returns the code constructs in an MDX document, or a syntax error. */
export function findMdxCode(body: string): { findings: MdxCodeFinding[]; syntaxError?: { detail: string; line?: number; column?: number } } {
  let tree;
  try {
    tree = fromMarkdown(body, { extensions: [mdxjs()], mdastExtensions: [mdxFromMarkdown()] });
  } catch (error) {
    const e = error as { reason?: string; message?: string; line?: number; column?: number; place?: { line?: number; column?: number } };
    return { findings: [], syntaxError: { detail: e.reason ?? e.message ?? String(error), line: e.line ?? e.place?.line, column: e.column ?? e.place?.column } };
  }
  const findings: MdxCodeFinding[] = [];
  visit(tree, (node) => {
    const what = KINDS[node.type];
    if (what) findings.push({ what, line: node.position?.start.line, column: node.position?.start.column });
  });
  return { findings };
}
