/**
 * Preload entry for child processes of the local cloud: `node --import tsx --import <repo>/local/faults/register.ts
 * child.ts` with `SPORTELLO_FAULTS_FILE=<stateDir>/faults.json` in its environment installs the fault injection
 * before any of the child's code runs, so the child needs no change. Without the variable it does nothing.
 * The installation is published as `globalThis.__sportelloFaults` for a process that wants its counts.
 */
import { type FaultInjection, installFaultsFromEnv } from './install.ts';

declare global {
  var __sportelloFaults: FaultInjection | undefined;
}

globalThis.__sportelloFaults ??= installFaultsFromEnv();
