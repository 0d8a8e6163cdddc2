// Every way a person can log in, in the order the chooser lists them. Adding a method is one
// module in interactions/methods and one line here.
import type { InteractionServices } from './context.ts';
import type { LoginMethod } from './method.ts';
import { passkeyMethod } from './methods/passkey.ts';
import { passwordMethod } from './methods/password.ts';
import { eidMethod } from './eid/routes.ts';

export const LOGIN_METHODS: readonly LoginMethod<InteractionServices>[] = [
  eidMethod('bankid', 'method.bankid'),
  eidMethod('freja', 'method.freja'),
  passkeyMethod,
  passwordMethod,
];
