import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/** The system Chromium the browser tests drive (Debian's package; REVLOOPS_CHROMIUM overrides). */
export const CHROMIUM = process.env.REVLOOPS_CHROMIUM ?? '/usr/bin/chromium';

/** Whether the browser tests can run here; in CI they must. */
export const chromiumFound = existsSync(CHROMIUM);
if (!chromiumFound && process.env.CI === 'true')
  throw new Error(`Chromium is missing at ${CHROMIUM}; CI=true requires it (.ci/run installs it)`);

/** Starts headless Chromium with nothing fetched from the network but what a page asks for. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/** Where test runs keep their screenshots (git-ignored). */
export const SCREENSHOTS = resolve('test-output/screenshots');

/** Saves a full-page screenshot of a page, scrolled to the top, as `<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.evaluate('window.scrollTo(0, 0)');
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
