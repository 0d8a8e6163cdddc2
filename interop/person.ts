// The person who logs in to every relying party: the demo's Anna (config/demo.yaml), created with
// `portvakt users add` before the server starts, so her account id is the `sub` to expect.
export const PERSON = {
  username: 'anna',
  password: 'Demo-Portvakt-2026',
  givenName: 'Anna',
  familyName: 'Andersson',
  email: 'anna.andersson@example.org',
} as const;
