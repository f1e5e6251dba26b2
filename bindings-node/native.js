'use strict';
/**
 * Loads the compiled addon: `pacer.<platform>-<arch>.node` (shipped in the npm package for
 * linux-x64, or built by `scripts/build.js`).
 * @module pacer/native
 */

const path = require('node:path');
const fs = require('node:fs');

/** The addon's file name on this platform. */
const addonName = `pacer.${process.platform}-${process.arch}.node`;

function load() {
  const file = path.join(__dirname, addonName);
  if (!fs.existsSync(file)) {
    throw new Error(
      `pacer: no native addon for ${process.platform}-${process.arch} (${addonName}). ` +
        'Build it from the pacer repository with `node scripts/build.js` (needs Rust), ' +
        'or install a package that ships it.',
    );
  }
  return require(file);
}

module.exports = load();
module.exports.addonName = addonName;
