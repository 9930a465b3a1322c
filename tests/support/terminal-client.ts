import {
  enrolKeys,
  generateTerminalKeys,
  webCryptoSigner,
} from '../../app/terminal/terminal-identity';
import { signRequest, type TerminalSigner } from '../../core/http-signature/sign-request';

/** A terminal as the app is: a non-extractable WebCrypto P-256 key, every request signed. */
export class TerminalClient {
  private constructor(
    readonly baseUrl: string,
    readonly terminalId: string,
    private readonly keys: CryptoKeyPair,
    readonly clockOffsetSeconds = 0,
  ) {}

  static generateKeys(): Promise<CryptoKeyPair> {
    return generateTerminalKeys();
  }

  static async publicJwk(keys: CryptoKeyPair): Promise<JsonWebKey> {
    return crypto.subtle.exportKey('jwk', keys.publicKey);
  }

  /** Enrols a new terminal with an enrolment code, as the app does (app/terminal). */
  static async enrol(
    baseUrl: string,
    enrolmentCode: string,
    keys?: CryptoKeyPair,
  ): Promise<TerminalClient> {
    const pair = keys ?? (await generateTerminalKeys());
    const enrolled = await enrolKeys(enrolmentCode, pair, baseUrl);
    if (!enrolled.ok) throw new Error(`enrolment failed: ${enrolled.status} ${enrolled.code}`);
    return new TerminalClient(baseUrl, enrolled.value.terminalId, pair);
  }

  /** The same terminal with a wrong clock, or another terminal's id with this key. */
  variant(options: { clockOffsetSeconds?: number; terminalId?: string }): TerminalClient {
    return new TerminalClient(
      this.baseUrl,
      options.terminalId ?? this.terminalId,
      this.keys,
      options.clockOffsetSeconds ?? this.clockOffsetSeconds,
    );
  }

  /** The same terminal, its requests sent to another address (another process of a fleet). */
  at(baseUrl: string): TerminalClient {
    return new TerminalClient(baseUrl, this.terminalId, this.keys, this.clockOffsetSeconds);
  }

  /** The app's own signer (app/terminal/terminal-identity.ts), so tests sign as the app does. */
  signer(): TerminalSigner {
    return webCryptoSigner(
      { terminalId: this.terminalId, keys: this.keys },
      this.clockOffsetSeconds,
    );
  }

  async signedHeaders(
    method: string,
    pathAndQuery: string,
    body?: string,
  ): Promise<Record<string, string>> {
    return signRequest(this.signer(), {
      method,
      pathAndQuery,
      ...(body === undefined ? {} : { body }),
    });
  }

  async request<T = unknown>(
    method: string,
    pathAndQuery: string,
    payload?: unknown,
  ): Promise<{ status: number; body: T }> {
    const body = payload === undefined ? undefined : JSON.stringify(payload);
    const headers = await this.signedHeaders(method, pathAndQuery, body);
    const response = await fetch(`${this.baseUrl}${pathAndQuery}`, {
      method,
      headers: {
        ...headers,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body }),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  post<T = unknown>(path: string, payload: unknown) {
    return this.request<T>('POST', path, payload);
  }
}
