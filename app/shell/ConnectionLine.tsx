import type { Language } from '../../core/error-messages';
import { type SharedKey, ui } from '../sentences/messages';
import type { ReceptionState } from '../store/store';
import { useReception } from '../store/use-reception';

const selectPart = (s: ReceptionState) => ({
  bridge: s.bridge,
  bridgePermission: s.bridgePermission,
  readers: s.readers,
  readerRoles: s.readerRoles,
  platform: s.platform,
  online: s.online,
  sender: s.sender,
});
type Shown = ReturnType<typeof selectPart>;

type Part = { key: string; label: SharedKey; state: SharedKey; ok: boolean };

/** The bridge, its pairing, the card readers and the platform: where each stands. */
function parts(state: Shown): Part[] {
  const { bridge, readers, platform, online, sender } = state;
  const bridgePart: Part =
    bridge.kind !== 'ready' && state.bridgePermission === 'denied'
      ? { key: 'bridge', label: 'lineBridge', state: 'lineBlocked', ok: false }
      : bridge.kind === 'ready'
        ? { key: 'bridge', label: 'lineBridge', state: 'lineConnected', ok: true }
        : bridge.kind === 'unpaired'
          ? { key: 'bridge', label: 'lineBridge', state: 'lineUnpaired', ok: false }
          : bridge.kind === 'unreachable'
            ? { key: 'bridge', label: 'lineBridge', state: 'lineNotRunning', ok: false }
            : bridge.kind === 'incompatible'
              ? { key: 'bridge', label: 'lineBridge', state: 'lineBridgeVersion', ok: false }
              : { key: 'bridge', label: 'lineBridge', state: 'lineConnecting', ok: false };
  const chosen = [state.readerRoles.mynumber, state.readerRoles.service].filter(
    (name): name is string => name !== undefined,
  );
  const readerPart: Part =
    bridge.kind !== 'ready'
      ? { key: 'reader', label: 'lineReader', state: 'lineUnknown', ok: false }
      : readers.length === 0
        ? { key: 'reader', label: 'lineReader', state: 'lineNoReader', ok: false }
        : chosen.some((name) => !readers.some((r) => r.name === name))
          ? { key: 'reader', label: 'lineReader', state: 'lineChosenReaderMissing', ok: false }
          : readers.some((r) => r.card === 'present')
            ? { key: 'reader', label: 'lineReader', state: 'lineCardOn', ok: true }
            : { key: 'reader', label: 'lineReader', state: 'lineReaderReady', ok: true };
  const platformPart: Part = !online
    ? { key: 'platform', label: 'linePlatform', state: 'lineOffline', ok: false }
    : sender.kind === 'stopped'
      ? { key: 'platform', label: 'linePlatform', state: 'lineRefused', ok: false }
      : platform === 'unreachable' || sender.kind === 'waiting'
        ? { key: 'platform', label: 'linePlatform', state: 'lineUnreachable', ok: false }
        : platform === 'reachable'
          ? { key: 'platform', label: 'linePlatform', state: 'lineConnected', ok: true }
          : { key: 'platform', label: 'linePlatform', state: 'lineConnecting', ok: false };
  return [bridgePart, readerPart, platformPart];
}

/** One compact line, shown from the start, so nobody learns of a problem only when a card fails. */
export function ConnectionLine({ language }: { language: Language }) {
  const state = useReception(selectPart);
  return (
    <ul
      class="connection-line"
      data-testid="connection-line"
      aria-label={ui('lineTitle', language)}
    >
      {parts(state).map((part) => (
        <li key={part.key} class={part.ok ? 'ok' : 'warn'} data-testid={`line-${part.key}`}>
          {ui(part.label, language)}: {ui(part.state, language)}
        </li>
      ))}
    </ul>
  );
}
