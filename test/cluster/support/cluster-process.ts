import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export * from '../../../src/dev/cluster/cluster-process';
