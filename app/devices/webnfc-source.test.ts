import { describe, expect, it } from 'vitest';
import { serialToUid } from './webnfc-source';

describe('WebNFC serial numbers', () => {
  it('become the same upper-case hex UID the bridge reports', () => {
    expect(serialToUid('04:a1:b2:c3:d4:e5:f6')).toBe('04A1B2C3D4E5F6');
    expect(serialToUid('')).toBe('');
  });
});
