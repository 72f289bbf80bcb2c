#!/usr/bin/env bash
# `make bench`: runs every benchmark in bench/ several times and prints medians (docs/benchmarks.md).
set -euo pipefail
build_dir=${1:-build}
runs=${BENCH_RUNS:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/sunlight-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "runs per figure: $runs (set BENCH_RUNS to change)"
echo
"$build_dir/bin/bench_generate" --runs "$runs" --work "$work"
echo
"$build_dir/bin/bench_validate" --runs "$runs" --work "$work"
echo
"$build_dir/bin/bench_seal" --runs "$runs"
