'use strict';
/**
 * pacer for JavaScript runtimes without native addons: the quota-aware client as WebAssembly
 * (`pkg/`, built by scripts/test-wasm.sh with wasm-bindgen) and the error classes it throws
 * (`errors.js`), as one module. Nothing is decided here: this file only joins the two.
 * @module pacer-web
 */

const { PacerClient, Ledger, PageWalk } = require('./pkg/pacer_web.js');
const { fromCore: _internal, ...errors } = require('./errors.js');

module.exports = { PacerClient, Ledger, PageWalk, ...errors };
