#!/usr/bin/env bash
# revoke-watch build and test entry point.
#   ./build.sh          install what is missing, build dist/chrome and the zip
#   ./build.sh test     build, then run every test suite
#   ./build.sh bench    build, then run the benchmarks (prints numbers)
#   ./build.sh fuzz     long property-test runs (PROPTEST_CASES, default 50,000)
#   ./build.sh clean    remove build outputs
# Every tool is pinned and installed only when missing (see docs/build.md).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

TARGET=wasm32-unknown-unknown
CHROMIUM_MIN_MAJOR=120
FIREFOX_MIN_MAJOR=140
GECKODRIVER_VERSION=0.37.1
VERSION=$(awk -F'"' '/^version = /{print $2; exit}' Cargo.toml)
WASM_BUDGET_RAW=204800     # bytes, issue 7: ≤ 200 KB raw after wasm-opt
WASM_BUDGET_GZIP=81920     # ≤ 80 KB gzipped
ZIP_BUDGET=307200          # ≤ 300 KB
# The wasm budgets are not met yet (BENCHMARKS.md). Until they are, the build
# fails if the module grows past these ceilings (today's size plus under 1%),
# so a regression is caught while the work to reach the budgets goes on.
WASM_CEILING_RAW=318690
WASM_CEILING_GZIP=139180
# wasm-opt, for both modules and the floor. -ocimfs 50: a function with one
# caller is inlined into it only when tiny; by default wasm-opt inlines
# every one, which merged the worker's whole request handling into one
# 140 KB function that the browser compiles in full at the first message.
# --low-memory-unused: Rust never addresses the first 1 KB of memory (the
# stack sits below the data at 1 MB and a stack that deep has overflowed
# long before), so constant offsets fold into loads and stores;
# --zero-filled-memory: the memory is the module's own, created zeroed.
# Together 2 KB (BENCHMARKS.md). Not --traps-never-happen: a panic is a
# trap, and it must stay one.
WASM_OPT_FLAGS=(-Oz --converge -ocimfs 50 --low-memory-unused --zero-filled-memory --strip-debug --strip-producers)
# The extension pages' module (every page's view, the export formats
# derived in the page, the import file's reader) is within the budgets,
# 7.7 KB under the gzipped one. Its ceilings are today's size plus under
# 1% as well: a 4.8 KB regression (std's substring search, brought in by
# one call) had gone unseen under the budget (BENCHMARKS.md).
PAGES_CEILING_RAW=179750
PAGES_CEILING_GZIP=76500

say() { printf '==> %s\n' "$*"; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }
# The first "N." of a version line ("Chromium 142.0.7444.59" gives 142), read
# from a string so that no reader of a pipe stops early.
version_major() { [[ "$1" =~ ([0-9]+)\. ]] && printf %s "${BASH_REMATCH[1]}"; return 0; }

# Runs a command quietly; on failure shows its last lines and stops with one reason.
quiet() {
  local why=$1; shift
  local log; log=$(mktemp)
  if ! "$@" >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    rm -f "$log"
    die "$why"
  fi
  rm -f "$log"
}

ensure_rust() {
  have cargo || die "cargo is missing: install Rust with rustup (https://rustup.rs) and run again"
  have rustup || die "rustup is missing: the wasm32 target can only be added with rustup"
  if ! rustup target list --installed | grep -qx "$TARGET"; then
    say "installing Rust target $TARGET"
    quiet "could not add the $TARGET target (rustup target add $TARGET failed)" rustup target add "$TARGET"
  fi
}

# rustfmt and clippy, for the lint stage of `./build.sh test`.
ensure_lint_tools() {
  local c
  for c in rustfmt clippy; do
    if ! rustup component list --installed | grep -q "^$c"; then
      say "installing Rust component $c"
      quiet "could not add the $c component (rustup component add $c failed)" rustup component add "$c"
    fi
  done
}

# Formatting and lints, native and wasm32 (the binding layer compiles only
# there): a warning fails the stage.
lint_rust() {
  ensure_lint_tools
  cargo fmt --check || return 1
  cargo clippy --quiet --all-targets -- -D warnings || return 1
  cargo clippy --quiet --target "$TARGET" --lib --test wasm_bindings -- -D warnings
}

# wasm-bindgen-cli must be exactly the version of the wasm-bindgen crate in Cargo.lock.
ensure_wasm_bindgen() {
  local want have_v=""
  want=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
  [ -n "$want" ] || die "Cargo.lock names no wasm-bindgen version"
  if have wasm-bindgen; then have_v=$(wasm-bindgen --version | awk '{print $2}'); fi
  if [ "$have_v" != "$want" ]; then
    say "installing wasm-bindgen-cli $want (takes a few minutes once)"
    quiet "could not install wasm-bindgen-cli $want with cargo install" \
      cargo install wasm-bindgen-cli --version "$want" --locked
  fi
}

# npm packages (binaryen's wasm-opt, playwright-core) from the committed lock file.
ensure_node_packages() {
  have node || die "node is missing: install Node.js 20 or newer (Debian: apt-get install nodejs npm)"
  have npm || die "npm is missing: install npm (Debian: apt-get install npm)"
  local stamp=node_modules/.revoke-watch-lock
  if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
    say "installing npm packages from package-lock.json"
    quiet "npm ci failed (see above)" npm ci --no-audit --no-fund
    cp package-lock.json "$stamp"
  fi
}

# Debian's Chromium and its driver, for the browser suites. The Debian
# archive keeps only its current build, so the pin is a minimum major version.
ensure_chromium() {
  if ! have chromium || ! have chromedriver; then
    [ "$(id -u)" = 0 ] || die "Chromium is missing: run 'sudo apt-get install chromium chromium-driver' and run again"
    have apt-get || die "Chromium is missing and apt-get is not available: install chromium and chromium-driver"
    say "installing Debian's chromium and chromium-driver"
    local tmp; tmp=$(mktemp -d)
    quiet "apt-get update failed" apt-get update
    if ! TMPDIR=$tmp DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver >/dev/null 2>&1; then
      TMPDIR=$tmp DEBIAN_FRONTEND=noninteractive quiet "could not install chromium and chromium-driver with apt-get" apt-get install -f -y
    fi
    rm -rf "$tmp"
  fi
  local major
  major=$(version_major "$(chromium --version 2>/dev/null || true)")
  [ "${major:-0}" -ge "$CHROMIUM_MIN_MAJOR" ] || die "Chromium $major is older than the $CHROMIUM_MIN_MAJOR this project tests with"
}

# Debian's Firefox ESR and a pinned geckodriver, for the Firefox suite.
ensure_firefox() {
  if ! have firefox-esr; then
    [ "$(id -u)" = 0 ] || die "Firefox ESR is missing: run 'sudo apt-get install firefox-esr' and run again"
    have apt-get || die "Firefox ESR is missing and apt-get is not available: install firefox-esr"
    say "installing Debian's firefox-esr"
    local tmp; tmp=$(mktemp -d)
    quiet "apt-get update failed" apt-get update
    TMPDIR=$tmp DEBIAN_FRONTEND=noninteractive quiet "could not install firefox-esr with apt-get" apt-get install -y firefox-esr
    rm -rf "$tmp"
  fi
  local major
  major=$(version_major "$(firefox-esr --version 2>/dev/null || true)")
  [ "${major:-0}" -ge "$FIREFOX_MIN_MAJOR" ] || die "Firefox $major is older than the $FIREFOX_MIN_MAJOR the add-on needs"
  local gd="$HOME/.cargo/bin/geckodriver" have_v=""
  # Read the whole output (no `head`): geckodriver panics with "Broken pipe"
  # when its reader closes early, and pipefail turns that into a failed build.
  [ -x "$gd" ] && have_v=$("$gd" --version 2>/dev/null | awk 'NR == 1 {print $2}')
  if [ "$have_v" != "$GECKODRIVER_VERSION" ]; then
    say "installing geckodriver $GECKODRIVER_VERSION (takes a few minutes once)"
    quiet "could not install geckodriver $GECKODRIVER_VERSION with cargo install" \
      cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked
  fi
}

build() {
  ensure_rust
  ensure_wasm_bindgen
  ensure_node_packages
  local manifest_version
  manifest_version=$(node -e 'process.stdout.write(require("./manifest.json").version)')
  [ "$manifest_version" = "$VERSION" ] || die "manifest.json version $manifest_version differs from Cargo.toml version $VERSION"

  say "compiling Rust to wasm (release): the service worker's module and the extension pages'"
  quiet "cargo build for $TARGET failed" cargo build --release --lib --target "$TARGET"
  # The pages' module in its own target directory, so that switching the
  # feature does not rebuild the other each time.
  quiet "cargo build for $TARGET (pages) failed" \
    env CARGO_TARGET_DIR=target/pages cargo build --release --lib --target "$TARGET" --features pages
  rm -rf build/wasm && mkdir -p build/wasm
  local module
  for module in revoke_watch:target pages:target/pages; do
    quiet "wasm-bindgen failed" wasm-bindgen --target web --no-typescript --out-dir build/wasm --out-name "${module%%:*}" \
      "${module#*:}/$TARGET/release/revoke_watch.wasm"
    quiet "wasm-opt failed" node_modules/.bin/wasm-opt "${WASM_OPT_FLAGS[@]}" \
      "build/wasm/${module%%:*}_bg.wasm" -o "build/wasm/${module%%:*}_bg.wasm"
  done

  local b zip
  for b in chrome firefox; do
    say "assembling dist/$b"
    rm -rf "dist/$b" && mkdir -p "dist/$b"
    cp -R extension/content-script extension/service-worker extension/popup extension/timeline extension/options extension/icons extension/pages.css "dist/$b/"
    cp -R build/wasm "dist/$b/wasm"
    node tools/manifest.mjs "$b" manifest.json "dist/$b/manifest.json"
    zip="dist/revoke-watch-$VERSION-$b.zip"
    rm -f "$zip"
    (cd "dist/$b" && python3 -m zipfile -c "../$(basename "$zip")" ./*)
  done
  zip="dist/revoke-watch-$VERSION-chrome.zip"

  local zsize
  zsize=$(stat -c %s "$zip")
  printf '%s: %s bytes\n' "$zip" "$zsize"
  # Size budgets (issue 7): the zip's is enforced; each module's wasm
  # budgets are reported, and a ceiling stops it from growing while they
  # are open.
  [ "$zsize" -le "$ZIP_BUDGET" ] || die "the zip is $zsize bytes, over its $ZIP_BUDGET-byte budget (BENCHMARKS.md)"
  check_wasm revoke_watch "$WASM_CEILING_RAW" "$WASM_CEILING_GZIP"
  check_wasm pages "$PAGES_CEILING_RAW" "$PAGES_CEILING_GZIP"
}

# check_wasm NAME RAW_CEILING GZIP_CEILING: prints build/wasm/NAME_bg.wasm's
# sizes, fails above the ceilings, warns above the budgets.
check_wasm() {
  local f="build/wasm/$1_bg.wasm" raw gz
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  printf 'wasm %s: %s bytes raw, %s bytes gzipped\n' "$1" "$raw" "$gz"
  [ "$raw" -le "$2" ] || die "$f is $raw bytes, over the $2-byte ceiling (budget $WASM_BUDGET_RAW; BENCHMARKS.md)"
  [ "$gz" -le "$3" ] || die "$f is $gz bytes gzipped, over the $3-byte ceiling (budget $WASM_BUDGET_GZIP; BENCHMARKS.md)"
  [ "$raw" -le "$WASM_BUDGET_RAW" ] || say "WARNING: $f is $raw bytes, over the $WASM_BUDGET_RAW-byte budget (open, BENCHMARKS.md)"
  [ "$gz" -le "$WASM_BUDGET_GZIP" ] || say "WARNING: $f is $gz bytes gzipped, over the $WASM_BUDGET_GZIP-byte budget (open, BENCHMARKS.md)"
}

# Fails on any web-ext lint error; prints warnings (docs/firefox.md says
# which remain and why).
lint_firefox() {
  local out
  out=$(node_modules/.bin/web-ext lint --source-dir dist/firefox --output json 2>/dev/null) || true
  node -e '
    const r = JSON.parse(process.argv[1]);
    for (const w of r.warnings) console.log(`web-ext lint warning: ${w.code}: ${w.message}`);
    for (const e of r.errors) console.log(`web-ext lint ERROR: ${e.code}: ${e.message} (${e.file || ""})`);
    process.exit(r.errors.length ? 1 : 0);
  ' "$out"
}

# Prints every benchmark figure (BENCHMARKS.md records them with this command).
bench() {
  build
  ensure_chromium
  say "sizes"
  local f
  printf 'figure\tvalue\tunit\n'
  for f in revoke_watch pages; do
    printf 'wasm %s raw (budget ≤ %s)\t%s\tbytes\n' "$f" "$WASM_BUDGET_RAW" "$(stat -c %s "build/wasm/${f}_bg.wasm")"
    printf 'wasm %s gzipped (budget ≤ %s)\t%s\tbytes\n' "$f" "$WASM_BUDGET_GZIP" "$(gzip -9 -c "build/wasm/${f}_bg.wasm" | wc -c)"
  done
  for f in build/wasm/revoke_watch.js build/wasm/pages.js extension/*/*.js; do
    printf '%s\t%s\tbytes\n' "$f" "$(stat -c %s "$f")"
  done
  printf 'chrome zip (budget ≤ %s)\t%s\tbytes\n' "$ZIP_BUDGET" "$(stat -c %s "dist/revoke-watch-$VERSION-chrome.zip")"
  wasm_floor
  say "native benchmarks (release)"
  cargo bench --quiet --bench core 2>/dev/null | grep -v '^figure'
  cargo bench --quiet --bench core -- fixtures >/dev/null 2>&1
  say "the worker's module on a page message (wasm in Node)"
  node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON tests/bench/worker-wasm.mjs | grep -v '^figure'
  say "browser benchmarks (Chromium headless)"
  node tests/bench/browser.mjs
}

# Prints the size of tests/bench/wasm-floor, built and optimised as the
# worker's module is: what such a module weighs before any of its logic.
wasm_floor() {
  local out=build/wasm-floor
  quiet "cargo build of the wasm floor failed" env CARGO_TARGET_DIR=target/wasm-floor \
    cargo build --release --locked --target "$TARGET" --manifest-path tests/bench/wasm-floor/Cargo.toml
  rm -rf "$out" && mkdir -p "$out"
  quiet "wasm-bindgen (floor) failed" wasm-bindgen --target web --no-typescript --out-dir "$out" \
    "target/wasm-floor/$TARGET/release/wasm_floor.wasm"
  quiet "wasm-opt (floor) failed" node_modules/.bin/wasm-opt "${WASM_OPT_FLAGS[@]}" \
    "$out/wasm_floor_bg.wasm" -o "$out/wasm_floor_bg.wasm"
  printf 'wasm floor: wasm-bindgen, futures, std containers, fmt, no logic; raw\t%s\tbytes\n' "$(stat -c %s "$out/wasm_floor_bg.wasm")"
  printf 'wasm floor, gzipped\t%s\tbytes\n' "$(gzip -9 -c "$out/wasm_floor_bg.wasm" | wc -c)"
}

# Where the service worker's time goes on the badge path: a copy of the
# extension whose wasm keeps its function names, profiled through the
# DevTools protocol (tests/bench/profile-worker.mjs; BENCHMARKS.md).
profile() {
  build
  ensure_chromium
  rm -rf build/profile && mkdir -p build/profile/wasm
  quiet "wasm-bindgen failed" wasm-bindgen --target web --no-typescript --keep-debug --out-dir build/profile/wasm \
    --out-name revoke_watch "target/$TARGET/release/revoke_watch.wasm"
  quiet "wasm-opt failed" node_modules/.bin/wasm-opt -Oz --debuginfo \
    build/profile/wasm/revoke_watch_bg.wasm -o build/profile/wasm/revoke_watch_bg.wasm
  rm -rf build/profile/chrome && cp -R dist/chrome build/profile/chrome
  cp build/profile/wasm/* build/profile/chrome/wasm/
  REVOKE_WATCH_DIST="$PWD/build/profile/chrome" node tests/bench/profile-worker.mjs
}

run_tests() {
  build
  ensure_chromium
  local failed=()
  say "formatting and lints (cargo fmt --check, cargo clippy -D warnings)"
  lint_rust || failed+=("rust lints")
  say "native tests (cargo test)"
  cargo test --quiet || failed+=("native")
  say "binding-layer tests (wasm-bindgen-test in headless Chromium)"
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  CHROMEDRIVER=$(command -v chromedriver) \
    cargo test --target "$TARGET" --test wasm_bindings || failed+=("wasm-bindgen-test")
  say "end-to-end tests (Playwright + Chromium, extension loaded)"
  node --test --test-concurrency=1 tests/e2e/*.test.mjs || failed+=("end-to-end")
  say "Firefox: web-ext lint and the Firefox suite (selenium + geckodriver + Firefox ESR)"
  ensure_firefox
  lint_firefox || failed+=("web-ext lint")
  node --test --test-concurrency=1 tests/firefox/*.test.mjs || failed+=("firefox")
  if [ ${#failed[@]} -gt 0 ]; then
    die "failed suites: ${failed[*]}"
  fi
  say "all suites passed"
}

case "${1:-build}" in
  build) build ;;
  test) run_tests ;;
  bench) bench ;;
  profile) profile ;;
  fuzz)
    ensure_rust
    say "property tests with ${PROPTEST_CASES:=50000} cases each (release build)"
    PROPTEST_CASES=$PROPTEST_CASES cargo test --release --test never_panics --test json -- --nocapture
    ;;
  clean) rm -rf build dist ;;
  *) die "unknown command '$1' (use: build, test, bench, profile, fuzz, clean)" ;;
esac
