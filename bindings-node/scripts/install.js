#!/usr/bin/env node
'use strict';
/**
 * npm's install hook: keeps a prebuilt addon when one is present and loads (the published
 * package ships linux-x64), and otherwise builds it with cargo from the pacer repository.
 * Nothing is downloaded here: the package comes from the npm registry with its addon inside.
 */

const path = require('node:path');
const fs = require('node:fs');
const { build, addonName } = require('./build.js');

const addon = path.join(__dirname, '..', addonName);

function loads() {
  try {
    require(addon);
    return true;
  } catch (err) {
    console.error(`pacer: ${addonName} does not load (${err.message}); rebuilding`);
    return false;
  }
}

if (fs.existsSync(addon) && loads()) {
  process.exit(0);
}
try {
  build();
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
