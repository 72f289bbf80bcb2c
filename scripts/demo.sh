#!/usr/bin/env bash
# `make demo`: generates the village-scale demo district, validates every file, and shows what it holds.
set -euo pipefail
build_dir=${1:-build}
bin="$build_dir/bin"
out="$build_dir/demo-data"

rm -rf "$out"
echo "== Generating the demo district (village scale) into $out"
"$bin/sunlight-data" generate --scale village --out "$out"
echo
echo "== Validating the five import files as the feed's importer will"
"$bin/sunlight-data" validate "$out"
echo
sample=$(head -1 "$out/samples.txt" | cut -f1)
echo "== What the kiosk will show for the first sample resident (personal fields masked)"
"$bin/sunlight-data" lookup "$out" "$sample" > "$out/lookup.txt"
head -20 "$out/lookup.txt"
echo "   …"
echo
echo "The files are in $out; docs/import-formats.md describes them."
echo "The feed server, kiosk and big screen join this demo as their issues land."
