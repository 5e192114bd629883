/**
 * Images and embeds of an imported post. The site loads nothing from another origin, so a remote image becomes a
 * credited link to it (a `<Figure>` credit when it stood alone); an image found under the Jekyll site's root is copied
 * next to the post and referenced relatively, so Astro optimizes it.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Locale } from '../../../site/lib/i18n.ts';
import type { ImageResolver } from './convert.ts';
import { escapeProse } from './escape.ts';

const CREDIT: Record<Locale, { image: string; embed: string }> = {
  ko: { image: '원본 그림', embed: '원본 콘텐츠' },
  en: { image: 'Original image', embed: 'Original content' },
  ja: { image: '元の画像', embed: '元のコンテンツ' },
};

export function isRemote(src: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(src);
}

function host(src: string): string {
  try {
    return new URL(src.startsWith('//') ? `https:${src}` : src).host;
  } catch {
    return src;
  }
}

/** A JSX attribute value in double quotes (a `"` inside becomes `&quot;`; JSX takes `&` as it is). */
function attr(value: string): string {
  return `"${value.replaceAll('"', '&quot;')}"`;
}

/** Link text: prose-escaped, with brackets escaped so it cannot close the link. */
function linkText(text: string): string {
  return escapeProse(text).replace(/([[\]])/g, '\\$1');
}

export interface CopiedImage {
  from: string;
  /** File name next to the post. */
  name: string;
}

export interface MediaOptions {
  lang: Locale;
  /** The Jekyll site's root (where `/assets/…` is looked up), if known. */
  siteRoot?: string;
  /** The post file's folder (relative image paths). */
  postDir: string;
}

/** A resolver for one post; `copied` and `remote` list what the report names. */
export function mediaFor(options: MediaOptions): ImageResolver & { copied: CopiedImage[]; remote: string[] } {
  const copied: CopiedImage[] = [];
  const remote: string[] = [];
  const words = CREDIT[options.lang];
  const localFile = (src: string): string | undefined => {
    let clean = src.split(/[?#]/)[0] ?? '';
    try {
      clean = decodeURI(clean);
    } catch {}
    const candidates = clean.startsWith('/')
      ? [options.siteRoot && path.join(options.siteRoot, clean)]
      : [path.join(options.postDir, clean), options.siteRoot && path.join(options.siteRoot, clean)];
    return candidates.find((file): file is string => !!file && existsSync(file) && statSync(file).isFile());
  };
  const copy = (file: string): string => {
    const existing = copied.find((c) => c.from === file);
    if (existing) return existing.name;
    const ext = path.extname(file).toLowerCase();
    const base = path.basename(file, path.extname(file)).replace(/[^\w.-]+/g, '-') || 'image';
    let name = `${base}${ext}`;
    for (let i = 2; copied.some((c) => c.name === name); i++) name = `${base}-${i}${ext}`;
    copied.push({ from: file, name });
    return name;
  };
  return {
    copied,
    remote,
    image(src, alt, placement) {
      if (src.startsWith('data:')) return { text: `![${linkText(alt)}](${src})`, level: 'note', message: 'data: image kept' };
      if (isRemote(src)) {
        remote.push(src);
        const credit = `${words.image} (${host(src)})`;
        const inline = alt ? `${alt} (${words.image}: ${host(src)})` : credit;
        const message = `remote image ${src} -> credited link (the site loads nothing from other origins)`;
        if (placement === 'standalone') {
          return {
            text: `<Figure${alt ? ` caption=${attr(alt)}` : ''} credit=${attr(credit)} creditHref=${attr(src)} />`,
            level: 'warning',
            message,
          };
        }
        if (placement === 'html') return { text: `<a href=${attr(src)}>${escapeProse(inline)}</a>`, level: 'warning', message };
        if (placement === 'in-link') return { text: linkText(inline), level: 'warning', message };
        return { text: `[${linkText(inline)}](${src.replace(/[()\s]/g, encodeURIComponent)})`, level: 'warning', message };
      }
      const file = localFile(src);
      if (file) {
        const name = copy(file);
        return {
          text: `![${linkText(alt)}](./${encodeURI(name)})`,
          level: 'note',
          message: `image ${src} copied next to the post as ${name}`,
        };
      }
      return {
        text: alt ? `*${linkText(alt)}*` : '',
        level: 'warning',
        message: `image ${src} not found under the site root: its alt text is kept`,
      };
    },
    embed(src, tag) {
      const label = `${words.embed} (${host(src)}, ${tag})`;
      return `<a href=${attr(src)}>${escapeProse(label)}</a>`;
    },
  };
}
