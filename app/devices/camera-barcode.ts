import type { ServiceCardSource } from './card-source';
import { codabarToServiceId } from './wedge-detector';

interface DetectedBarcode {
  rawValue: string;
  format: string;
}
interface BarcodeDetectorLike {
  detect(source: ImageBitmapSource): Promise<DetectedBarcode[]>;
}

/**
 * The browser's own BarcodeDetector where it has NW-7 (Codabar), otherwise the `barcode-detector`
 * ponyfill (ZXing in WebAssembly). Loaded only when the camera is used, and its .wasm is served
 * from this app, never a CDN (offline use, and the CSP allows nothing else).
 */
async function loadDetector(): Promise<BarcodeDetectorLike> {
  const native = (
    globalThis as {
      BarcodeDetector?: {
        new (o: object): BarcodeDetectorLike;
        getSupportedFormats(): Promise<string[]>;
      };
    }
  ).BarcodeDetector;
  if (native !== undefined && (await native.getSupportedFormats()).includes('codabar'))
    return new native({ formats: ['codabar'] });
  const [{ BarcodeDetector, prepareZXingModule }, { default: wasmUrl }] = await Promise.all([
    import('barcode-detector/ponyfill'),
    import('zxing-wasm/reader/zxing_reader.wasm?url'),
  ]);
  prepareZXingModule({
    overrides: {
      locateFile: (path: string, prefix: string) =>
        path.endsWith('.wasm') ? wasmUrl : prefix + path,
    },
  });
  return new BarcodeDetector({ formats: ['codabar'] });
}

/**
 * A library card's NW-7 barcode read by the tablet's camera: frames from `video` are scanned until
 * a Codabar code is seen; the number between its start and stop characters is the service ID.
 */
export function cameraBarcodeSource(video: HTMLVideoElement): ServiceCardSource {
  return {
    kind: 'barcode',
    async read({ waitMs }) {
      let stream: MediaStream;
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: 'environment' },
        });
      } catch {
        return { ok: false, code: 'NO_READER' };
      }
      try {
        video.srcObject = stream;
        await video.play();
        const detector = await loadDetector();
        const deadline = Date.now() + waitMs;
        while (Date.now() < deadline) {
          const [found] = await detector.detect(video).catch(() => []);
          if (found !== undefined)
            return { ok: true, serviceId: codabarToServiceId(found.rawValue), source: 'barcode' };
          await new Promise((resolve) => setTimeout(resolve, 150));
        }
        return { ok: false, code: 'TIMEOUT' };
      } finally {
        for (const track of stream.getTracks()) track.stop();
        video.srcObject = null;
      }
    },
  };
}
