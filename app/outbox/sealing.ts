import type { ReceptionDb } from '../storage/reception-db';

const KEY_NAME = 'outbox-sealing-key';

/**
 * Seals the personal data of queued operations with an AES-GCM key that cannot leave the
 * browser (non-extractable): a copy of the IndexedDB files alone does not reveal who registered.
 */
export class Sealer {
  private constructor(private readonly key: CryptoKey) {}

  static async open(db: ReceptionDb): Promise<Sealer> {
    const stored = (await db.get('meta', KEY_NAME)) as CryptoKey | undefined;
    if (stored !== undefined) return new Sealer(stored);
    const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
      'encrypt',
      'decrypt',
    ]);
    // Another tab may have made one meanwhile: keep whichever was stored first.
    const tx = db.transaction('meta', 'readwrite');
    const raced = (await tx.store.get(KEY_NAME)) as CryptoKey | undefined;
    if (raced === undefined) await tx.store.put(key, KEY_NAME);
    await tx.done;
    return new Sealer(raced ?? key);
  }

  async seal(value: unknown): Promise<{ iv: Uint8Array; data: ArrayBuffer }> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const plain = new TextEncoder().encode(JSON.stringify(value));
    const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, this.key, plain);
    return { iv, data };
  }

  async open<T>(sealed: { iv: Uint8Array; data: ArrayBuffer }): Promise<T> {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: sealed.iv.slice() },
      this.key,
      sealed.data,
    );
    return JSON.parse(new TextDecoder().decode(plain)) as T;
  }
}
