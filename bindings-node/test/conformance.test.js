'use strict';
// The conformance scenario every host runs (tests/scenarios/surface.json, generated from
// pacer_sdk::surface::describe()), checked against this binding at runtime: each provider's
// option names and defaults (and that a client takes every option at its default), its
// resources and actions, the field set of every record (at runtime and in index.d.ts), and the
// error table: every kind's class, every code's class, the fields every error carries.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const pacer = require('..');
const native = require('../native.js');

const root = path.join(__dirname, '..', '..');
const scenario = JSON.parse(fs.readFileSync(path.join(root, 'tests', 'scenarios', 'surface.json'), 'utf8'));
const dts = fs.readFileSync(path.join(__dirname, '..', 'index.d.ts'), 'utf8');

/** The JavaScript spelling of an API key (pacer's rule: `_` between a letter or digit and a lower-case letter or digit joins). */
const camel = (key) => key.replace(/(?<=[A-Za-z0-9])_([a-z0-9])/g, (_, c) => c.toUpperCase());

/** The runtime description of `provider`. */
function described(provider) {
  const found = pacer.surface.providers.find((p) => p.name === provider);
  assert.ok(found, `pacer.surface lists ${provider}`);
  return found;
}

/** The property names an interface of index.d.ts declares. */
function interfaceFields(name) {
  const at = dts.indexOf(`export interface ${name} extends Extra {`);
  assert.ok(at >= 0, `index.d.ts declares interface ${name}`);
  const body = dts.slice(dts.indexOf('{', at) + 1, dts.indexOf('\n}', at));
  return [...body.matchAll(/^ {2}"?([^"?:\s]+)"?\?:/gm)].map((m) => m[1]);
}

/** A value a required option accepts, to build a client with nothing else given. */
function sample(option) {
  if (option.js_name === 'baseUrl') return 'https://api.example.com';
  if (option.js_name === 'userAgent') return 'Conformance/1.0';
  return 'conformance-value';
}

/** What building a client throws (or the client). */
function build(provider, options) {
  try {
    return new pacer.Client(provider, options);
  } catch (err) {
    return err;
  }
}

test('the scenario lists the providers the binding has', () => {
  assert.deepEqual(pacer.surface.providers.map((p) => p.name), Object.keys(scenario.providers));
  for (const p of pacer.surface.providers) {
    const Class = pacer[p.displayName];
    assert.equal(typeof Class, 'function', `${p.displayName} is exported`);
    assert.ok(Class.prototype instanceof pacer.Client, `${p.displayName} is a Client`);
    assert.match(dts, new RegExp(`export declare class ${p.displayName} extends Client`));
  }
});

for (const [provider, expected] of Object.entries(scenario.providers)) {
  test(`${provider}: option names, defaults and requirements`, () => {
    const options = described(provider).options;
    assert.deepEqual(
      options.map((o) => [o.name, o.default, o.required]),
      expected.options.map((o) => [o.js_name, o.default, o.required]),
    );
    assert.equal(options.find((o) => o.name === 'timeout').default, 30, 'every surface: 30 s');
    const iface = dts.slice(dts.indexOf(`export interface ${described(provider).displayName}Options {`));
    for (const o of expected.options) assert.match(iface.slice(0, iface.indexOf('\n}')), new RegExp(`^ {2}${o.js_name}\\??:`, 'm'), o.js_name);
  });

  test(`${provider}: a client takes every option at its default, and refuses an unknown one`, () => {
    const given = { ledger: 'memory' };
    for (const o of expected.options) {
      if (o.default !== null) given[o.js_name] = o.default;
      else if (o.required && o.type !== 'secret') given[o.js_name] = sample(o);
    }
    const credential = expected.options.find((o) => o.type === 'secret');
    given[credential.js_name] = 'conformance-key';
    const client = build(provider, given);
    assert.ok(client instanceof pacer.Client, String(client));
    assert.equal(client.info.provider, provider);
    const err = build(provider, { ...given, colour: 'red' });
    assert.ok(err instanceof pacer.ConfigError, String(err));
    assert.equal(err.code, 'invalid_option');
    assert.deepEqual([err.errors[0].property, err.errors[0].rule], ['colour', 'unknown']);
    assert.deepEqual(Object.keys(err.errors[0]), scenario.errors.field_error_fields.map(camel));
    const fieldError = dts.slice(dts.indexOf('export interface FieldError {'), dts.indexOf('\n}', dts.indexOf('export interface FieldError {')));
    const declared = [...fieldError.matchAll(/^ {2}readonly (\w+): string;/gm)].map((m) => m[1]);
    assert.deepEqual(declared, scenario.errors.field_error_fields.map(camel), 'index.d.ts FieldError');
    for (const o of expected.options.filter((x) => x.required && x.type !== 'secret')) {
      const { [o.js_name]: _, ...without } = given;
      const missing = build(provider, without);
      assert.ok(missing instanceof pacer.ConfigError, `${o.js_name}: ${missing}`);
      assert.deepEqual([missing.errors[0].property, missing.errors[0].rule], [o.js_name, 'required']);
    }

    // Resources and actions, from the same spec layout.
    assert.deepEqual(client.resources, expected.resources.map((r) => r.js_attr));
    for (const r of expected.resources) {
      const resource = client[r.js_attr];
      assert.ok(resource instanceof pacer.Resource, r.js_attr);
      assert.deepEqual([...resource.actions], r.actions.map((a) => a.js_name), r.js_attr);
      for (const a of r.actions) assert.equal(typeof resource[a.js_name], 'function', `${r.js_attr}.${a.js_name}`);
    }
  });

  test(`${provider}: the field set of every record`, () => {
    const runtime = described(provider).records;
    assert.deepEqual(Object.keys(runtime), expected.records.map((r) => r.name));
    const index = Object.keys(scenario.providers).indexOf(provider);
    const prefix = index === 0 ? '' : described(provider).displayName;
    for (const r of expected.records) {
      const fields = r.fields.map(camel);
      assert.deepEqual([...runtime[r.name]], fields, r.name);
      assert.deepEqual(interfaceFields(prefix + r.name), fields, `index.d.ts ${prefix}${r.name}`);
    }
  });
}

test('webhook payload records', () => {
  const runtime = pacer.surface.webhookRecords;
  assert.deepEqual(Object.keys(runtime), scenario.webhook_records.map((r) => r.name));
  for (const r of scenario.webhook_records) {
    assert.deepEqual([...runtime[r.name]], r.fields.map(camel), r.name);
    assert.deepEqual(interfaceFields(r.name), r.fields.map(camel), `index.d.ts ${r.name}`);
  }
});

test('every error kind has its class, under the base class', () => {
  const { base, kinds } = scenario.errors;
  assert.equal(pacer.PacerError.name, base);
  assert.deepEqual([...pacer.KINDS], kinds.map((k) => k.kind));
  for (const { kind, class: name } of kinds) {
    const Class = pacer[name];
    assert.equal(typeof Class, 'function', `${name} is exported`);
    assert.equal(Class.name, name);
    assert.ok(Class.prototype instanceof pacer.PacerError, `${name} extends ${base}`);
    const err = pacer.PacerError.from({ kind, code: 'x', message: 'm' });
    assert.ok(err instanceof Class, kind);
    assert.match(dts, new RegExp(`export declare class ${name} extends ${base} \\{\\}`));
  }
});

test('every code reaches JavaScript as its kind\'s class, with every field of the table', () => {
  const classOf = Object.fromEntries(scenario.errors.kinds.map((k) => [k.kind, k.class]));
  const fields = scenario.errors.fields.map(camel);
  for (const { code, kind } of scenario.errors.codes) {
    let thrown;
    try {
      native.errorSample(code);
    } catch (e) {
      thrown = pacer.PacerError.from(e);
    }
    assert.ok(thrown instanceof pacer.PacerError, `${code}: ${thrown}`);
    assert.equal(thrown.constructor.name, classOf[kind], code);
    assert.equal(thrown.name, classOf[kind], code);
    assert.deepEqual([thrown.kind, thrown.code], [kind, code]);
    for (const f of fields) assert.ok(f in thrown, `${code}: .${f}`);
    const copy = pacer.PacerError.from(JSON.parse(JSON.stringify(thrown)));
    assert.ok(copy instanceof pacer[classOf[kind]], `${code} survives toJSON`);
    assert.equal(copy.code, code);
  }
  assert.deepEqual(pacer.surface.errors.fields.map((f) => f.name), fields);
  assert.match(dts, /export type ErrorCode = Open</);
});

test('the emulator\'s errors come through the same table', async () => {
  const codes = new Map(scenario.errors.codes.map((c) => [c.code, c.kind]));
  const seen = [];
  const failure = async (promise) => {
    const err = await promise.then(() => null, (e) => e);
    assert.ok(err instanceof pacer.PacerError, String(err));
    assert.equal(codes.get(err.code), err.kind, `${err.code} is a ${err.kind} code of the table`);
    seen.push(err.code);
  };
  await failure(pacer.Emulator.start('no-such-provider'));
  const emu = await pacer.Emulator.start('salync', { plan: 'growth' });
  await failure(emu.advance({ hours: 1 }));
  await failure(emu.registerWebhook('http://127.0.0.1:9/hooks'));
  await emu.stop();
  await failure(emu.requests());
  assert.deepEqual(seen, ['emulator', 'emulator_refused', 'emulator_refused', 'emulator_stopped']);
});
