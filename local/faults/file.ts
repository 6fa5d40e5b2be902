/**
 * The fault state shared by every process of the local cloud: the gateway (where the API handlers run in-process),
 * the sends consumer's child process, and any other Node process that installs the fault injection. One small JSON
 * file, `<stateDir>/faults.json` by convention, named to child processes by `SPORTELLO_FAULTS_FILE`.
 *
 * Writes are atomic (temporary file + rename) and synchronous, so a `POST /local/faults` that has answered is in force
 * for the next request of every process. Reads cost one `statSync` per call: the parsed state is cached and re-read
 * only when the file's identity changes (inode, size or mtime — the rename gives every write a new inode, so two
 * writes within the same millisecond are still told apart). No file means every service `ok`.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  applyFaults,
  type FaultMode,
  type FaultService,
  type FaultState,
  HEALTHY,
  normaliseFaultState,
} from './state.ts';

/** Names the state file to child processes (and to `register.ts`). */
export const FAULTS_FILE_ENV = 'SPORTELLO_FAULTS_FILE';

/** Where the fault injection reads its state; `FaultStateFile` is the shared one, tests may pass their own. */
export interface FaultSource {
  read(): FaultState;
}

export class FaultStateFile implements FaultSource {
  private signature = '';
  private cached: FaultState = HEALTHY;

  constructor(readonly path: string) {}

  read(): FaultState {
    let stat;
    try {
      stat = statSync(this.path, { throwIfNoEntry: false, bigint: true });
    } catch {
      stat = undefined; // e.g. a path through a file: as if absent, never a failure of the product's call
    }
    if (!stat) {
      this.signature = '';
      this.cached = HEALTHY;
      return HEALTHY;
    }
    const signature = `${stat.ino}:${stat.size}:${stat.mtimeNs}`;
    if (signature !== this.signature) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(this.path, 'utf8'));
      } catch {
        parsed = undefined; // unreadable or hand-broken: every service ok rather than failing the product's calls
      }
      this.cached = normaliseFaultState(parsed);
      this.signature = signature;
    }
    return this.cached;
  }

  write(state: FaultState): FaultState {
    const normalised = normaliseFaultState(state);
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.${randomUUID()}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(normalised)}\n`);
    renameSync(temporary, this.path);
    return normalised;
  }

  /** `POST /local/faults`: the subset given changes, the rest stays; returns the new state. */
  update(changes: Partial<Record<FaultService, FaultMode>>): FaultState {
    return this.write(applyFaults(this.read(), changes));
  }
}
