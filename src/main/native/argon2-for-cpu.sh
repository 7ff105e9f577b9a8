#!/usr/bin/env bash
# Builds libargon2 for this family of CPUs: what credential/LibArgon2 loads when the CPU running the service has the
# instructions it was built for (issue 26). Run by the build (pom.xml, execution "argon2-for-cpu"); on anything but
# Linux on x86-64, or without a C compiler, curl or the registry, it says why and builds nothing, and the service
# hashes as before (the Vector API, or argon2-jvm's portable libargon2).
#
# The sources are the reference implementation's (P-H-C phc-winner-argon2, CC0 / Apache-2.0), as the npm registry
# serves them inside node-argon2's package, pinned to one version and checked against its SHA-512. Two builds of its
# opt.c: x86-64-v3 (AVX2, the yardstick's opt-avx2) and x86-64-v4 (AVX-512). Internal symbols are hidden and bound
# inside each library, so neither can resolve the other's, or argon2-jvm's libargon2's, by name. A change here
# rebuilds both (they are rebuilt when older than this script).
#
# Usage: argon2-for-cpu.sh <classes directory> <directory to keep the downloaded sources in>
set -uo pipefail
CLASSES="$1"
CACHE="$2"
VERSION=0.45.1
SHA512=b249befd60a3906a8243117b146d4bb995cce72bdb16381b7e2086b2e776a0b81a0e187a6fa75b1f46f51248216ccfb1c78063f00a5ef8a2a08b1a0895666271
URL="https://registry.npmjs.org/argon2/-/argon2-$VERSION.tgz"
OUT="$CLASSES/linux-x86-64"
LEVELS="x86-64-v3 x86-64-v4"

skip() {
  echo "argon2-for-cpu: $1; no libargon2 for this CPU built (the service hashes with the Vector API or portable libargon2)"
  exit 0
}

[ "$(uname -s)/$(uname -m)" = Linux/x86_64 ] || skip "not Linux on x86-64"
CC="${CC:-cc}"
command -v "$CC" > /dev/null || skip "no C compiler ($CC)"
SCRIPT="${BASH_SOURCE[0]}"
up_to_date=true
for level in $LEVELS; do
  [ "$OUT/libargon2-$level.so" -nt "$SCRIPT" ] || up_to_date=false
done
$up_to_date && exit 0

mkdir -p "$CACHE" "$OUT" || skip "cannot write $CACHE or $OUT"
TARBALL="$CACHE/argon2-$VERSION.tgz"
if ! echo "$SHA512  $TARBALL" | sha512sum -c --status 2> /dev/null; then
  command -v curl > /dev/null || skip "no curl to fetch $URL"
  curl -sfL --max-time 120 --retry 2 -o "$TARBALL.part" "$URL" || skip "could not fetch $URL"
  echo "$SHA512  $TARBALL.part" | sha512sum -c --status || { rm -f "$TARBALL.part"; skip "$URL is not the expected file"; }
  mv "$TARBALL.part" "$TARBALL"
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
tar -xzf "$TARBALL" -C "$WORK" package/argon2 || skip "could not unpack $TARBALL"
SRC="$WORK/package/argon2"
for level in $LEVELS; do
  # shellcheck disable=SC2086 # CFLAGS are words
  # Without LZCNT: x86-64-v3 includes it, but hypervisors hide it (this machine's does), and credential/LibArgon2
  # loads a build only on a CPU that shows every instruction set the build may use.
  "$CC" -O3 -march="$level" -mno-lzcnt ${CFLAGS:-} -DA2_VISCTL=1 -DNDEBUG -fPIC -shared -pthread -fvisibility=hidden \
    -Wl,-Bsymbolic -Wl,-soname,"libargon2-$level.so" -Wl,-z,noexecstack -I"$SRC/include" -I"$SRC/src" \
    "$SRC/src/argon2.c" "$SRC/src/core.c" "$SRC/src/blake2/blake2b.c" "$SRC/src/thread.c" "$SRC/src/encoding.c" \
    "$SRC/src/opt.c" -o "$WORK/libargon2-$level.so" || skip "$CC could not build for $level"
  mv "$WORK/libargon2-$level.so" "$OUT/"
done
echo "argon2-for-cpu: built libargon2's opt.c (from node-argon2 $VERSION) for $LEVELS into $OUT"
