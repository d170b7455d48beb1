#!/usr/bin/env bash
# Builds the C tests against include/tasksequence.h and the library, and runs them three ways:
# plain (static library), under AddressSanitizer + UBSan (shared library), and under valgrind.
# Usage: tests/c/run.sh            (from anywhere; uses CARGO_TARGET_DIR or ./target)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
lib_dir="$target_dir/debug"
build="$root/tests/c/build"
fixture="$root/tests/data/ipu-small.xml"
# Every test gets the same arguments; each uses what it needs.
machine="$root/examples/machines/win10-x64-en-us-laptop.json"
cflags=(-std=c11 -Wall -Wextra -Werror -Wpedantic -g -I "$root/include")

echo "== C tests: building the library"
cargo build --lib --quiet
mkdir -p "$build"

status=0
for source in "$root"/tests/c/test_*.c; do
    name="$(basename "$source" .c)"

    echo "== C tests: $name (static library)"
    gcc "${cflags[@]}" "$source" -o "$build/$name" \
        "$lib_dir/libtasksequence.a" -lpthread -ldl -lm -lgcc_s
    "$build/$name" "$fixture" "$machine" || status=1

    echo "== C tests: $name (shared library, AddressSanitizer + UBSan)"
    gcc "${cflags[@]}" -fsanitize=address,undefined -fno-omit-frame-pointer \
        -fno-sanitize-recover=all "$source" -o "$build/$name-asan" \
        -L "$lib_dir" -ltasksequence -lpthread
    LD_LIBRARY_PATH="$lib_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
        ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=1" \
        UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
        "$build/$name-asan" "$fixture" "$machine" || status=1

    if command -v valgrind >/dev/null; then
        echo "== C tests: $name (valgrind)"
        valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
            --suppressions="$root/tests/c/valgrind.supp" \
            "$build/$name" "$fixture" "$machine" >/dev/null || status=1
    else
        echo "== C tests: $name (valgrind): SKIPPED, valgrind is not installed"
    fi
done

if [ "$status" -ne 0 ]; then
    echo "C tests FAILED"
else
    echo "C tests passed"
fi
exit "$status"
