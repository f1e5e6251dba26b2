'use strict';
// A pacer emulator in a process of its own, so the throughput benchmark measures the client
// process alone. Prints `{"baseUrl", "apiKey", "now"}` on one line, serves until stdin closes.

const { Emulator } = require('../../bindings-node');

async function main() {
  const options = JSON.parse(process.argv[2] ?? '{}');
  const emu = await Emulator.start('syncore', options);
  process.stdout.write(`${JSON.stringify({ baseUrl: emu.baseUrl, apiKey: emu.apiKey, now: emu.now() })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => emu.stop().then(() => process.exit(0)));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
