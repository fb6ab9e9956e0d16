// Node globals jsdom's window lacks but the client's libraries use (react-router encodes with TextEncoder).
// Import first in jsdom test files: modules evaluate in import order.
import { TextDecoder, TextEncoder } from 'node:util';

Object.assign(globalThis, { TextEncoder: globalThis.TextEncoder ?? TextEncoder, TextDecoder: globalThis.TextDecoder ?? TextDecoder });
