import { PARTNER_SYNC_WORKFLOW, PROCESS_ORDER_WORKFLOW } from '../../contracts/workflow-names';

/**
 * The version of each workflow's code, as recorded history file names carry it
 * (`<workflowType>.<scenario>.v<N>.json`). Bump a workflow's number in the same change that adds a
 * `patched()` to it, so the histories recorded before and after the change sit side by side and
 * both keep replaying.
 */
export const WORKFLOW_VERSIONS: Readonly<Record<string, number>> = Object.freeze({
  [PROCESS_ORDER_WORKFLOW]: 3, // v2: patch large-order-fraud-review; v3: patch order-v3
  [PARTNER_SYNC_WORKFLOW]: 1,
});

export function currentWorkflowVersion(workflowType: string): number {
  const version = WORKFLOW_VERSIONS[workflowType];
  if (version === undefined)
    throw new Error(
      `no version is declared for workflow type ${workflowType} in src/dev/histories/workflow-versions.ts`,
    );
  return version;
}
