import { parse } from 'yaml';
import type { ParsedDocument } from './parsed-document.js';
import { sha256Hex } from './canonical-digest.js';

/** Placeholder: the positioned parser replaces it. */
export function parseYamlDocument(file: string, bytes: Uint8Array): ParsedDocument {
  let value: unknown;
  try {
    value = parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    value = undefined;
  }
  return { file, value, positions: {}, problems: [], sha256: sha256Hex(bytes) };
}
