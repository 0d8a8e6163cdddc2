#!/usr/bin/env node
// Runs the TypeScript sources through tsx, so the command works straight from a checkout.
import { register } from 'tsx/esm/api';

register();
await import('../app/main.ts');
