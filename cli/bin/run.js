#!/usr/bin/env node
import {execute, settings} from '@oclif/core';

// Templates are linked as built JavaScript: oclif must not try to transpile them (it cannot for ESM,
// and said so on every command). A user who wants it can still set OCLIF_TS_NODE / enableAutoTranspile.
if (settings.enableAutoTranspile === undefined && settings.tsnodeEnabled === undefined && !process.env.OCLIF_TS_NODE) settings.enableAutoTranspile = false;

await execute({dir: import.meta.url});
