import { writeFileSync } from 'node:fs';

/**
 * An NW-7 (Codabar) barcode as a camera would see it, for Chromium's fake camera: the symbol is
 * drawn into a grey-scale frame and written as a Y4M video (`--use-file-for-fake-video-capture`).
 */
// Each character: 7 elements, bar space bar space bar space bar; 1 = wide.
const CODABAR: Readonly<Record<string, string>> = {
  '0': '0000011',
  '1': '0000110',
  '2': '0001001',
  '3': '1100000',
  '4': '0010010',
  '5': '1000010',
  '6': '0100001',
  '7': '0100100',
  '8': '0110000',
  '9': '1001000',
  '-': '0001100',
  $: '0011000',
  A: '0011010',
  B: '0101001',
  C: '0001011',
  D: '0001110',
};

/** Bar widths in modules, alternating bar and space, with a narrow gap between characters. */
export function codabarModules(text: string, narrow = 1, wide = 3): number[] {
  const widths: number[] = [];
  [...text].forEach((char, i) => {
    const pattern = CODABAR[char];
    if (pattern === undefined) throw new Error(`no Codabar for ${char}`);
    for (const bit of pattern) widths.push(bit === '1' ? wide : narrow);
    if (i < text.length - 1) widths.push(narrow);
  });
  return widths;
}

export function writeCodabarY4m(file: string, text: string, width = 640, height = 480): void {
  const module = 3;
  const widths = codabarModules(text).map((w) => w * module);
  const symbolWidth = widths.reduce((a, b) => a + b, 0);
  if (symbolWidth > width - 40) throw new Error('the barcode does not fit the frame');
  const luma = Buffer.alloc(width * height, 235);
  let x = Math.floor((width - symbolWidth) / 2);
  const top = Math.floor(height * 0.3);
  const bottom = Math.floor(height * 0.7);
  widths.forEach((w, i) => {
    if (i % 2 === 0) {
      for (let row = top; row < bottom; row += 1)
        luma.fill(16, row * width + x, row * width + x + w);
    }
    x += w;
  });
  const chroma = Buffer.alloc((width / 2) * (height / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(file, Buffer.concat([header, frame, frame, frame, frame, frame]));
}
