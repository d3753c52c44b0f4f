/**
 * One page load of the console in Chromium, timed by the page itself (see bench/console.ts for the whole
 * benchmark). "Loaded" is one check, made in the page: the page heading (`main h1`) is on screen, no
 * "Loading…" is left anywhere (web/src/ds.tsx `Loading`, and the tables that say it while their rows come),
 * and no fetch of the app is still in flight (so the data that has no loading indicator of its own, such as
 * the names in a filter, has arrived too).
 */
import type { BrowserContext, Page } from 'playwright-core';

/** What a page reports about its load once it is ready. */
export interface Reading {
  /** Since the navigation started (the document's time origin). */
  ms: number;
  heading: string;
  apiRequests: number;
  /** The document, its files and its API answers as they came over the wire (Resource Timing transferSize). */
  bytes: number;
}

// Runs in every document before the app's own scripts. It counts the fetches in flight (each until its body has
// arrived) and checks for readiness at every DOM change and one frame after each fetch ends (a fetch whose answer
// changes nothing on screen). The first time the check holds it notes the time, from inside the page, so the
// figure carries no round trips of the driver.
const READINESS_SCRIPT = `(() => {
  let pending = 0;
  const originalFetch = window.fetch.bind(window);
  window.fetch = async (...args) => {
    pending++;
    try {
      const response = await originalFetch(...args);
      await response.clone().arrayBuffer();
      return response;
    } finally {
      pending--;
      requestAnimationFrame(() => setTimeout(check));
    }
  };
  function check() {
    if (window.__omcReady || pending > 0) return;
    const heading = document.querySelector('main h1');
    if (!heading || document.body.textContent.includes('Loading…')) return;
    const resources = performance.getEntriesByType('resource');
    window.__omcReady = {
      ms: performance.now(),
      heading: heading.textContent,
      apiRequests: resources.filter((r) => new URL(r.name).pathname.startsWith('/v1/')).length,
      bytes: [...performance.getEntriesByType('navigation'), ...resources].reduce((sum, r) => sum + r.transferSize, 0),
    };
  }
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
})();`;

const READY_TIMEOUT_MS = 15_000;

/** Make every page of the context report its readiness. */
export const watchReadiness = (context: BrowserContext) => context.addInitScript(READINESS_SCRIPT);

/** Open `url` in `page` (from a blank page, so that a repeat is a navigation, not a reload) and wait until it is ready. */
export async function timeLoad(page: Page, url: string): Promise<Reading> {
  await page.goto('about:blank');
  await page.goto(url, { waitUntil: 'commit' });
  const ready = await page.waitForFunction('window.__omcReady', undefined, { timeout: READY_TIMEOUT_MS }).catch(async () => {
    const screen = (await page.locator('body').textContent().catch(() => null))?.replace(/\s+/g, ' ').slice(0, 120);
    throw new Error(`not ready within ${READY_TIMEOUT_MS / 1000} s; on screen: ${JSON.stringify(screen ?? '')}`);
  });
  return (await ready.jsonValue()) as Reading;
}
