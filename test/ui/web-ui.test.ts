import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/platform/config';
import { orderWorkflowId } from '../../src/contracts/workflow-names';
import { DECLINED_PAYMENT_REFERENCE } from '../../src/dev/partner-simulator';
import { eventually } from '../support/eventually';
import { sampleOrder, startTestStack, type TestStack } from '../support/orderops-stack';

// Debian's Chromium, never a browser downloaded by playwright: the test installs nothing.
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];
const ARTIFACTS = path.join(projectRoot(), 'test-artifacts');
const UI_WAIT_MS = 30_000;

describe('operators find and read an order in the Temporal Web UI (real Chromium)', () => {
  let stack: TestStack;
  let browser: BrowserContext;
  let userDataDir: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing: install Debian's package (apt-get install -y chromium)`);
    if (!process.env.ORDEROPS_TEST_TEMPORAL_UI_URL)
      throw new Error('ORDEROPS_TEST_TEMPORAL_UI_URL is not set: the dev server was started without its Web UI');
    stack = await startTestStack();
    userDataDir = mkdtempSync(path.join(os.tmpdir(), 'orderops-chromium-'));
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: 1600, height: 1000 },
    });
  });
  afterAll(async () => {
    await browser?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await stack?.stop();
  });

  it('lists the order under OrderStatus="COMPLETED", opens it and shows its summary and partner activities', async () => {
    const order = sampleOrder({ customerId: 'cust-ui-check' });
    const workflowId = orderWorkflowId(order.orderId);
    await stack.orders.place(order);
    expect((await stack.orders.result(order.orderId)).status).toBe('COMPLETED');
    await listedUnder('COMPLETED', workflowId);
    const summary = `Order ${order.orderId} for cust-ui-check`;

    await onNewPage('ui-order-failure.png', async (page) => {
      const query = encodeURIComponent('OrderStatus="COMPLETED"');
      await page.goto(`${namespaceUrl()}/workflows?query=${query}`);
      const row = page.getByRole('link', { name: workflowId }).first();
      await row.waitFor({ timeout: UI_WAIT_MS });
      await row.click();

      // History tab: the timeline names each activity type beside its summary.
      for (const activity of ['reserveInventory', 'authorizePayment', 'payments: authorize']) {
        await page.getByText(activity).first().waitFor({ timeout: UI_WAIT_MS });
      }
      await saveScreenshot(page, 'ui-order-history.png');

      // User Metadata tab: the static summary and details, and every activity summary.
      await page.getByText('User Metadata', { exact: true }).first().click();
      await textInAnyFrame(page, summary);
      for (const activity of ['inventory: reserve stock', 'payments: authorize']) {
        await page.getByText(activity).first().waitFor({ timeout: UI_WAIT_MS });
      }
      await saveScreenshot(page, 'ui-order.png');
    });
  });

  it('shows a rejected order leading with its outcome: which partner refused, why, and what was undone', async () => {
    const order = sampleOrder({ customerId: 'cust-ui-rejected', paymentReference: DECLINED_PAYMENT_REFERENCE });
    const workflowId = orderWorkflowId(order.orderId);
    await stack.orders.place(order);
    await stack.orders.result(order.orderId).catch(() => undefined);
    await listedUnder('REJECTED', workflowId);

    await onNewPage('ui-rejected-order-failure.png', async (page) => {
      await page.goto(`${namespaceUrl()}/workflows/${workflowId}`);
      // The failure the page opens with, then the current details on the User Metadata tab.
      await page
        .getByText('Rejected: payments failed at authorize-payment (PaymentDeclined)')
        .first()
        .waitFor({ timeout: UI_WAIT_MS });
      await saveScreenshot(page, 'ui-rejected-order.png');
      await page.getByText('User Metadata', { exact: true }).first().click();
      await textInAnyFrame(page, 'Rejected: payments failed at authorize-payment (PaymentDeclined)');
      await textInAnyFrame(page, 'stock released');
      await saveScreenshot(page, 'ui-rejected-order-details.png');
    });
  });

  /** The list view reads visibility, which lags the workflow's close by a moment. */
  async function listedUnder(status: string, workflowId: string): Promise<void> {
    await eventually(`the ${status.toLowerCase()} order in visibility`, async () => {
      for await (const execution of stack.client.workflow.list({
        query: `OrderStatus = "${status}" AND WorkflowId = "${workflowId}"`,
      }))
        return execution;
      return undefined;
    });
  }

  /** A fresh tab; on a failure, a screenshot of what it showed is kept beside the test report. */
  async function onNewPage(failureShot: string, use: (page: Page) => Promise<void>): Promise<void> {
    const page = await browser.newPage();
    try {
      await use(page);
    } catch (error) {
      await saveScreenshot(page, failureShot);
      throw error;
    } finally {
      await page.close();
    }
  }
});

function namespaceUrl(): string {
  return `${process.env.ORDEROPS_TEST_TEMPORAL_UI_URL}/namespaces/${process.env.TEMPORAL_NAMESPACE ?? 'default'}`;
}

/** The UI renders summaries and details (markdown) in sandboxed iframes, so the text may sit in any frame. */
async function textInAnyFrame(page: Page, text: string): Promise<void> {
  await eventually(
    `"${text}" on the page`,
    async () => {
      for (const frame of page.frames()) {
        // The UI replaces its iframes as it re-renders: a frame can detach between listing and reading.
        const count = await frame
          .getByText(text)
          .count()
          .catch(() => 0);
        if (count > 0) return true;
      }
      return undefined;
    },
    UI_WAIT_MS,
  );
}

async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
}
