#!/usr/bin/env node
// The `orderops` command: runs the compiled CLI when built, else the TypeScript source through tsx.
const fs = require('node:fs');
const path = require('node:path');

const compiled = path.join(__dirname, '..', 'dist', 'front-doors', 'cli', 'main.js');
if (fs.existsSync(compiled)) {
  require(compiled);
} else {
  require('tsx/cjs/api').register();
  require('../src/front-doors/cli/main.ts');
}
