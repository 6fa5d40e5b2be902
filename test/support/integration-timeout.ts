// Integration tests talk to emulators on a loaded 2-core machine: a generous per-test limit (jest 29 sets it per file).
jest.setTimeout(30_000);
