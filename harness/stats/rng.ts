// Seeded pseudo-random numbers (mulberry32) so bootstrap intervals, and thus reports,
// are reproducible; plus a string hash to derive a per-group seed.

/** Default seed of every bootstrap in the harness. */
export const DEFAULT_SEED = 20240607;

/** A function returning floats in [0, 1) from a 32-bit seed. */
export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a string mixed with a base seed: a stable seed per label (e.g. "agent/skill"). */
export function seedFor(label: string, base: number = DEFAULT_SEED): number {
  let h = 0x811c9dc5 ^ (base >>> 0);
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
