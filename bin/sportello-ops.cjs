#!/usr/bin/env node
// The `sportello-ops` command (package.json "bin"): `npx sportello-ops …` in a clone runs the operator CLI of
// bin/ops.ts through tsx's hooks (require, and import for the command modules it loads on demand), with nothing on
// stdout but the command's own output (no npm banner).
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS launcher: tsx's hook must be in place before bin/ops.ts loads */
require('tsx/cjs');
require('tsx/esm/api').register();
require('./ops.ts');
