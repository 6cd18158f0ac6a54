// Statistics used by reports, compare, gate and plan (formulas: reports/README.md).
export * from './rng.js';
export * from './bootstrap.js';
export * from './mcnemar.js';
export * from './passk.js';
export * from './distributions.js';
export * from './clustered.js';
export * from './power.js';
