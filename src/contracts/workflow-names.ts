/** Names other programs rely on: workflow types, workflow ids and the schedule id. */
export const PROCESS_ORDER_WORKFLOW = 'processOrder';
export const PARTNER_SYNC_WORKFLOW = 'partnerSync';
export const PARTNER_SYNC_SCHEDULE_ID = 'partner-sync';

const ORDER_WORKFLOW_PREFIX = 'order-';

export function orderWorkflowId(orderId: string): string {
  return `${ORDER_WORKFLOW_PREFIX}${orderId}`;
}

/** The order id inside an order workflow id; undefined for any other workflow. */
export function orderIdFromWorkflowId(workflowId: string): string | undefined {
  return workflowId.startsWith(ORDER_WORKFLOW_PREFIX) ? workflowId.slice(ORDER_WORKFLOW_PREFIX.length) : undefined;
}
