#!/usr/bin/env bash
# Compiles the C# binding and its tests with mcs and runs them with mono against the debug build
# of the library. Usage: bindings/csharp/run.sh   (from anywhere; uses CARGO_TARGET_DIR or ./target)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
build="$here/build"

for tool in mcs mono; do
    if ! command -v "$tool" >/dev/null; then
        echo "C# tests: $tool is not installed (apt-get install -y mono-mcs mono-runtime)" >&2
        exit 1
    fi
done

echo "== C# tests: building the library"
(cd "$root" && cargo build --lib --quiet)
mkdir -p "$build"

echo "== C# tests: compiling"
mcs -nologo -warnaserror+ -target:exe -out:"$build/TaskSequenceTests.exe" \
    "$here/TaskSequence.cs" "$here/tests/Program.cs"

echo "== C# tests: running"
LD_LIBRARY_PATH="$target_dir/debug${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
    mono --debug "$build/TaskSequenceTests.exe" "$root/tests/data/ipu-small.xml"
