import { rubySegments } from './ruby';

/** A sentence with readings over its marked words (see ruby.ts). */
export function Ruby({ marked }: { marked: string }) {
  return (
    <>
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
    </>
  );
}
