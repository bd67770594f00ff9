import { z } from 'zod';
import { loadConfig } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import { onShutdown } from '../../platform/shutdown';
import { startPartnerSimulator } from './index';
import { DEFAULT_CARRIER_COUNT, DEFAULT_NETWORK_SIZE, DEFAULT_SEED, MAX_CARRIERS } from './world/world';

const simulatorEnv = z.object({
  ORDEROPS_PARTNERS_HOST: z.string().min(1).default('127.0.0.1'),
  ORDEROPS_PARTNERS_SEED: z.coerce.number().int().default(DEFAULT_SEED),
  ORDEROPS_PARTNERS_CARRIERS: z.coerce.number().int().min(1).max(MAX_CARRIERS).default(DEFAULT_CARRIER_COUNT),
  ORDEROPS_NETWORK_SIZE: z.coerce.number().int().min(100).default(DEFAULT_NETWORK_SIZE),
});

/** `orderops partners`: the simulator as its own process, on ORDEROPS_PARTNERS_PORT. */
export async function runPartnerSimulator(): Promise<void> {
  const logger = createLogger('partner-simulator');
  const parsed = simulatorEnv.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    logger.fatal(`invalid environment: ${problems}`);
    process.exit(1);
  }
  const env = parsed.data;
  const simulator = await startPartnerSimulator({
    port: loadConfig().partnersPort,
    host: env.ORDEROPS_PARTNERS_HOST,
    seed: env.ORDEROPS_PARTNERS_SEED,
    carrierCount: env.ORDEROPS_PARTNERS_CARRIERS,
    networkSize: env.ORDEROPS_NETWORK_SIZE,
    logger,
  });

  // The platform's one stop: the first SIGTERM closes the server (exit 0), a second forces exit 143.
  onShutdown(() => simulator.close(), { log: logger });
}
