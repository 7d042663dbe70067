# Installs what Steward needs on Debian 12 / Ubuntu 22.04+, skipping what is
# already there. Sourced by run-app and test-all; not run on its own.
#   need_build_deps   system packages to build the app, node modules of ui/
#   need_test_deps    WebKitWebDriver, Xvfb, D-Bus, gnome-keyring, tauri-driver,
#                     the e2e tests' node modules, the recovery script's venv,
#                     PostgreSQL's server binaries (the team log's tests start
#                     throwaway clusters with them; 15 on Debian 12, 14 on
#                     Ubuntu 22.04)
#   need_fuzz_deps    cargo-fuzz (libFuzzer) for scripts/fuzz

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"

# Each step says how long the run has taken so far (bash's SECONDS), so a
# slow stage shows in a CI log.
say() { printf '\033[1m==> [%d:%02d] %s\033[0m\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

APT_UPDATED=0
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "missing system packages (${missing[*]}) and no apt-get to install them"
  say "installing system packages: ${missing[*]}"
  if [ "$APT_UPDATED" -eq 0 ]; then
    as_root apt-get update -qq
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

check_toolchains() {
  command -v cargo >/dev/null || die "Rust is missing: install it with rustup (https://rustup.rs), then run this again"
  command -v node >/dev/null || die "Node.js 20.19 or newer is missing: install it (for example from nodejs.org or your distribution), then run this again"
  local major minor
  IFS=. read -r major minor _ <<<"$(node --version | tr -d v)"
  if [ "$major" -lt 20 ] || { [ "$major" -eq 20 ] && [ "$minor" -lt 19 ]; }; then
    die "Node.js $(node --version) is too old: Steward's frontend needs 20.19 or newer"
  fi
}

npm_ci() {
  # Reinstall only when the lock file changed since the last install.
  local dir="$1" stamp="$1/node_modules/.steward-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    say "installing node modules in ${dir#"$ROOT"/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$stamp"
  fi
}

need_build_deps() {
  apt_install build-essential pkg-config curl file perl \
    libwebkit2gtk-4.1-dev libssl-dev libxdo-dev libayatana-appindicator3-dev librsvg2-dev \
    libdbus-1-dev
  # rusqlite's session extension (team vaults, ADR 0020) generates its
  # bindings at build time with bindgen, which needs libclang.
  apt_install libclang-dev clang
  check_toolchains
  npm_ci "$ROOT/ui"
}

need_test_deps() {
  apt_install webkit2gtk-driver xvfb xauth dbus dbus-x11 gnome-keyring procps python3-venv
  apt_install postgresql
  if ! command -v tauri-driver >/dev/null; then
    say "installing tauri-driver"
    cargo install tauri-driver --version '^2' --locked --quiet
  fi
  npm_ci "$ROOT/tests"
  local venv="$ROOT/target/recovery-venv"
  if [ ! -x "$venv/bin/python" ] || ! cmp -s "$ROOT/scripts/recovery/requirements.txt" "$venv/.steward-requirements"; then
    say "preparing the recovery script's Python environment"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$ROOT/scripts/recovery/requirements.txt"
    cp "$ROOT/scripts/recovery/requirements.txt" "$venv/.steward-requirements"
  fi
  export STEWARD_RECOVERY_PYTHON="$venv/bin/python"
}

need_fuzz_deps() {
  if ! cargo fuzz --version >/dev/null 2>&1; then
    say "installing cargo-fuzz"
    cargo install cargo-fuzz --version '^0.13' --locked --quiet
  fi
}
