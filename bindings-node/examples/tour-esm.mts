// The ES module entry point has the same types (`import` from 'pacer').

import { Emulator, PacerError, Syncore, type Job } from 'pacer';

const emu = await Emulator.start('syncore', { virtualClock: true, jobs: 100 });
const client = new Syncore({ apiKey: emu.apiKey, userAgent: 'AcmeSync/1.0', baseUrl: emu.baseUrl, ledger: 'memory' });
const first: Job | undefined = (await client.jobs.search({ dateFrom: '2026-11-01', dateTo: '2026-11-22' }).next()).value;
try {
  await client.jobs.get('not-a-number');
} catch (err) {
  if (err instanceof PacerError) console.log(err.code, first?.id);
}
await emu.stop();
