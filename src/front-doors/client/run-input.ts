import type { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';

/**
 * The first argument a run was started with, read from its first history event and decoded with
 * the client's own data converter (codecs included). This is how a re-posted order is compared
 * with the one that started the run, whichever door started it: the API, the CLI, the typed
 * client, or `temporal workflow start` (which leaves no memo behind).
 */
export async function runInput(client: Client, workflowId: string, runId: string): Promise<unknown> {
  const { history } = await client.workflowService.getWorkflowExecutionHistory({
    namespace: client.options.namespace,
    execution: { workflowId, runId },
    maximumPageSize: 1,
  });
  const payload = history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  if (!payload) return undefined;
  const converter = client.options.loadedDataConverter;
  let decoded: Payload[] = [payload as Payload];
  for (const codec of [...converter.payloadCodecs].reverse()) decoded = await codec.decode(decoded);
  const [first] = decoded;
  return first ? converter.payloadConverter.fromPayload(first) : undefined;
}
