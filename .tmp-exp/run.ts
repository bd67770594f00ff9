import { Worker, NativeConnection, Runtime, DefaultLogger } from '@temporalio/worker';
import { Client, Connection } from '@temporalio/client';
import { workflowRun } from '../bench/measure/histories';
async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const address = process.env.TEMPORAL_ADDRESS!;
  const conn = await NativeConnection.connect({ address });
  const tq = 'exp-' + Date.now();
  const aq = process.env.SAMEQ ? tq : tq + '-act';
  const wf = await Worker.create({ connection: conn, taskQueue: tq, workflowsPath: require.resolve('./workflows'), activities: process.env.SAMEQ ? { async noop() {} } : undefined });
  const act = process.env.SAMEQ ? undefined : await Worker.create({ connection: conn, taskQueue: aq, activities: { async noop() {} }, ...(process.env.POLLERS ? { maxConcurrentActivityTaskPolls: Number(process.env.POLLERS) } : {}) });
  const running = Promise.all([wf.run(), act?.run()]);
  const client = new Client({ connection: await Connection.connect({ address }) });
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    const h = await client.workflow.start('chain', { taskQueue: tq, workflowId: 'x' + Math.random(), args: [aq, 10] });
    await h.result();
    const run = await workflowRun(client, h.workflowId);
    console.log(Math.round(performance.now() - t), run.activities.map((a) => Math.round(a.startedAt! - a.scheduledAt)).join(' '), '| wft', run.workflowTasks.map((w) => Math.round(w.startedAt! - w.scheduledAt)).join(' '));
  }
  wf.shutdown(); act?.shutdown(); await running;
}
void main();
