import { rubySegments } from '../sentences/reading-marks';

/** A sentence with readings over its marked words (see reading-marks.ts). */
export function Ruby({ marked }: { marked: string }) {
  return (
    // One inline element, so a layout that puts a label's children in rows keeps the sentence whole.
    <span>
      {rubySegments(marked).map((segment, index) =>
        segment.reading === undefined ? (
          segment.text
        ) : (
          <ruby key={index}>
            {segment.text}
            <rp>(</rp>
            <rt>{segment.reading}</rt>
            <rp>)</rp>
          </ruby>
        ),
      )}
    </span>
  );
}
