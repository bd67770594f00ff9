// `npm run openapi`: writes docs/openapi.json from the schemas the server validates with.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../platform/config';
import { openApiDocument } from './contract/openapi';

const OPENAPI_FILE = path.join(projectRoot(), 'docs', 'openapi.json');

writeFileSync(OPENAPI_FILE, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
process.stdout.write(`wrote ${path.relative(process.cwd(), OPENAPI_FILE)}\n`);
