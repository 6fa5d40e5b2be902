/** What the operator configures: timetables per scope, allocations per list, the edition. */
import type { Axis, Region } from './geography.ts';
import type { Timetable, TimetableScope } from './timetable.ts';

export type Edition = 'isi2024' | 'isi2012';

export interface Allocation {
  region: Region;
  axis: Axis;
  allocationCents: number;
}

export interface ScopedTimetable {
  scope: TimetableScope;
  timetable: Timetable;
}

export interface ConfigStore {
  /** Every timetable set, keyed by `scopeKey` (read strongly consistent: an operator's change applies at once). */
  timetables(): Promise<Map<string, Timetable>>;
  /** Only the timetables that could apply to this region/axis (most specific resolution is the domain's job). */
  timetablesFor(scopeKeys: readonly string[]): Promise<Map<string, Timetable>>;
  setTimetable(scope: TimetableScope, timetable: Timetable): Promise<void>;
  removeTimetable(scope: TimetableScope): Promise<void>;
  allocations(): Promise<Allocation[]>;
  /** Replaces the whole allocation table (import): rows not in `allocations` are removed. */
  replaceAllocations(allocations: readonly Allocation[]): Promise<void>;
  edition(): Promise<Edition | undefined>;
  setEdition(edition: Edition): Promise<void>;
}
