#!/usr/bin/env bash
# End-to-end checks of the sunlight-data command line, as an administrator would use it.
# usage: sunlight_data_cli_test.sh PATH/TO/sunlight-data
set -uo pipefail
tool=$1
work=$(mktemp -d "${TMPDIR:-/tmp}/sunlight-cli.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0

check() {  # check NAME EXPECTED_EXIT COMMAND... ; leaves output in $work/out
  local name=$1 expected=$2
  shift 2
  "$@" > "$work/out" 2> "$work/err"
  local code=$?
  if [ "$code" -ne "$expected" ]; then
    echo "FAIL: $name: exit $code, expected $expected"; cat "$work/out" "$work/err"; failures=$((failures + 1))
  fi
}
expect_text() {  # expect_text NAME FILE TEXT
  if ! grep -qF -- "$3" "$2"; then
    echo "FAIL: $1: no \"$3\" in:"; cat "$2"; failures=$((failures + 1))
  fi
}

check "--version" 0 "$tool" --version
expect_text "--version" "$work/out" "sunlight-data "
check "--help" 0 "$tool" --help
expect_text "--help" "$work/out" "generate"
expect_text "--help" "$work/out" "validate"
check "validate --help" 0 "$tool" validate --help
check "no arguments" 2 "$tool"
check "unknown subcommand" 2 "$tool" frobnicate
expect_text "unknown subcommand" "$work/err" "frobnicate"
check "validate without a path" 2 "$tool" validate
check "validate a missing dir" 2 "$tool" validate "$work/nowhere"
check "validate an unknown kind" 2 "$tool" validate people "$work/x.csv"
check "validate a bad encoding" 2 "$tool" validate payments "$work/x.csv" --encoding latin1
check "generate a bad scale" 2 "$tool" generate --scale planet --out "$work/g"
check "generate without --out" 2 "$tool" generate

# A generated village is clean, and the validate report says so file by file.
check "generate village" 0 "$tool" generate --scale village --out "$work/village"
for f in regions funds stages payments notices; do
  [ -s "$work/village/$f.csv" ] || { echo "FAIL: generate wrote no $f.csv"; failures=$((failures + 1)); }
done
check "validate the village" 0 "$tool" validate "$work/village"
expect_text "validate the village" "$work/out" "通过  payments.csv"

# Lookup: what the kiosk will show, masked; a valid ID with no payments; a mistyped ID.
sample=$(head -1 "$work/village/samples.txt" | cut -f1)
check "lookup a sample" 0 "$tool" lookup "$work/village" "$sample"
expect_text "lookup: masked ID" "$work/out" "${sample:0:6}********${sample:14:4}"
expect_text "lookup: total" "$work/out" "合计 ¥"
if grep -qF "$sample" "$work/out"; then echo "FAIL: lookup printed the ID in clear"; failures=$((failures + 1)); fi
nobody=$(grep -F '没有任何发放记录' "$work/village/samples.txt" | cut -f1)
check "lookup nobody" 1 "$tool" lookup "$work/village" "$nobody"
expect_text "lookup nobody" "$work/out" "没有查到"
last=${sample:17:1}
if [ "$last" = X ]; then wrong=0; else wrong=$(( (last + 1) % 10 )); fi
check "lookup a mistyped ID" 1 "$tool" lookup "$work/village" "${sample:0:17}$wrong"
expect_text "lookup a mistyped ID" "$work/out" "号码有误，请核对最后一位"
check "lookup without an ID" 2 "$tool" lookup "$work/village"

# A payments file with bad rows: exit 1, every bad row with line and column, in either language.
id=$(awk -F, 'NR==2 {print $2}' "$work/village/payments.csv")
mkdir -p "$work/bad"
cp "$work/village/regions.csv" "$work/village/funds.csv" "$work/bad/"
fund=$(awk -F, 'NR==2 {print $5}' "$work/village/payments.csv")
region=$(awk -F, 'NR==2 {print $4}' "$work/village/payments.csv")
cat > "$work/bad/payments.csv" <<CSV
流水号,身份证号,姓名,区划代码,项目代码,发放金额,发放日期,发放方式,补助标准,住址
T1,$id,张小华,$region,$fund,105.00,2025-03-15,一卡通,,
T2,$id,张小华,$region,$fund,1e5,2025-03-15,一卡通,,
T3,$id,张小华,$region,NOSUCH,5,2025-03-15,一卡通,,
CSV
check "validate bad payments" 1 "$tool" validate "$work/bad" --today 2026-11-28
expect_text "bad payments: summary" "$work/out" "有错  payments.csv"
expect_text "bad payments: exponent" "$work/out" "第 3 行，发放金额：金额写成了科学计数法"
expect_text "bad payments: unknown fund" "$work/out" "第 4 行，项目代码：项目代码 NOSUCH 不存在"
check "validate bad payments in English" 1 "$tool" validate payments "$work/bad/payments.csv" --lang en --today 2026-11-28
expect_text "bad payments: English" "$work/out" "line 3, 发放金额:"

if [ "$failures" -ne 0 ]; then
  echo "$failures failed"
  exit 1
fi
echo "sunlight-data command line: all checks passed"
