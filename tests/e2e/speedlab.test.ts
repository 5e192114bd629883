/**
 * The speed lab in Chromium against the built site, WASM forced: the markup outside checks rely on, full-size GoogLeNet
 * run on synthesized weights giving onnxruntime-node's logits (1e-3), VGG-16 asking before it starts, a cancelled run
 * going back to idle, a graph that fails to download (named, retried, the other demos unharmed), and no request leaving
 * our origin.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { runFullsizeOnNode } from '../../scripts/lib/speedLabNode.ts';
import { speedLabNetwork } from '../../site/lib/build/speedLab.ts';
import { hydrated, settled } from '../helpers/page.ts';
import { breakRequests } from '../helpers/route.ts';
import { useSiteBrowser } from '../helpers/siteBrowser.ts';

const site = useSiteBrowser();
/** onnxruntime workers alive in the page (the speed lab's run has one of its own; no other demo has run here). */
const runtimeWorkers = (p: Page) => p.workers().filter((w) => /ortWorker/.test(w.url())).length;
let page: Page;
const external: string[] = [];
const errors: string[] = [];

beforeAll(async () => {
  const context = await site.browser.newContext();
  context.setDefaultTimeout(240_000);
  context.on('request', (r) => {
    if (!r.url().startsWith(site.server.origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) external.push(r.url());
  });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${site.server.origin}/en/posts/cnn-basic/?backend=wasm`, { waitUntil: 'domcontentloaded' });
  const lab = page.locator('[data-demo="speed-lab"]');
  await lab.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => !document.querySelector('[data-demo="speed-lab"]')?.closest('astro-island')?.hasAttribute('ssr'));
});

describe('speed lab', () => {
  it('shows each network with its parameters and multiply-adds from the build, idle, each with a run button', async () => {
    for (const id of ['alexnet', 'vgg16', 'googlenet'] as const) {
      const card = page.locator(`[data-demo="speed-lab"] [data-network="${id}"]`);
      const network = speedLabNetwork(id);
      expect(await card.getAttribute('data-params')).toBe(String(network.parameters));
      expect(await card.getAttribute('data-macs')).toBe(String(network.macs));
      expect(await card.getAttribute('data-status')).toBe('idle');
      expect(await card.locator('button[data-run]').count()).toBe(1);
    }
  });

  it('runs full-size GoogLeNet on WASM and gets onnxruntime-node’s 1000 logits (1e-3)', async () => {
    const card = page.locator('[data-network="googlenet"]');
    const result = page.evaluate(
      () =>
        new Promise<{ network: string; backend: string; logits: number[] }>((resolve) => {
          document
            .querySelector('[data-demo="speed-lab"]')
            ?.addEventListener('speedlab:result', (e) => resolve((e as CustomEvent).detail), {
              once: true,
            });
        }),
    );
    await page.locator('[data-demo="speed-lab"] select[data-action="runs"]').selectOption('1');
    await card.locator('button[data-run]').click();
    const detail = await result;
    await page.waitForFunction(() => document.querySelector('[data-network="googlenet"]')?.getAttribute('data-status') === 'done');
    expect(detail.network).toBe('googlenet');
    expect(await card.getAttribute('data-backend')).toBe('wasm');
    expect(Number(await card.getAttribute('data-median-ms'))).toBeGreaterThan(0);
    const reference = await runFullsizeOnNode(speedLabNetwork('googlenet'));
    expect(detail.logits.length).toBe(1000);
    expect(detail.logits.every(Number.isFinite)).toBe(true);
    const worst = Math.max(...detail.logits.map((v, i) => Math.abs(v - (reference.logits[i] as number))));
    expect(worst).toBeLessThan(1e-3);
    // The run's worker (and the memory its heap grew to) is gone once the run is over.
    await expect.poll(() => runtimeWorkers(page), { timeout: 30_000 }).toBe(0);
  });

  it('asks before VGG-16 (553 MB of weights) and does nothing when the reader declines', async () => {
    const card = page.locator('[data-network="vgg16"]');
    await card.locator('button[data-run]').click();
    await expect.poll(() => card.locator('button[data-confirm]').count()).toBe(1);
    expect(await card.textContent()).toMatch(/553(\.\d)? MB/);
    await card.locator('button[data-dismiss]').click();
    expect(await card.locator('button[data-confirm]').count()).toBe(0);
    expect(await card.getAttribute('data-status')).toBe('idle');
  });

  it('can cancel a run while its session is being made: its worker ends at once, back to idle, other networks still runnable', async () => {
    const card = page.locator('[data-network="alexnet"]');
    await card.locator('button[data-run]').click();
    await expect.poll(() => runtimeWorkers(page), { timeout: 120_000 }).toBe(1);
    await card.locator('button[data-cancel]').click();
    await expect.poll(() => runtimeWorkers(page), { timeout: 30_000 }).toBe(0);
    await page.waitForFunction(() => document.querySelector('[data-network="alexnet"]')?.getAttribute('data-status') === 'idle');
    expect(await card.locator('button[data-run]').isEnabled()).toBe(true);
    expect(await page.locator('[data-network="googlenet"] button[data-run]').isEnabled()).toBe(true);
  });

  it('a graph that fails to download names its file and leaves the rest working: a second try runs, the classifier answers', async () => {
    const context = await site.browser.newContext();
    context.setDefaultTimeout(240_000);
    const graph = /\/models\/fullsize\/alexnet\.onnx(\?|$)/;
    const missing = await breakRequests(context, graph, (route) => route.fulfill({ status: 404, body: 'gone' }));
    const other = await context.newPage();
    const uncaught: string[] = [];
    other.on('pageerror', (e) => uncaught.push(e.message));
    await other.goto(`${site.server.origin}/en/posts/cnn-basic/?backend=wasm`, { waitUntil: 'domcontentloaded' });
    await hydrated(other.locator('[data-demo="speed-lab"]'));
    await other.locator('[data-demo="speed-lab"] select[data-action="runs"]').selectOption('1');
    const card = other.locator('[data-network="alexnet"]');
    await card.locator('button[data-run]').click();
    await other.waitForFunction(() => document.querySelector('[data-network="alexnet"]')?.getAttribute('data-status') === 'error');
    expect(await card.locator('[role="alert"]').getAttribute('data-error')).toBe('http');
    expect(await card.locator('[role="alert"]').textContent()).toMatch(/alexnet\.onnx.*404/);
    // The classifier above, on the same page, still loads its own model and answers.
    const classifier = other.locator('[data-demo="classifier"][data-model="alexnet"]');
    await hydrated(classifier);
    await classifier.locator('button[data-sample]').first().click();
    expect(await settled(classifier)).toBe('done');
    // Once the file is back, the same button runs the network.
    missing.mend();
    await card.locator('button[data-run]').click();
    await other.waitForFunction(() => document.querySelector('[data-network="alexnet"]')?.getAttribute('data-status') === 'done');
    expect(Number(await card.getAttribute('data-median-ms'))).toBeGreaterThan(0);
    expect(uncaught).toEqual([]);
    await context.close();
  }, 300_000);

  it('a page without the island loads none of its code or graphs', async () => {
    const other = await site.browser.newPage();
    const requests: string[] = [];
    other.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await other.goto(`${site.server.origin}/en/`, { waitUntil: 'load' });
    await other.mouse.wheel(0, 5000);
    await other.waitForTimeout(500);
    expect(requests.filter((p) => /SpeedLab|speedlab|\/models\/fullsize\//i.test(p))).toEqual([]);
    await other.close();
  });

  it('made no request outside our origin and logged no error', () => {
    expect(external).toEqual([]);
    expect(errors).toEqual([]);
  });
});
