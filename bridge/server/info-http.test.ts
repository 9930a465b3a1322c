import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from './info-http';

describe('the Host a page names the bridge by', () => {
  it('is loopback only by 127.0.0.1, localhost or [::1], at the port the bridge listens on', () => {
    for (const host of ['127.0.0.1:8789', 'localhost:8789', '[::1]:8789'])
      expect(isLoopbackHost(host, 8789)).toBe(true);
    for (const host of ['127.0.0.1:8790', 'evil.example:8789', '127.0.0.1', undefined])
      expect(isLoopbackHost(host, 8789)).toBe(false);
  });
});
