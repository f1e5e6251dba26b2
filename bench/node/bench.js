'use strict';
// pacer's Node.js benchmarks, printed side by side: throughput against fetch + JSON.parse, then
// schedule efficiency against Bottleneck-paced fetch. See throughput.js and schedule.js.

const throughput = require('./throughput.js');
const schedule = require('./schedule.js');

async function main() {
  await throughput.run();
  console.log();
  await schedule.run();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
