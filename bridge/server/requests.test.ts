import { describe, expect, it } from 'vitest';
import { BRIDGE_PROTOCOL_VERSION } from '../../core/bridge/protocol';
import { idOf, parseRequest } from './requests';

const codeOf = (parsed: ReturnType<typeof parseRequest>) =>
  'refusal' in parsed && parsed.refusal.type === 'error'
    ? { id: parsed.refusal.id, code: parsed.refusal.error.code }
    : undefined;

describe('a text frame as a request', () => {
  it('is a request when it is this version and valid', () => {
    expect(
      parseRequest(JSON.stringify({ v: BRIDGE_PROTOCOL_VERSION, id: 's1', type: 'status' })),
    ).toEqual({ request: { v: BRIDGE_PROTOCOL_VERSION, id: 's1', type: 'status' } });
  });

  it('that is not JSON, another version, or invalid is refused with a stable code and its id', () => {
    expect(codeOf(parseRequest('{'))).toEqual({ id: null, code: 'VALIDATION_FAILED' });
    expect(codeOf(parseRequest(JSON.stringify({ v: 99, id: 'x', type: 'status' })))).toEqual({
      id: 'x',
      code: 'PROTOCOL_VERSION_UNSUPPORTED',
    });
    const unknown = { v: BRIDGE_PROTOCOL_VERSION, id: 'y', type: 'mynumber.erase' };
    expect(codeOf(parseRequest(JSON.stringify(unknown)))).toEqual({
      id: 'y',
      code: 'VALIDATION_FAILED',
    });
  });

  it('is answered under its id only when the id is a usable one (1 to 64 characters)', () => {
    expect(idOf({ id: 'a'.repeat(64) })).toBe('a'.repeat(64));
    expect(idOf({ id: 'a'.repeat(65) })).toBeNull();
    expect(idOf({ id: '' })).toBeNull();
    expect(idOf({ id: 7 })).toBeNull();
    expect(idOf(null)).toBeNull();
  });
});
