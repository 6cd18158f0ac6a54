// Small helpers shared by command modules: default paths and option parsers.
import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import { PACKAGE_ROOT } from '../../core/version.js';

/** The dataset bundled with the package. */
export const BUNDLED_DATASET = path.join(PACKAGE_ROOT, 'datasets', 'sample');

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
}

export function sandboxKind(value: string): 'docker' | 'local' | 'auto' {
  if (value === 'docker' || value === 'local' || value === 'auto') return value;
  throw new InvalidArgumentError('expected docker, local or auto');
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
