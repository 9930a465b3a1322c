import { useState } from 'preact/hooks';
import { BRIDGE_PROTOCOL_VERSION } from '../../core/bridge/protocol';
import {
  HANDOVER_PARENT_ORIGIN,
  HANDOVER_URL_TEMPLATE,
  handoverOrigin,
  handoverUrl,
  readHandoverSetting,
  saveHandoverSetting,
} from '../handover/handover';
import { fill, sentenceFor } from '../sentences/messages';
import type { ReceptionState } from '../store/store';
import { useReception } from '../store/use-reception';
import { changeBridgePort, parseBridgePort, reconnectBridge } from '../terminal/terminal-state';
import { NoticeLine } from '../widgets/NoticeLine';
import { TextField } from '../widgets/TextField';
import { ReaderRolesForm } from './ReaderRolesForm';
import type { SetupKey } from './setup-sentences';
import { sentences, ui } from './setup-sentences';
import { beginPairing, chooseService, confirmPairing, enrol } from './setup-state';

/** The platform no longer knows this terminal (revoked, or a new platform): enrol it again. */
const REFUSED_TERMINAL = new Set(['TERMINAL_UNKNOWN', 'TERMINAL_REVOKED']);

/** What staff should do next here, in order: enrol, choose the service, start and pair the bridge. */
function nextStep(state: Shown, refused: boolean): SetupKey {
  if (state.terminalId === undefined || refused) return 'nextEnrol';
  if (state.serviceCode === undefined) return 'nextService';
  if (state.bridge.kind !== 'ready' && state.bridgePermission === 'denied')
    return 'nextAllowBridge';
  if (state.bridge.kind === 'unreachable') return 'nextBridge';
  if (state.bridge.kind === 'incompatible') return 'nextBridgeVersion';
  if (state.bridge.kind === 'unpaired') return 'nextPair';
  return 'nextReady';
}

const selectPart = (s: ReceptionState) => ({
  language: s.language,
  bridge: s.bridge,
  bridgePermission: s.bridgePermission,
  bridgePort: s.bridgePort,
  sender: s.sender,
  serviceCode: s.serviceCode,
  services: s.services,
  setupNotice: s.setupNotice,
  terminalId: s.terminalId,
  readers: s.readers,
  readerRoles: s.readerRoles,
});
/** What this screen shows of the store: it renders again when that changes, and only then. */
type Shown = ReturnType<typeof selectPart>;

/** 端末設定: enrolment with the platform, the service served here, pairing with the bridge. */
export function SetupScreen() {
  const state: Shown = useReception(selectPart);
  const { language } = state;
  const refused = state.sender.kind === 'stopped' && REFUSED_TERMINAL.has(state.sender.code);
  const [code, setCode] = useState('');
  const [pairCode, setPairCode] = useState('');
  const [pairing, setPairing] = useState<string | undefined>();
  const [template, setTemplate] = useState(readHandoverSetting(HANDOVER_URL_TEMPLATE));
  const [parentOrigin, setParentOrigin] = useState(readHandoverSetting(HANDOVER_PARENT_ORIGIN));
  const [port, setPort] = useState(String(state.bridgePort ?? ''));
  const [portInvalid, setPortInvalid] = useState(false);
  return (
    <section class="setup">
      <p class="notice info" role="status" data-testid="next-step">
        {fill(ui(nextStep(state, refused), language), {
          app: BRIDGE_PROTOCOL_VERSION,
          bridge: state.bridge.kind === 'incompatible' ? (state.bridge.bridgeProtocol ?? '?') : '',
        })}
      </p>
      <h2>{ui('enrolTitle', language)}</h2>
      {refused && (
        <p class="notice error" role="alert" data-testid="reenrol-needed">
          {ui('reenrolNeeded', language)}
        </p>
      )}
      {state.terminalId === undefined || refused ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void enrol(code);
          }}
        >
          <TextField
            book={sentences}
            language={language}
            label="enrolmentCode"
            name="enrolment-code"
            value={code}
            onInput={setCode}
          />
          <button type="submit" class="big primary">
            {ui('enrol', language)}
          </button>
        </form>
      ) : (
        <p data-testid="enrolled">{ui('enrolled', language)}</p>
      )}
      <NoticeLine book={sentences} notice={state.setupNotice} language={language} />

      {state.services.length > 0 && (
        <label>
          {ui('serviceTitle', language)}
          <select
            name="service"
            value={state.serviceCode ?? ''}
            onChange={(e) => void chooseService(e.currentTarget.value)}
          >
            <option value="" disabled>
              —
            </option>
            {state.services.map((s) => (
              <option key={s.code} value={s.code}>
                {s.name} ({s.code})
              </option>
            ))}
          </select>
        </label>
      )}

      <h2>{ui('bridgeTitle', language)}</h2>
      <p data-testid="bridge-state">
        {state.bridge.kind === 'ready'
          ? ui('bridgeReady', language)
          : state.bridgePermission === 'denied'
            ? ui('bridgeBlocked', language)
            : state.bridge.kind === 'unreachable'
              ? ui('bridgeUnreachable', language)
              : state.bridge.kind === 'incompatible'
                ? ui('lineBridgeVersion', language)
                : state.bridge.kind === 'connecting'
                  ? ui('bridgeConnecting', language)
                  : ''}
      </p>
      {/* Chrome asks once per site before a page from the network may reach this PC's loopback. */}
      {state.bridge.kind !== 'ready' && state.bridgePermission === 'prompt' && (
        <div class="notice info" data-testid="bridge-permission-how">
          <p>{ui('bridgePermissionHow', language)}</p>
          <button type="button" onClick={reconnectBridge}>
            {ui('bridgeConnectNow', language)}
          </button>
        </div>
      )}
      {state.bridge.kind === 'unpaired' && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void confirmPairing(pairCode).then((a) => setPairing(a.ok ? undefined : a.code));
          }}
        >
          <button
            type="button"
            onClick={() => void beginPairing().then((a) => setPairing(a.ok ? undefined : a.code))}
          >
            {ui('pairStart', language)}
          </button>
          <TextField
            book={sentences}
            language={language}
            label="pairCode"
            name="pairing-code"
            numeric
            value={pairCode}
            onInput={setPairCode}
          />
          <button type="submit">{ui('pairConfirm', language)}</button>
          {pairing !== undefined && <p class="notice error">{sentenceFor(pairing, language)}</p>}
        </form>
      )}
      {state.bridge.kind === 'ready' && <ReaderRolesForm state={state} />}

      <details class="advanced" data-testid="advanced">
        <summary>{ui('advancedSettings', language)}</summary>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const parsed = parseBridgePort(port);
            setPortInvalid(parsed === undefined);
            if (parsed !== undefined) void changeBridgePort(parsed);
          }}
        >
          <TextField
            book={sentences}
            language={language}
            label="bridgePort"
            name="bridge-port"
            numeric
            value={port}
            onInput={setPort}
            problem={
              portInvalid
                ? { sentence: 'bridgePortInvalid', testId: 'bridge-port-invalid' }
                : undefined
            }
          />
          <button type="submit">{ui('bridgePortSave', language)}</button>
        </form>
        <p class="version">
          {ui('terminalIdLabel', language)}: {state.terminalId ?? '—'}
          <br />
          version <span data-testid="app-build">{__APP_BUILD__}</span>
          <br />
          {ui('bridgeVersionLabel', language)}:{' '}
          <span data-testid="bridge-version">
            {state.bridge.kind === 'ready' ? state.bridge.bridgeVersion : '—'}
          </span>{' '}
          ({ui('bridgeProtocolLabel', language)} {BRIDGE_PROTOCOL_VERSION})
        </p>
        <TextField
          book={sentences}
          language={language}
          label="handoverParent"
          name="parent-origin"
          placeholder="https://library.example.jp"
          value={parentOrigin}
          onInput={(value) => {
            setParentOrigin(value);
            saveHandoverSetting(HANDOVER_PARENT_ORIGIN, value.trim());
          }}
          problem={
            parentOrigin.trim() !== '' && handoverOrigin(parentOrigin) === undefined
              ? { sentence: 'handoverParentInvalid', testId: 'handover-parent-invalid' }
              : undefined
          }
        />
        <TextField
          book={sentences}
          language={language}
          label="handoverUrl"
          name="handover-url"
          value={template}
          onInput={(value) => {
            setTemplate(value);
            saveHandoverSetting(HANDOVER_URL_TEMPLATE, value);
          }}
          problem={
            template.trim() !== '' && handoverUrl(template, 'X') === undefined
              ? { sentence: 'handoverUrlInvalid', testId: 'handover-url-invalid' }
              : undefined
          }
        />
      </details>
    </section>
  );
}
