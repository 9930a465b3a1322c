import { describe, expect, it } from 'vitest';
import { COMMANDS, findCommand, usageOf } from './index';

describe('the CLI is a table of commands', () => {
  it('gives each command once, with a usage that starts with its words and a help in both languages', () => {
    const names = COMMANDS.map((c) => c.words.join(' '));
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(
      [
        'municipality add',
        'provider add',
        'service add',
        'service pin',
        'catalogue',
        'stats',
        'terminal add',
        'terminal code',
        'terminal revoke',
        'terminal list',
        'admin add',
        'admin list',
        'admin revoke',
        'trust list',
        'crl list',
        'crl load',
        'crl refresh',
        'renewal import',
        'points list',
        'points put',
        'points totals',
        'points close',
        'points settlement',
        'points analytics',
        'partners list',
        'partners put',
      ].sort(),
    );
    for (const command of COMMANDS) {
      expect(command.usage.startsWith(command.words.join(' ')), command.usage).toBe(true);
      // Japanese first, then English, as every sentence of the CLI.
      expect(command.help, command.usage).toMatch(/[\u3040-\u30ff\u4e00-\u9fff].* \/ [a-z]/i);
    }
  });

  it('finds a command by its words and hands it the rest, and no command for other words', () => {
    const found = findCommand(['points', 'close', 'A-P002', '2026-01']);
    expect(found?.command.words).toEqual(['points', 'close']);
    expect(found?.rest).toEqual(['A-P002', '2026-01']);
    expect(findCommand(['catalogue'])?.rest).toEqual([]);
    expect(findCommand(['points'])).toBeUndefined();
    expect(findCommand(['terminal', 'delete', 'T1'])).toBeUndefined();
    expect(findCommand([])).toBeUndefined();
  });

  it('lists every command in the usage, with its help', () => {
    const usage = usageOf();
    for (const command of COMMANDS) expect(usage).toContain(command.usage);
    for (const command of COMMANDS) expect(usage).toContain(command.help);
  });
});
