// Statistics used by reports, compare and gate (design §4 "Run-level").
export * from './rng.js';
export * from './bootstrap.js';
export * from './mcnemar.js';
export * from './passk.js';
