/**
 * Names of the places money sits in during the redistribution (R22d), exactly as SPEC writes them in the
 * transfers: lists `<Region>|<axis>`, axis pools `pool:<axis>`, group pools `pool:G1` and `pool:G5`.
 * One module so that the engine, the table and the tests can never spell them two ways.
 */
import type { Axis, Region } from '#domain/kernel/geography';

/**
 * Axis groups of art. 4: money moves between the axes of a group (pass 3), from G1 to G5 only once G1 has
 * admitted every application (pass 4), and never from G5 to G1.
 */
export type AxisGroup = 'G1' | 'G5';

const G5_AXES: ReadonlySet<string> = new Set(['5.1', '5.2']);

/** G5 = {5.1, 5.2}; every other axis (1.1, 1.2, 2, 3, 4) is G1. */
export function groupOf(axis: Axis): AxisGroup {
  return G5_AXES.has(axis) ? 'G5' : 'G1';
}

/** A list's name in transfers and problems: `Lazio|1.1`. */
export function listKey(region: Region, axis: Axis): string {
  return `${region}|${axis}`;
}

/** The national pool of one axis (pass 2), also the collecting pool of pass 1: `pool:1.1`. */
export function axisPool(axis: Axis): string {
  return `pool:${axis}`;
}

/** The pool of a whole group (pass 3, and G5's for the G1 → G5 move): `pool:G1`, `pool:G5`. */
export function groupPool(group: AxisGroup): string {
  return `pool:${group}`;
}
