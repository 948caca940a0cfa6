// The docs pages and the index of `make docs`: README.md, CHANGELOG.md, docs/*.md and the other
// READMEs rendered to HTML with markdown-it (the parser TypeDoc itself uses), and index.html
// linking them and the three API references.
//
// Usage: node tools/docs/pages.mjs OUT_DIR VERSION
//
// Pages keep their repository paths under OUT_DIR/pages (docs/wrike.md -> pages/docs/wrike.html),
// so relative links between them stay relative: a link to a rendered .md file points to its .html;
// a link to any other repository file (a source file, a licence) is shown as its path, not as a
// link, since the site has no copy of it; a link to a file that does not exist fails the build.
// Headings get GitHub's anchors (lower case, punctuation dropped, spaces as '-'), which the pages'
// own links use.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import MarkdownIt from 'markdown-it';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The pages: repository-relative paths of the Markdown files rendered, in index order. */
export function pageSources() {
  const docs = fs
    .readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', 'CHANGELOG.md', ...docs, 'tests/README.md', 'fuzz/README.md'].filter((p) =>
    fs.existsSync(path.join(ROOT, p)),
  );
}

/** GitHub's heading anchor for a heading's text. */
export function slug(text) {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Relative links whose file is not in the repository (`source: href`): the build fails on any. */
const missing = [];

const escapeHtml = (s) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function renderer(source, rendered) {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  const fromDir = path.posix.dirname(source);

  // Heading anchors, numbered as GitHub numbers repeats (x, x-1, ...).
  md.core.ruler.push('heading_ids', (state) => {
    const seen = new Map();
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i += 1) {
      if (tokens[i].type !== 'heading_open') continue;
      const text = tokens[i + 1].children.map((t) => t.content).join('');
      const base = slug(text);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      tokens[i].attrSet('id', n === 0 ? base : `${base}-${n}`);
    }
  });

  // Relative links: to a rendered page's .html, or (any other file) shown as its path.
  const defaultOpen = md.renderer.rules.link_open ?? ((t, i, o, e, self) => self.renderToken(t, i, o));
  const defaultClose = md.renderer.rules.link_close ?? ((t, i, o, e, self) => self.renderToken(t, i, o));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    const href = token.attrGet('href') ?? '';
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('#')) {
      return defaultOpen(tokens, idx, options, env, self);
    }
    const [file, fragment] = href.split('#', 2);
    const target = path.posix.normalize(path.posix.join(fromDir, file));
    if (rendered.has(target)) {
      const html = path.posix.relative(fromDir, target.replace(/\.md$/, '.html')) || path.posix.basename(target);
      token.attrSet('href', fragment === undefined ? html : `${html}#${fragment}`);
      return defaultOpen(tokens, idx, options, env, self);
    }
    if (!fs.existsSync(path.join(ROOT, target))) missing.push(`${source}: ${href}`);
    env.unlinked = env.unlinked ?? [];
    env.unlinked.push(idx);
    return `<span class="repo-path" title="${escapeHtml(`in the repository: ${target}`)}">`;
  };
  md.renderer.rules.link_close = (tokens, idx, options, env, self) => {
    // The matching link_open is the nearest one before this close at the same nesting level.
    let depth = 0;
    for (let j = idx - 1; j >= 0; j -= 1) {
      if (tokens[j].type === 'link_close') depth += 1;
      if (tokens[j].type === 'link_open') {
        if (depth === 0) {
          return env.unlinked?.includes(j) ? '</span>' : defaultClose(tokens, idx, options, env, self);
        }
        depth -= 1;
      }
    }
    return defaultClose(tokens, idx, options, env, self);
  };
  return md;
}

const STYLE = `
body { font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem 4rem; color: #1f2328; }
nav.top { font-size: 0.9rem; border-bottom: 1px solid #d0d7de; padding-bottom: 0.5rem; margin-bottom: 1rem; }
nav.top a { margin-right: 1rem; }
code, pre { font: 0.9em ui-monospace, SFMono-Regular, Menlo, monospace; background: #f6f8fa; }
pre { padding: 0.8rem; overflow-x: auto; border-radius: 6px; }
code { padding: 0.1em 0.3em; border-radius: 4px; }
pre code { padding: 0; }
table { border-collapse: collapse; display: block; overflow-x: auto; }
th, td { border: 1px solid #d0d7de; padding: 0.3rem 0.6rem; vertical-align: top; }
.repo-path { border-bottom: 1px dotted #8c959f; }
ul.refs li { margin: 0.3rem 0; }
`;

function page(title, body, rootRel, version) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — scimgate ${escapeHtml(version)}</title>
<style>${STYLE}</style>
</head>
<body>
<nav class="top"><a href="${rootRel}index.html">scimgate ${escapeHtml(version)} documentation</a>
<a href="${rootRel}rust/scimgate/index.html">Rust</a>
<a href="${rootRel}js/index.html">JavaScript</a>
<a href="${rootRel}python/scimgate.html">Python</a></nav>
<main>
${body}
</main>
</body>
</html>
`;
}

function titleOf(text, fallback) {
  const m = /^#\s+(.+)$/m.exec(text);
  return m ? m[1].replace(/[`*_]/g, '').trim() : fallback;
}

function main() {
  const [outArg, version] = process.argv.slice(2);
  if (!outArg || !version) {
    console.error('usage: node tools/docs/pages.mjs OUT_DIR VERSION');
    process.exit(2);
  }
  const out = path.resolve(outArg);
  const sources = pageSources();
  const rendered = new Set(sources);
  const entries = [];
  for (const source of sources) {
    const text = fs.readFileSync(path.join(ROOT, source), 'utf8');
    const body = renderer(source, rendered).render(text, {});
    const target = path.join(out, 'pages', source.replace(/\.md$/, '.html'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const depth = source.split('/').length; // pages/ plus the source's folders
    const title = titleOf(text, source);
    fs.writeFileSync(target, page(title, body, '../'.repeat(depth), version));
    entries.push({ source, title, href: `pages/${source.replace(/\.md$/, '.html')}` });
  }

  const item = (e) =>
    `<li><a href="${escapeHtml(e.href)}">${escapeHtml(e.title)}</a> <small>(${escapeHtml(e.source)})</small></li>`;
  const index = `<h1>scimgate ${escapeHtml(version)} documentation</h1>
<p>scimgate validates and transforms SCIM 2.0 (RFC 7643 / RFC 7644) User and Group payloads for
provisioning into Wrike from Microsoft Entra ID, Okta and OneLogin: one Rust core, shipped as the
crate, the npm package and the pip package. Built by <code>make docs</code>.</p>
<h2>API reference</h2>
<ul class="refs">
<li><a href="rust/scimgate/index.html">Rust: the <code>scimgate</code> crate</a> (rustdoc)</li>
<li><a href="js/index.html">JavaScript / TypeScript: the npm package <code>scimgate</code></a> (TypeDoc, from the package's declarations)</li>
<li><a href="python/scimgate.html">Python: the pip package <code>scimgate</code></a> (pdoc, from the package and its stubs)</li>
<li><a href="python/scimgate/cli.html">Python: the <code>scimgate</code> command</a>, and
<a href="python/scimgate/scaleout.html"><code>scimgate.scaleout</code></a> (audits on Dask and PySpark)</li>
</ul>
<h2>Guides and reference pages</h2>
<ul>
${entries.map(item).join('\n')}
</ul>
`;
  fs.writeFileSync(path.join(out, 'index.html'), page('Documentation', index, '', version));
  if (missing.length > 0) {
    console.error(`pages: links to files that do not exist:\n  ${missing.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`pages: ${entries.length} pages and index.html in ${out}`);
}

main();
