// PROVISIONAL: replaced by the platform provisioning (src/platform). Starts one dev server per test run.
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';

let env: TestWorkflowEnvironment | undefined;

export async function setup(): Promise<void> {
  if (process.env.TEMPORAL_ADDRESS) return;
  env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: path.join(os.homedir(), '.cache/orderops/temporal-cli/v1.5.1/temporal') },
      searchAttributes: [],
      extraArgs: ['--search-attribute', 'OrderStatus=Keyword', '--search-attribute', 'CustomerId=Keyword', '--search-attribute', 'FailedPartner=Keyword', '--search-attribute', 'OrderTotalMinor=Int', '--search-attribute', 'ShipCountry=Keyword'],
    },
  });
  process.env.TEMPORAL_ADDRESS = env.address;
}

export async function teardown(): Promise<void> {
  await env?.teardown();
}
