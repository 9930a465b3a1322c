import { describe, expect, it } from 'vitest';
import { handoverOrigin, handoverUrl } from './handover';

describe('the hand-over address', () => {
  it('puts the service ID, URL-encoded, where the template says', () => {
    expect(handoverUrl('https://lib.example.jp/patron?card={serviceId}', 'A B/1')).toBe(
      'https://lib.example.jp/patron?card=A%20B%2F1',
    );
    expect(handoverUrl('http://10.0.0.5:8080/p/{serviceId}', '0114A1')).toBe(
      'http://10.0.0.5:8080/p/0114A1',
    );
  });

  it('gives no address for a template that is not http(s), or has no place for the ID', () => {
    expect(handoverUrl('javascript:alert(1)//{serviceId}', 'X')).toBeUndefined();
    expect(handoverUrl('data:text/html,{serviceId}', 'X')).toBeUndefined();
    expect(handoverUrl('https://lib.example.jp/patron', 'X')).toBeUndefined();
    expect(handoverUrl('lib.example.jp/{serviceId}', 'X')).toBeUndefined();
    expect(handoverUrl('', 'X')).toBeUndefined();
  });
});

describe('the embedding page’s origin', () => {
  it('is scheme, host and port, with or without a trailing slash', () => {
    expect(handoverOrigin('https://library.example.jp')).toBe('https://library.example.jp');
    expect(handoverOrigin(' http://localhost:8080/ ')).toBe('http://localhost:8080');
  });

  it('is refused with a path, another scheme, or as a wildcard', () => {
    expect(handoverOrigin('https://library.example.jp/desk')).toBeUndefined();
    expect(handoverOrigin('*')).toBeUndefined();
    expect(handoverOrigin('file:///tmp')).toBeUndefined();
    expect(handoverOrigin('library.example.jp')).toBeUndefined();
  });
});
