// Parses a localization answer: {"files": [ranked paths], "functions"?: [...]}, tolerant of
// fences and prose (the last JSON object wins).
import { extractLastJsonObject } from '../shared/answer.js';

export type LocalizationAnswer =
  { ok: true; files: string[]; functions: string[] | undefined } | { ok: false; reason: 'malformed_answer'; error: string };

function strings(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.filter((x): x is string => typeof x === 'string');
}

export function parseLocalizationAnswer(text: string): LocalizationAnswer {
  const obj = extractLastJsonObject(text);
  if (!obj) return { ok: false, reason: 'malformed_answer', error: 'no JSON object found in the final message' };
  const files = strings(obj.files);
  if (!files) return { ok: false, reason: 'malformed_answer', error: '"files" must be an array of paths' };
  return { ok: true, files, functions: strings(obj.functions) };
}
