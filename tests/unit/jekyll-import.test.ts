/** The Jekyll importer's modules, each on the cases it exists for (scripts/lib/jekyll/). */
import { describe, expect, it } from 'vitest';
import { convertBody, mdxProblem } from '../../scripts/lib/jekyll/convert.ts';
import { applyEdits } from '../../scripts/lib/jekyll/edits.ts';
import { decodeEntities, escapeProse } from '../../scripts/lib/jekyll/escape.ts';
import {
  jekyllDay,
  mapFrontmatter,
  parseJekyllYaml,
  parsePostFileName,
  renderFrontmatter,
  slugFromName,
  splitFrontmatter,
  termNames,
} from '../../scripts/lib/jekyll/frontmatter.ts';
import { rewriteHtml } from '../../scripts/lib/jekyll/html.ts';
import { kramdownEdits, markdownBlockEdits } from '../../scripts/lib/jekyll/kramdown.ts';
import { highlightEdits, rawEdits, resolveLiquid } from '../../scripts/lib/jekyll/liquid.ts';
import { mediaFor } from '../../scripts/lib/jekyll/media.ts';
import { jekyllProse, mdxProse, missingSentences } from '../../scripts/lib/jekyll/prose.ts';
import { formatReport, type PostReport } from '../../scripts/lib/jekyll/report.ts';
import { postSchema } from '../../site/content.config.ts';

const context = { page: { title: 'Hello' }, postUrl: (name: string) => (name === '2018-01-05-other' ? '/ko/posts/other/' : undefined) };

function convert(body: string, options: { useMath?: boolean; includes?: Record<string, string> } = {}) {
  const includes = options.includes ?? {};
  return convertBody(body, {
    ...context,
    lang: 'ko',
    useMath: options.useMath ?? false,
    bodyLine: 1,
    media: mediaFor({ lang: 'ko', postDir: '/nonexistent' }),
    readInclude: (name) => includes[name],
  });
}

describe('frontmatter', () => {
  it('reads every date form Jekyll accepts, as the day the author wrote', () => {
    expect(jekyllDay('2017-3-19')).toBe('2017-03-19');
    expect(jekyllDay('2015-10-15 21:31+08:00')).toBe('2015-10-15');
    expect(jekyllDay('2018-01-05 01:30:00 +0900')).toBe('2018-01-05');
    expect(jekyllDay('2020-02-22T23:59:59Z')).toBe('2020-02-22');
    expect(jekyllDay('2019/7/2')).toBe('2019-07-02');
    expect(jekyllDay('March 19, 2017')).toBe('2017-03-19');
    expect(jekyllDay('2017-02-30')).toBeUndefined();
    expect(jekyllDay('soon')).toBeUndefined();
  });

  it('takes date, name and language from the file name', () => {
    expect(parsePostFileName('2017-3-9-hello-world.md')).toEqual({ day: '2017-03-09', name: 'hello-world' });
    expect(parsePostFileName('cnn-basic.ko.MARKDOWN')).toEqual({ name: 'cnn-basic', lang: 'ko' });
  });

  it('makes ASCII slugs, and a stable hashed one for names without ASCII letters', () => {
    expect(slugFromName('My_First Post!')).toEqual({ slug: 'my-first-post', ascii: true });
    const korean = slugFromName('딥러닝-기초');
    expect(korean.slug).toMatch(/^post-[0-9a-f]{8}$/);
    expect(slugFromName('딥러닝-기초').slug).toBe(korean.slug);
    expect(slugFromName('mcmc-方法').slug).toMatch(/^mcmc-[0-9a-f]{8}$/);
  });

  it('reads YAML 1.1 as Jekyll does but keeps dates as text', () => {
    expect(parseJekyllYaml('comments: yes\ndate: 2017-03-19 10:00:00 +0900')).toEqual({
      comments: true,
      date: '2017-03-19 10:00:00 +0900',
    });
  });

  it('splits tags given as a list or a comma/space separated string', () => {
    expect(termNames('deep-learning, CNN  vision')).toEqual(['deep-learning', 'CNN', 'vision']);
    expect(termNames(['general blogging', 3])).toEqual(['general blogging', '3']);
  });

  it('maps theme fields, drops the rest by name, and passes the schema', () => {
    const data = parseJekyllYaml(
      'layout: post\ntitle: "[DL] 글"\nsubtitle: sub\nauthor: me\nheader-img: a.jpg\ncatalog: true\ncategories: study\ntags: dl cnn\ncomments: true\nmathjax: true\npublished: false\nexcerpt: "요약"',
    );
    const mapped = mapFrontmatter(data, { fileName: '2017-3-19-a.md', defaultLang: 'ko', fallbackDay: '2000-01-01' });
    expect(mapped.fields).toEqual({
      title: '[DL] 글',
      subtitle: 'sub',
      description: '요약',
      date: '2017-03-19',
      lang: 'ko',
      draft: true,
      categories: ['study'],
      tags: ['dl', 'cnn'],
      layout: 'post',
      comments: true,
      use_math: true,
    });
    expect(mapped.dropped).toEqual(['author', 'header-img', 'catalog']);
    expect(mapped.mapped).toEqual(['mathjax -> use_math', 'published -> draft', 'excerpt -> description']);
    const written = splitFrontmatter(`${renderFrontmatter(mapped.fields)}\n`);
    expect(postSchema.safeParse(parseJekyllYaml(written?.yaml ?? '')).success).toBe(true);
  });

  it('names the field of a date it cannot read, and drops an unknown layout', () => {
    expect(() =>
      mapFrontmatter({ title: 'a', date: 'someday' }, { fileName: 'a.md', defaultLang: 'ko', fallbackDay: '2000-01-01' }),
    ).toThrow(/field "date": "someday"/);
    const mapped = mapFrontmatter({ title: 'a', layout: 'single' }, { fileName: 'a.md', defaultLang: 'en', fallbackDay: '2000-01-01' });
    expect(mapped.fields.date).toBe('2000-01-01');
    expect(mapped.dropped[0]).toMatch(/^layout \(single/);
  });
});

describe('Liquid', () => {
  it('resolves site URLs, post_url and link, and keeps the rest visible with a warning', () => {
    expect(resolveLiquid('{{ site.baseurl }}', context).text).toBe('');
    expect(resolveLiquid('{{ "/img/a.png" | relative_url }}', context).text).toBe('/img/a.png');
    expect(resolveLiquid("{{ '/x' | prepend: site.baseurl }}", context).text).toBe('/x');
    expect(resolveLiquid('{{ page.title }}', context).text).toBe('Hello');
    expect(resolveLiquid('{{ page.urls.about }}', { ...context, page: { urls: { about: '/about/' } } }).text).toBe('/about/');
    expect(resolveLiquid('{{ site.cdn_prefix }}', { ...context, site: { cdn_prefix: 'https://cdn.example/' } }).text).toBe(
      'https://cdn.example/',
    );
    const unknown = resolveLiquid('{{ page.nothing }}', context);
    expect([unknown.text, unknown.change?.level]).toEqual(['', 'warning']);
    expect(resolveLiquid('{% post_url 2018-01-05-other %}', context).text).toBe('/ko/posts/other/');
    expect(resolveLiquid('{% link _posts/2018-01-05-other.md %}', context).text).toBe('/ko/posts/other/');
    const include = resolveLiquid('{% include ad.html %}', context);
    expect(include.text).toBe('`{% include ad.html %}`');
    expect(include.change?.level).toBe('warning');
    expect(resolveLiquid('{% post_url 2000-01-01-gone %}', context).change?.level).toBe('warning');
  });

  it('removes raw tags (and their lines) and protects the braces inside', () => {
    const text = 'a\n{% raw %}\n```\n{{ x }}\n```\n{% endraw %}\nb';
    const result = applyEdits(text, rawEdits(text).edits).text;
    expect(result).toBe('a\n```\n\uE000\uE000 x \uE001\uE001\n```\nb');
  });

  it('turns highlight blocks into fenced code at the same indentation', () => {
    const text = '1. step\n\n   {% highlight python linenos %}\n   x = 1\n   {% endhighlight %}\n';
    const { edits, changes } = highlightEdits(text);
    expect(applyEdits(text, edits).text).toBe('1. step\n\n   ```python\n   x = 1\n   ```\n');
    expect(changes[0]?.message).toMatch(/linenos/);
  });
});

describe('kramdown', () => {
  it('removes attribute lists and the {:toc} marker, and makes comments HTML comments', () => {
    const text = '* TOC\n{:toc}\n\npara\n{: .center}\n\n*word*{: .red}\n\n{::comment}\nhidden\n{:/comment}\n';
    const { edits, changes } = kramdownEdits(text, 0);
    expect(applyEdits(text, edits).text).toBe('\npara\n\n\n*word*\n\n<!--\nhidden\n-->\n');
    expect(changes.map((c) => c.level)).toEqual(['warning', 'note', 'warning', 'warning']);
  });
});

describe('markdown="1" blocks', () => {
  it('put their tags on lines of their own so the content stays Markdown, nested ones included', () => {
    const text = '</table>\n<div class="a" markdown="1">\n<div markdown="1">\n**b**\n</div>\n</div>\nafter';
    const edited = applyEdits(text, markdownBlockEdits(text, 0).edits).text;
    // Every tag alone between blank lines; the markdown attribute gone.
    expect(edited.replace(/\n{2,}/g, '\n\n')).toBe('</table>\n\n<div class="a">\n\n<div>\n\n**b**\n\n</div>\n\n</div>\n\nafter');
    const converted = convert(text).text;
    // A fence inside such a block is code, whatever a CommonMark parse of the unopened block would say.
    const fenced = convert('<div markdown="1">\n```js\nconst a = `{{ b }}` < 1;\n```\n</div>\n').text;
    expect(fenced).toContain('```js\nconst a = `{{ b }}` < 1;\n```');
    expect(mdxProblem(fenced)).toBeUndefined();
    expect(mdxProblem(converted)).toBeUndefined();
    expect(converted).toContain('**b**');
  });
});

describe('escaping and HTML', () => {
  it('escapes what MDX would read as JSX or an expression, once', () => {
    expect(escapeProse('a < b {c}')).toBe('a \\< b \\{c\\}');
    expect(escapeProse('\\{kept\\}')).toBe('\\{kept\\}');
    expect(escapeProse('$5', { dollar: true })).toBe('\\$5');
    expect(decodeEntities('a &lt; b &amp;&amp; c &#x41;')).toBe('a < b && c A');
  });

  const media = { image: (src: string, alt: string) => `[${alt}](${src})`, embed: (src: string) => `<a href="${src}">x</a>` };

  it('closes void tags, lower-cases names, quotes attributes, converts comments and drops handlers and scripts', () => {
    const open: string[] = [];
    const { text, changes } = rewriteHtml('<BR><P ALIGN=center onclick="x()">a {b}<!-- c --><script>bad()</script>', open, {
      flow: true,
      dollar: false,
      media,
    });
    expect(text).toBe('<br /><p ALIGN="center">a \\{b\\}{/* c */}</p>');
    expect(
      changes
        .filter((c) => c.level === 'warning')
        .map((c) => c.message)
        .join('\n'),
    ).toMatch(/onclick[\s\S]*<script>/);
  });

  it('keeps an open container for later blocks but closes a paragraph at the end of its HTML block', () => {
    const open: string[] = [];
    expect(rewriteHtml('<div class="box">\n<p>one', open, { flow: true, dollar: false, media }).text).toBe('<div class="box"> <p>one</p>');
    expect(open).toEqual(['div']);
    expect(rewriteHtml('</div>', open, { flow: true, dollar: false, media }).text).toBe('</div>');
  });

  it('escapes Markdown in the text of an HTML block, which kramdown leaves alone and MDX would not', () => {
    expect(rewriteHtml('<td>r`a *b* [c]</td>', [], { flow: true, dollar: false, media }).text).toBe('<td>r\\`a \\*b\\* \\[c\\]</td>');
    expect(rewriteHtml('<b>', [], { flow: false, dollar: false, media }).text).toBe('<b>');
  });

  it('shows a non-element such as List<String> as text, and makes <pre> fenced code', () => {
    expect(rewriteHtml('<String>', [], { flow: false, dollar: false, media }).text).toBe('\\<String>');
    expect(rewriteHtml('<pre><code class="language-c">a &lt; b\n</code></pre>', [], { flow: true, dollar: false, media }).text).toBe(
      '```c\na < b\n```\n',
    );
  });
});

describe('body conversion', () => {
  it('keeps fenced and indented code byte for byte, with {{ }} and <', () => {
    const code = 'if a < b:\n    print("{{ x }}")';
    const result = convert(`text\n\n\`\`\`python\n${code}\n\`\`\`\n\n    ${code.replace('\n', '\n    ')}\n`);
    expect(result.text.split(code).length).toBe(3);
    expect(mdxProblem(result.text)).toBeUndefined();
  });

  it('gives each change the line of the source it came from', () => {
    const result = convert(
      'first\n\n{% raw %}\nraw {{ x }}\n{% endraw %}\n\n{% include a.html %}\n\n<img src="https://x.example/a.png">\n',
    );
    const lines = Object.fromEntries(result.changes.map((c) => [c.message.slice(0, 12), c.line]));
    expect(lines['Liquid tag {']).toBe(7);
    expect(lines['remote image']).toBe(9);
    expect(result.text).toContain('raw \\{\\{ x \\}\\}');
  });

  it('keeps math for KaTeX, makes a $$ paragraph a display block, and shows math KaTeX rejects as code', () => {
    const result = convert('$$\\frac{a}{b}$$\n\nInline $x^{2}$ and $중문$.\n', { useMath: true });
    expect(result.text).toContain('$$\n\\frac{a}{b}\n$$');
    expect(result.text).toContain('$x^{2}$');
    expect(result.text).toContain('`$중문$`');
    expect(result.hasMath).toBe(true);
    expect(mdxProblem(result.text)).toBeUndefined();
  });

  it('starts sections at level 2 and skips no level', () => {
    expect(convert('# A\n\n### B\n\nC\n---\n').text).toBe('## A\n\n### B\n\n### C\n');
  });

  it('turns a remote image into a credited figure, never a hot link', () => {
    const result = convert('![plot](https://example.com/p.png)\n- item\n\nSee ![x](http://b.example/x.png) inline.\n');
    expect(result.text).toBe(
      '<Figure caption="plot" credit="원본 그림 (example.com)" creditHref="https://example.com/p.png" />\n\n- item\n\nSee [x (원본 그림: b.example)](http://b.example/x.png) inline.\n',
    );
  });
});

describe('prose and report', () => {
  it('finds the sentences outside code and markup, and which a page lacks', () => {
    const prose = jekyllProse(
      '---\ntitle: t\n---\nOne sentence. Two `code` three.\n\n```\nnot prose\n```\n<div>상자 안의 글입니다.</div>\n',
    );
    expect(prose).toEqual(['One sentence.', 'Two', 'three.', '상자 안의 글입니다.']);
    expect(mdxProse('---\ntitle: t\n---\nA line here.\n\n<Figure caption="x" />\n')).toEqual(['A line here.']);
    expect(missingSentences(prose, 'One sentence. Two x three. 상자 안의')).toEqual(['상자 안의 글입니다.']);
  });

  it('reports per post with lines, and sums up', () => {
    const report: PostReport = {
      source: '_posts/a.md',
      status: 'written',
      target: 'content/posts/a/ko.mdx',
      changes: [
        { line: 3, level: 'note', message: 'n' },
        { line: 9, level: 'warning', message: 'w' },
      ],
      droppedFields: ['author'],
      mappedFields: [],
      remoteImages: [],
      copiedImages: [],
    };
    expect(formatReport([report, { ...report, status: 'failed', reason: 'bad', changes: [] }])).toBe(
      [
        'written: _posts/a.md -> content/posts/a/ko.mdx',
        '  fields dropped: author',
        '  warning line 9: w',
        '  note line 3: n',
        'FAILED: _posts/a.md -> content/posts/a/ko.mdx (bad)',
        '  fields dropped: author',
        '2 found: 1 written, 0 unchanged, 0 skipped, 1 failed; 1 warnings',
      ].join('\n'),
    );
  });
});

describe('Markdown includes', () => {
  const includes = { 'posts/a/zh.md': '## 标题\n\n正文 {{ page.title }}。\n', 'nested.md': 'Before.\n\n{% include posts/a/zh.md %}\n' };

  it('puts a captured include where `{{ v | markdownify }}` shows it, the capture gone, with the line of the output', () => {
    const body = '<div class="zh">\n    {% capture z %}{% include posts/a/zh.md %}{% endcapture %}\n    {{ z | markdownify }}\n</div>\n';
    const out = convert(body, { includes });
    expect(out.text).toContain('## 标题');
    expect(out.text).toContain('正文 Hello。');
    expect(out.text).not.toMatch(/capture|markdownify|\{%/);
    expect(out.changes).toContainEqual(expect.objectContaining({ line: 3, message: expect.stringContaining('posts/a/zh.md') }));
    expect(mdxProblem(out.text)).toBeUndefined();
  });

  it('follows an include inside an include, and leaves HTML includes, unknown files and code alone', () => {
    const out = convert(
      '{% include nested.md %}\n\n{% include ad.html %}\n\n{% include missing.md %}\n\n```\n{% include nested.md %}\n```\n',
      { includes },
    );
    expect(out.text).toContain('Before.');
    expect(out.text).toContain('正文 Hello。');
    expect(out.text).toContain('`{% include ad.html %}`');
    expect(out.text).toContain('`{% include missing.md %}`');
    expect(out.text).toContain('```\n{% include nested.md %}\n```');
  });
});

describe('paragraph lines that MDX would read as blocks', () => {
  it('escapes a deep-indented list marker on a later line of a paragraph, which kramdown shows as text', () => {
    const source = 'BSD is one branch.\n\t- **Its gift** is TCP/IP.\n\t- Many descendants.\n';
    const out = convert(source);
    expect(out.text).toContain('\t\\- **Its gift**');
    expect(mdxProse(out.text)).toEqual(jekyllProse(source));
  });
});
