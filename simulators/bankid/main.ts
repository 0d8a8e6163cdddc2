// SIMULATOR ONLY: runs the BankID simulator on its own for a demo. Never used in production.
//
//   node --import tsx simulators/bankid/main.ts [--data-dir .data/bankid-simulator] [--port 7443] [--app-port 7444]
//
// Writes the relying-party certificate and the CA to pin into the data folder and prints the
// matching `bankid` configuration for Portvakt.
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startBankIdSimulator } from './index.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: '.data/bankid-simulator' },
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '7443' },
    'app-port': { type: 'string', default: '7444' },
  },
});

const dataDir = resolve(values['data-dir']);
const sim = await startBankIdSimulator({
  dataDir,
  host: values.host,
  port: Number(values.port),
  appPort: Number(values['app-port']),
});
const pfxPath = join(dataDir, 'rp-client.p12');
const caPath = join(dataDir, 'server-ca.pem');
await writeFile(pfxPath, sim.clientPfx, { mode: 0o600 });
await writeFile(caPath, sim.caCertPem);

process.stdout.write(`BankID SIMULATOR (not BankID) running.
  RP API:   ${sim.apiUrl}   (mutual TLS)
  App page: ${sim.appUrl}   (the demo person's phone)

Portvakt configuration:
  bankid:
    baseUrl: ${sim.apiUrl}
    pfxPath: ${pfxPath}
    passphrase: ${sim.clientPassphrase}
    caPath: ${caPath}
    launchBaseUrl: ${sim.appUrl}

Demo persons:
${sim.persons.map((person) => `  ${person.personalNumber}  ${person.givenName} ${person.surname} (${person.behaviour ?? 'normal'}${person.risk ? `, ${person.risk} risk` : ''})`).join('\n')}
`);

const stop = () => {
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
