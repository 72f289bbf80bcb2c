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
echo
# The feed server (issue 3). Town scale by default so `make bench` stays short; the figures in
# docs/benchmarks.md are from BENCH_SCALE=district (generation, import and the first sealing of
# the district take many minutes; see there).
scale=${BENCH_SCALE:-town}
"$build_dir/bin/bench_import" --runs "$runs" --work "$work" --scale "$scale"
echo
"$build_dir/bin/bench_feed" --runs "$runs" --work "$work" --scale "$scale"
