import { startDevServer } from './dev-server';
import { createLogger } from '../shared/logger';
async function main() {
  const log = createLogger('exp');
  const s = await startDevServer({ log, dbFile: '/tmp/exp/w.sqlite', executable: { type: 'existing-path', path: '/tmp/exp/wrap.sh', source: 'env' } });
  const t = Date.now();
  await s.stop();
  console.log('stopped in', Date.now() - t, Date.now()/1000);
}
main().catch((e) => { console.error(e); process.exit(1); });
