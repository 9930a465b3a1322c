import { BRIDGE_WEBSOCKET_PATH } from '../../core/bridge/protocol';

/** What the bridge says it is: in `hello`'s answer and on its info page. */
export const BRIDGE_VERSION = '0.1.0';
export const BRIDGE_NAME = 'MyKey Card Bridge';
export const WEBSOCKET_PATH = BRIDGE_WEBSOCKET_PATH;
export const INFO_PATH = '/v1/bridge';
