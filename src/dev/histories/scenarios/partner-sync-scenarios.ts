import { PARTNER_SYNC_WORKFLOW } from '../../../contracts/workflow-names';
import { closedAs, countEvents } from './history-checks';
import { syncAndFinish } from './partner-sync-runs';
import type { CaptureScenario } from './scenario';

/** partnerSync: the run that hands over to the next, and a feed that stays down. */
export const PARTNER_SYNC_SCENARIOS: CaptureScenario[] = [
  {
    name: 'feed-outage',
    workflowType: PARTNER_SYNC_WORKFLOW,
    store: 'any',
    shape:
      'the stock feed answers 503 until its page gives up after 5 attempts: that feed fails, the others complete, the sync ends partial',
    async run(stack) {
      await stack.partners.setFaults({ rules: [{ target: 'feeds.stock', errorStatus: 503 }] });
      return syncAndFinish(stack, 'feed-outage', { pageSize: 500 });
    },
    check: (history) => {
      const ended = closedAs(history);
      if (ended !== 'completed') return `expected the run to end completed, it ended ${ended}`;
      return countEvents(history, 'activityTaskFailedEventAttributes') > 0 ? undefined : 'no feed page failed';
    },
  },
  {
    name: 'continue-as-new',
    workflowType: PARTNER_SYNC_WORKFLOW,
    store: 'any',
    shape:
      'a full pass limited to 4 pages per run: the first run syncs the feeds side by side, then continues as new with the cursors it carries',
    run: (stack) => syncAndFinish(stack, 'continue-as-new', { pageSize: 100, pagesPerRun: 4 }),
    check: (history) => {
      const ended = closedAs(history);
      return ended === 'continuedAsNew' ? undefined : `expected the first run to continue as new, it ended ${ended}`;
    },
  },
];
