import { describe, expect, it } from 'vitest';
import { devServerExtraArgs } from '../../src/dev/temporal/dev-server';

function dynamicConfigValues(args: string[]): string[] {
  return args.flatMap((arg, index) => (args[index - 1] === '--dynamic-config-value' ? [arg] : []));
}

describe('the dev server OrderOps launches', () => {
  it('reads its history transfer queue up to 1000 times a second, so tasks reach pollers without waiting for the next read', () => {
    expect(dynamicConfigValues(devServerExtraArgs({ persistent: false }))).toContain(
      'history.transferProcessorMaxPollRPS=1000',
    );
  });

  it('lets a knob under test replace its own value of a setting instead of passing the key twice', () => {
    const values = dynamicConfigValues(
      devServerExtraArgs({ persistent: false, dynamicConfig: { 'history.transferProcessorMaxPollRPS': 20 } }),
    );
    expect(values.filter((value) => value.startsWith('history.transferProcessorMaxPollRPS='))).toEqual([
      'history.transferProcessorMaxPollRPS=20',
    ]);
    expect(values).toContain('frontend.WorkerHeartbeatsEnabled=true');
  });

  it('writes its SQLite file in WAL mode with synchronous=normal, and only when it has a file', () => {
    expect(devServerExtraArgs({ persistent: true }).join(' ')).toContain(
      '--sqlite-pragma journal_mode=wal --sqlite-pragma synchronous=normal',
    );
    expect(devServerExtraArgs({ persistent: false })).not.toContain('--sqlite-pragma');
  });
});
