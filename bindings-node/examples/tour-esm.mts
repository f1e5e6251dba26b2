// The ES module entry point has the same types (`import` from 'pacer-sdk').

import { Emulator, PacerError, Syncore, type Job } from 'pacer-sdk';

const emu = await Emulator.start('syncore', { virtualClock: true, jobs: 100 });
const client = new Syncore({ apiKey: emu.apiKey, userAgent: 'AcmeSync/1.0', baseUrl: emu.baseUrl, clock: emu.clock, ledger: 'memory' });
// The last three weeks in Syncore's calendar (New York's), on the emulator's clock.
const today = client.now().toLocaleDateString('en-CA', { timeZone: 'America/New_York' });
const dateFrom = new Date(Date.parse(today) - 21 * 86_400_000).toISOString().slice(0, 10);
const first: Job | undefined = (await client.jobs.search({ dateFrom, dateTo: today }).next()).value;
try {
  await client.jobs.get('not-a-number');
} catch (err) {
  if (err instanceof PacerError) console.log(err.code, first?.id);
}
await emu.stop();
