export { TTLCache } from './cache.js';
export { systemClock, ManualClock } from './clock.js';
export { Reason } from './policy/reasons.js';
