import type { OrderOpsConfig } from '../../platform/config';
import type { PartnerStore } from './partner-store';
import { PostgresPartnerStore } from './postgres-partner-store';
import { SqlitePartnerStore } from './sqlite-partner-store';

/**
 * The store this process uses: PostgreSQL when `ORDEROPS_STORE_URL` is set (every I/O worker of a
 * cluster shares it), else the embedded SQLite file at `ORDEROPS_STORE_PATH`.
 */
export async function openPartnerStore(config: Pick<OrderOpsConfig, 'storePath' | 'storeUrl'>): Promise<PartnerStore> {
  if (config.storeUrl) return PostgresPartnerStore.open(config.storeUrl);
  return SqlitePartnerStore.open(config.storePath);
}
