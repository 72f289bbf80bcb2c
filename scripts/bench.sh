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
# The feed server (issue 3). Town scale by default so `make bench` stays short (about a minute);
# the figures in docs/benchmarks.md are from `BENCH_SCALE=district make bench`, which adds about
# 8 minutes on the 2-core machine (three district imports, then a sealed district feed to serve).
scale=${BENCH_SCALE:-town}
"$build_dir/bin/bench_import" --runs "$runs" --work "$work" --scale "$scale"
echo
"$build_dir/bin/bench_feed" --runs "$runs" --work "$work" --scale "$scale"
echo
# The terminal sync library (issue 4): bootstraps, idle polls, the screens' queries and lookups,
# at the same scale (district: about 4 minutes more on the 2-core machine, most of it building
# its own sealed feed; town scale about 20 s).
"$build_dir/bin/bench_sync" --runs "$runs" --work "$work" --scale "$scale"
echo
# Sealing in the feed at the production cost: a village's first seal (about a minute) and its
# re-seal after a day's payments, when every key comes from the cache.
"$build_dir/bin/bench_sealing" --runs "$runs" --work "$work"
echo
# The kiosk (issue 5), headless on Mesa llvmpipe against the village demo feed: start to first
# frame, UI build time per frame on every screen (1920×1080, and 1080×1920 once for reference),
# tap on 查询 to result at the demo and production costs, resident memory. About 8 minutes on the
# 2-core machine with 3 runs, most of it llvmpipe drawing 300 frames of each screen.
"$build_dir/bin/bench_kiosk" --runs "$runs" --work "$work"
echo
# The big screen (issue 6), headless on llvmpipe with a made-up district: UI build time at 4K (a
# 500-flow Sankey and every scene), the whole frame at 1080p, resident memory, and a soak of
# BENCH_SOAK_FRAMES frames (default 100,000; new data every 100, every 10th drawn) — about
# 12 minutes on the 2-core machine with 3 runs, most of it the soak.
"$build_dir/bin/bench_display" --runs "$runs" --soak-frames "${BENCH_SOAK_FRAMES:-100000}"
