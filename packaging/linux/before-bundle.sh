#!/usr/bin/env bash
# Run by `tauri build` (beforeBundleCommand) between the app's release
# build and the bundling, from ui/: builds the steward CLI that the
# packages ship as /usr/bin/steward, strips the symbols from both binaries
# (Debian packages ship stripped binaries; it also makes them a third
# smaller), and compresses the Debian changelog.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cargo build --release --locked -p steward-cli --manifest-path "$root/Cargo.toml"
strip --strip-unneeded "$root/target/release/steward-app" "$root/target/release/steward"
mkdir -p "$root/target/release/packaging"
gzip -9n <"$root/packaging/linux/changelog" >"$root/target/release/packaging/changelog.gz"
