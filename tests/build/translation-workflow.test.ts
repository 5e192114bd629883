/**
 * The translation workflow on a temporary copy of the content: the Korean source changes (both translations go stale),
 * then a translation is removed (missing); one build of that copy must give a fallback page, not a 404.
 */
import { spawnSync } from 'node:child_process';
import { appendFile, cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/build-site';

const slug = 'cnn-basic';
let workDir = '';
let postsDir = '';

/** `npm run i18n:status` against the temporary posts folder, through the same env var the build reads. */
function status(...args: string[]) {
  const run = spawnSync('npm', ['run', '--silent', 'i18n:status', '--', ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, RECEPTIVE_CONTENT_DIR: postsDir },
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'receptive-i18n-'));
  postsDir = path.join(workDir, 'posts');
  await cp(path.join(projectRoot, 'content/posts'), postsDir, { recursive: true });
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('i18n:status on a temporary copy of the content', () => {
  it('starts up to date', () => {
    const { code, out } = status('--check');
    expect(out).toContain(`${slug}  en  up to date`);
    expect(out).toContain(`${slug}  ja  up to date`);
    expect(code).toBe(0);
  });

  it('reports both translations stale once the Korean source changes, and --check fails', async () => {
    const source = path.join(postsDir, slug, 'ko.mdx');
    await appendFile(source, '\n새로 추가한 문장입니다.\n');
    expect(await readFile(source, 'utf8')).toContain('새로 추가한 문장입니다.');
    expect(status().code).toBe(0);
    const { code, out, err } = status('--check');
    expect(out).toContain(`${slug}  en  stale`);
    expect(out).toContain(`${slug}  ja  stale`);
    expect(code).toBe(1);
    expect(err).toContain('stale or missing');
  });

  it('reports a removed translation missing', async () => {
    await rm(path.join(postsDir, slug, 'ja.mdx'));
    const { code, out } = status('--check');
    expect(out).toContain(`${slug}  ja  missing`);
    expect(out).toContain(`${slug}  en  stale`);
    expect(code).toBe(1);
  });
});
