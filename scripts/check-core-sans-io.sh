#!/usr/bin/env bash
# core/ must stay sans-IO (DESIGN §2): no sockets, threads, sleeping, clock reads, entropy,
# files or storage calls. Three checks: every crate core depends on is on a reviewed list of
# pure crates, the source uses none of the std modules that perform I/O, and no store is called
# through a trait object.
set -euo pipefail
cd "$(dirname "$0")/.."

allowed=" arrayvec block-buffer cfg-if chrono chrono-tz cpufeatures crypto-common digest displaydoc
 equivalent foldhash form_urlencoded generic-array hashbrown indexmap icu_collections icu_locale_core icu_normalizer icu_normalizer_data
 icu_properties icu_properties_data icu_provider idna idna_adapter itoa litemap memchr num-traits
 pacer-sdk-core percent-encoding phf phf_shared potential_utf proc-macro2 quote rust_decimal serde
 serde_core serde_derive serde_json serde_spanned sha2 siphasher smallvec stable_deref_trait syn
 synstructure tinystr toml toml_datetime toml_parser typenum unicode-ident url utf8_iter utf_types
 winnow writeable yoke yoke-derive zerofrom zerofrom-derive zerotrie zerovec zerovec-derive zmij "

allowed=" $(echo $allowed) "
status=0
for crate in $(cargo tree -p pacer-sdk-core -e normal --prefix none --no-dedupe | sed 's/ v[0-9].*//' | sort -u); do
  case "$allowed" in
    *" $crate "*) ;;
    *) echo "core depends on '$crate', which is not on the reviewed list of pure crates (scripts/check-core-sans-io.sh)"; status=1 ;;
  esac
done

if grep -rnE 'std::(fs|net|thread|process|env)\b|SystemTime|Instant::now|Utc::now|Local::now|thread::sleep|getrandom|rand::' core/src; then
  echo "core/src uses I/O, the clock or entropy (lines above); drivers do that, not the core"
  status=1
fi
# A call never reaches storage itself: reserving, refunding, correcting and reading quota state
# are effects the driver answers (Poll::Reserve, Poll::Record; status and forecasts read what
# the driver exported). So no store is ever called through a trait object from core/src.
if grep -rnE 'dyn +([a-z_]+::)*(Ledger|MeterStore|Journal)\b' core/src; then
  echo "core/src calls a store through a trait object (lines above); return the effect to the driver instead"
  status=1
fi
[ $status -eq 0 ] && echo "core is sans-IO: dependencies and sources checked"
exit $status
