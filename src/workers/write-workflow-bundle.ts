// `npm run build`, after tsc: the workflow bundle a compiled worker loads instead of bundling at start.
import path from 'node:path';
import { writeWorkflowBundle } from './workflow-bundle';

void writeWorkflowBundle().then((file) => process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`));
