import { POINTS_API } from '../../core/api/routes/points';
import { patch, store } from '../store/store';
import { terminal } from '../terminal/terminal-state';

/** The programmes this terminal's provider takes part in; the first is chosen until staff choose. */
export async function loadProgrammes(): Promise<void> {
  const answer = await terminal().platform.call(POINTS_API.programmes, {});
  if (!answer.ok) return;
  const { programmes } = answer.value;
  const { points } = store.getState();
  const chosen = programmes.some((p) => p.code === points.programmeCode)
    ? points.programmeCode
    : programmes[0]?.code;
  patch({
    programmes,
    points: chosen === undefined ? { ...points } : { ...points, programmeCode: chosen },
  });
}
