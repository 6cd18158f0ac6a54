// report.html in headless Chromium: self-contained (no network), the score chart is visible,
// the trial table filters and pages, and clicking a trial shows its trajectory steps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { renderReports } from '../../reports/index.js';
import { writeSyntheticRun } from '../../harness/testing/synthetic.js';
import { missing } from '../helpers/docker.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = fs.existsSync(CHROMIUM) || missing(`Chromium at ${CHROMIUM}`, 'apt-get install chromium, or set CHROMIUM_PATH');

let tmp: string;
let browser: Browser;
let htmlPath: string;
let budgetHtmlPath: string;
let noDetailHtmlPath: string;

beforeAll(async () => {
  tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'as-html-'));
  const run = await writeSyntheticRun(tmp, { runId: 'html', seed: 5, epochs: 2, tasksPerSkill: 12, trajectories: true });
  htmlPath = (await renderReports(run.dir)).htmlPath;
  // Same run with a tiny budget: trajectories linked, not inlined.
  budgetHtmlPath = (await renderReports(run.dir, { outDir: path.join(run.dir, 'small'), html: { trajectoryBytes: 2000 } })).htmlPath;
  // And with a tiny detail budget: late trials keep their row but not their detail block.
  noDetailHtmlPath = (await renderReports(run.dir, { outDir: path.join(run.dir, 'tiny'), html: { detailBytes: 5000 } })).htmlPath;
  if (haveChromium) {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }
});

afterAll(async () => {
  await browser?.close();
  await fsp.rm(tmp, { recursive: true, force: true });
});

describe.skipIf(!haveChromium)('report.html in Chromium', () => {
  it('shows the chart, pages and filters trials, and opens a trajectory', async () => {
    const page = await browser.newPage();
    const external: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => {
      if (!/^(file|data|about):/.test(r.url())) external.push(r.url());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(pathToFileURL(htmlPath).href);

    const charts = page.locator('svg.chart');
    expect(await charts.count()).toBe(2); // one per agent config
    expect(await charts.first().isVisible()).toBe(true);
    expect(await page.locator('svg.chart >> nth=0 >> rect.bar').count()).toBe(5);
    const box = await charts.first().boundingBox();
    expect(box!.width).toBeGreaterThan(100);

    const rows = page.locator('#trial-table tbody tr');
    expect(await rows.count()).toBe(50); // first page of 240 trials
    expect(await page.locator('#trial-count').textContent()).toBe('240 of 240 trials');
    await page.click('#trial-next');
    expect(await page.locator('#trial-page').textContent()).toBe('page 2 / 5');

    await page.fill('#trial-filter', 'editing-00003 candidate');
    await page.waitForFunction(() => document.querySelector('#trial-count')?.textContent === '2 of 240 trials');
    expect(await rows.count()).toBe(2);

    expect(await page.locator('#detail').isVisible()).toBe(false);
    await rows.first().click();
    const detail = page.locator('#detail');
    expect(await detail.isVisible()).toBe(true);
    const text = (await detail.textContent()) ?? '';
    expect(text).toContain('editing-00003');
    expect(text).toContain('Trajectory');
    expect(await page.locator('#detail .step').count()).toBe(4);
    expect(text).toContain('ls /testbed # editing-00003'); // the bash call of step 2
    expect(text).toContain('README.md'); // its observation
    expect(await page.locator('#detail .diff-add').count()).toBeGreaterThan(0); // editing has a diff

    await page.click('#detail-close');
    expect(await detail.isVisible()).toBe(false);
    await page.selectOption('#outcome-filter', 'infra_error');
    await page.fill('#trial-filter', '');
    await page.waitForFunction(
      () =>
        /^\d+ of 240 trials$/.test(document.querySelector('#trial-count')?.textContent ?? '') &&
        !document.querySelector('#trial-count')?.textContent?.startsWith('240'),
    );
    const infraRows = await rows.allTextContents();
    for (const r of infraRows) expect(r).toContain('infra_error');

    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('links trajectories beyond the size budget instead of inlining them', async () => {
    const html = await fsp.readFile(budgetHtmlPath, 'utf8');
    expect(html).not.toContain('id="t-239"');
    const page = await browser.newPage();
    await page.goto(pathToFileURL(budgetHtmlPath).href);
    await page.fill('#trial-filter', 'review-00011 baseline');
    await page.waitForFunction(() => document.querySelector('#trial-count')?.textContent === '2 of 240 trials');
    const row = page.locator('#trial-table tbody tr').nth(1); // file order: epoch 0, then epoch 1
    expect(await row.locator('td').nth(3).textContent()).toBe('1');
    await row.click();
    const link = page.locator('#detail a');
    expect(await link.getAttribute('href')).toBe('trajectories/review-00011__baseline__e1.json');
    expect(await page.locator('#detail').textContent()).toContain('not inlined');
    await page.close();
  });

  it('keeps every trial listed when details exceed the budget', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(noDetailHtmlPath).href);
    expect(await page.locator('#trial-count').textContent()).toBe('240 of 240 trials');
    await page.fill('#trial-filter', 'review-00011 candidate');
    await page.waitForFunction(() => document.querySelector('#trial-count')?.textContent === '2 of 240 trials');
    await page.locator('#trial-table tbody tr').first().click();
    expect(await page.locator('#detail').textContent()).toMatch(/Details not embedded .*results\.jsonl line \d+/);
    await page.close();
  });
});
