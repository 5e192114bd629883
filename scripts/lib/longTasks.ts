/**
 * The main thread's long tasks of a page, as a PerformanceObserver records them from the page's start: how the bench and
 * the responsiveness test tell whether a demo froze the page.
 */
import type { BrowserContext, Page } from 'playwright-core';

/** From now on, every page of `target` records its long tasks (start and duration, page clock) from its own start. */
export async function recordLongTasks(target: Page | BrowserContext): Promise<void> {
  await target.addInitScript(() => {
    const tasks: number[] = [];
    (window as unknown as { longTasks: number[] }).longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push(entry.startTime, entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** Durations (ms) of the long tasks that started in [from, to) on the page's clock (`performance.now()`). */
export function longTasksBetween(page: Page, from: number, to = Number.POSITIVE_INFINITY): Promise<number[]> {
  return page.evaluate(
    ([a, b]) => {
      const all = (window as unknown as { longTasks: number[] }).longTasks;
      return all.flatMap((start, i) => (i % 2 === 0 && start >= (a as number) && start < (b as number) ? [all[i + 1] as number] : []));
    },
    [from, to],
  );
}
