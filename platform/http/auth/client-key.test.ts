import { describe, expect, it } from 'vitest';
import { clientKeyOf } from './client-key';

describe('the client key wrong enrolment codes are counted by', () => {
  it('is an IPv4 address as it is', () => {
    expect(clientKeyOf('203.0.113.9')).toBe('203.0.113.9');
    expect(clientKeyOf('203.0.113.10')).toBe('203.0.113.10');
  });

  it('is the IPv4 address of an IPv4-mapped IPv6 address, however it is spelled', () => {
    expect(clientKeyOf('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(clientKeyOf('::FFFF:203.0.113.9')).toBe('203.0.113.9');
    expect(clientKeyOf('::ffff:cb00:7109')).toBe('203.0.113.9');
    expect(clientKeyOf('0:0:0:0:0:ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(clientKeyOf('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(clientKeyOf('::ffff:203.0.113.9%eth0')).toBe('203.0.113.9');
    // Not mapped: other groups before the ffff, or an IPv4-compatible / translated address.
    expect(clientKeyOf('::1:ffff:203.0.113.9')).toBe('0:0:0:0::/64');
    expect(clientKeyOf('64:ff9b::203.0.113.9')).toBe('64:ff9b:0:0::/64');
  });

  it('is the /64 of an IPv6 address: every host of one prefix, every spelling of it, one key', () => {
    const prefix = '2001:db8:1:2::/64';
    for (const address of [
      '2001:db8:1:2::a',
      '2001:db8:1:2::',
      '2001:db8:1:2:ffff:ffff:ffff:ffff',
      '2001:0DB8:0001:0002:0000:0000:0000:0001',
      '2001:db8:1:2:3::4',
      '2001:db8:1:2:3:4:192.0.2.1',
      '2001:db8:1:2::1%eth0',
      '2001:DB8:1:2::1%25',
    ])
      expect(clientKeyOf(address), address).toBe(prefix);
    expect(clientKeyOf('2001:db8:1:3::a')).toBe('2001:db8:1:3::/64');
    expect(clientKeyOf('2001:db8::1:2:0:a')).toBe('2001:db8:0:0::/64');
    expect(clientKeyOf('2001:db8:0:1::a')).toBe('2001:db8:0:1::/64');
    expect(clientKeyOf('2001:db8:1::2:0:0:a')).toBe('2001:db8:1:0::/64');
    expect(clientKeyOf('1::')).toBe('1:0:0:0::/64');
    expect(clientKeyOf('::')).toBe('0:0:0:0::/64');
    expect(clientKeyOf('::1')).toBe('0:0:0:0::/64');
    expect(clientKeyOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientKeyOf('fe80::2%wlan0')).toBe('fe80:0:0:0::/64');
  });

  it('leaves what is no address as it is', () => {
    for (const text of ['', 'garbage', '203.0.113', '2001:db8::1::2', '[2001:db8::1]', '%eth0'])
      expect(clientKeyOf(text), text).toBe(text);
  });
});
