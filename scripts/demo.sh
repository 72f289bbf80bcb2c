#!/usr/bin/env bash
# `make demo`: builds the demo feed (village scale), serves it, syncs a kiosk and a town's big
# screen and shows them (windows where there is a display, otherwise a headless tour of the kiosk
# and a gallery of the big screen's scenes as PNGs), takes the feed away and shows both still
# working, then says how to run it all for real.
set -euo pipefail
build_dir=${1:-build}
bin="$build_dir/bin"
data="$build_dir/demo-feed"

echo "== Building the demo feed in $data (init, generate, import, seal, enrol terminals, add a cadre)"
"$bin/sunlight-feed" demo --data-dir "$data" --force | tee "$build_dir/demo-feed.txt"
echo

echo "== Serving it on a free port on 127.0.0.1 for a quick look"
log=$(mktemp)
"$bin/sunlight-feed" serve --data-dir "$data" --port 0 > "$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -f "$log"' EXIT
url=""
for _ in $(seq 1 100); do
  url=$(grep -o 'http://[0-9.]*:[0-9]*' "$log" || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "the server did not start:"; cat "$log"; exit 1; }
village=$(grep -o 'village [0-9]\+' "$build_dir/demo-feed.txt" | head -1 | cut -d' ' -f2)
kiosk=$(grep -o 'kiosk token ([0-9]*): *slt_[0-9a-f]*' "$build_dir/demo-feed.txt" | grep -o 'slt_[0-9a-f]*')
town=$(grep -o 'display token ([0-9]\{9\}): *slt_[0-9a-f]*' "$build_dir/demo-feed.txt" | grep -o '([0-9]*)' | tr -d '()')
display_token=$(grep -o 'display token ([0-9]\{9\}): *slt_[0-9a-f]*' "$build_dir/demo-feed.txt" | grep -o 'slt_[0-9a-f]*')

echo "GET $url/healthz → $(curl -sS "$url/healthz")"
echo "GET $url/v1/info → $(curl -sS "$url/v1/info" | head -c 160)…"
summary() {  # status, bytes on the wire, entries
  local headers body
  headers=$(mktemp); body=$(mktemp)
  curl -sS --compressed -D "$headers" -o "$body" -w '%{http_code} %{size_download} bytes (gzip)' "$@"
  echo ", $(grep -o '"seq":' "$body" | wc -l) entries, signature $(grep -i '^x-sunlight-signature' "$headers" | cut -c23-38)…"
  rm -f "$headers" "$body"
}
echo "GET public snapshot of $village → $(summary "$url/v1/feed/$village/snapshot")"
echo "GET people snapshot of $village (kiosk token) → $(summary -H "Authorization: Bearer $kiosk" "$url/v1/feed/$village/people/snapshot")"
etag=$(curl -sS -D - -o /dev/null "$url/v1/feed/$village/snapshot" | grep -i '^etag' | cut -d' ' -f2 | tr -d '\r')
echo "GET again with If-None-Match: $etag → $(curl -sS -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$url/v1/feed/$village/snapshot")"
echo "GET people snapshot without a token → $(curl -sS "$url/v1/feed/$village/people/snapshot")"
echo

echo "== A kiosk for $village syncs its replica (sunlight-sync once)"
public_key=$(grep -o 'ed25519:[A-Za-z0-9+/=]*' "$build_dir/demo-feed.txt" | head -1)
sample=$(grep -o '^  [0-9]\{17\}[0-9X]' "$build_dir/demo-feed.txt" | head -1 | tr -d ' ')
kiosk_dir="$build_dir/demo-kiosk"
rm -rf "$kiosk_dir"
cat > "$build_dir/demo-kiosk.toml" <<TOML
[terminal]
kind = "kiosk"
name = "demo kiosk"
data_dir = "demo-kiosk"

[feed]
url = "$url"
scope = "$village"
device_token = "$kiosk"
public_key = "$public_key"
TOML
"$bin/sunlight-sync" once --config "$build_dir/demo-kiosk.toml"
echo

echo "== A big screen for the town $town syncs its replica (sunlight-sync once)"
rm -rf "$build_dir/demo-display"
cat > "$build_dir/demo-display.toml" <<TOML
[terminal]
kind = "display"
name = "demo big screen"
data_dir = "demo-display"

[feed]
url = "$url"
scope = "$town"
device_token = "$display_token"
public_key = "$public_key"

[display]
fullscreen = false
TOML
"$bin/sunlight-sync" once --config "$build_dir/demo-display.toml"
echo

tour="$build_dir/demo-tour"
gallery="$build_dir/demo-display-gallery"
rm -rf "$tour" "$gallery"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${SUNLIGHT_DEMO_HEADLESS:-}" ]; then
  echo "== The kiosk, in a window (close it to go on; sample IDs are above)"
  "$bin/sunlight-kiosk" --config "$build_dir/demo-kiosk.toml" --size 720x1280 || true
  echo "== The town's big screen, in a window (close it to go on)"
  "$bin/sunlight-display" --config "$build_dir/demo-display.toml" --size 1280x720 || true
else
  echo "== No display here: a headless tour of the kiosk, as PNGs with what each screen says beside them"
  cat > "$build_dir/demo-tour.script" <<SCRIPT
screenshot 1-home
tap 惠民资金查询
type $sample
screenshot 2-typed
tap 查询
screenshot 3-result
drag 540 1500 540 700 300
wait 2s
screenshot 4-result-scrolled
tap 返回首页 2
tap 村务公开
screenshot 5-notices
tap 540 360
expect "screen: notice_detail"
screenshot 6-notice
tap 返回首页
tap 投诉建议
tap 我要投诉建议
screenshot 6a-complaint-reason
tap 未收到
tap 跳过，不留电话
tap 确认提交
screenshot 6b-complaint-number
tap 返回首页
SCRIPT
  "$bin/sunlight-kiosk" --config "$build_dir/demo-kiosk.toml" --headless --script "$build_dir/demo-tour.script" --out "$tour"
  echo "== The town's big screen: every scene at 1920x1080 and 3840x2160, as PNGs with what each shows beside them"
  "$bin/sunlight-display" --config "$build_dir/demo-display.toml" --gallery "$gallery"
  sed -n "1,12p" "$gallery/overview-1080p.txt"
  echo "…"
fi
cadre_password=$(grep -o 'cadre login:  user cadre  password [^ ]*' "$build_dir/demo-feed.txt" | awk '{print $NF}')
admin_password=$(grep -o 'admin login:  user admin  password [^ ]*' "$build_dir/demo-feed.txt" | awk '{print $NF}')
echo "== The cadre console at $url/console/ (user cadre or admin, passwords above): a headless tour in Chromium"
console_tour="$build_dir/demo-console"
rm -rf "$console_tour"
node "$(dirname "$0")/console-tour.mjs" "$url" cadre "$cadre_password" admin "$admin_password" "$console_tour"
kill -TERM "$server"
if wait "$server"; then
  echo "== Stopped with SIGTERM: the server exited cleanly"
else
  echo "== The server exited with status $? after SIGTERM:"; cat "$log"; exit 1
fi
echo

echo "== The feed is gone; the kiosk still has everything (sunlight-sync status, then a lookup)"
"$bin/sunlight-sync" status --config "$build_dir/demo-kiosk.toml" || true
echo "\$ echo $sample | sunlight-sync lookup --config $build_dir/demo-kiosk.toml"
echo "$sample" | "$bin/sunlight-sync" lookup --config "$build_dir/demo-kiosk.toml" | sed -n "1,12p"  # sed reads to the end: no SIGPIPE under pipefail
echo "…"
if [ -d "$tour" ]; then
  printf 'screenshot 7-offline-home\n' > "$build_dir/demo-offline.script"
  "$bin/sunlight-kiosk" --config "$build_dir/demo-kiosk.toml" --headless --script "$build_dir/demo-offline.script" --out "$tour"
  echo "(the kiosk's home screen without the feed: the offline banner, the data still there)"
fi
if [ -d "$gallery" ]; then
  "$bin/sunlight-display" --config "$build_dir/demo-display.toml" --headless --screenshot "$gallery/offline-overview.png"
  echo "(the big screen without the feed: the last data, and how old it is, in the header)"
fi
echo
echo "Run it for real:  $bin/sunlight-feed serve --data-dir $data    (or --config config/feed.toml)"
echo "and a kiosk:      $bin/sunlight-kiosk --config $build_dir/demo-kiosk.toml --size 720x1280   (a window; fullscreen without --size)"
echo "and a big screen: $bin/sunlight-display --config $build_dir/demo-display.toml --size 1280x720"
echo "and the console: http://127.0.0.1:8480/console/ in a browser once the feed is served, user cadre or admin"
echo "The tokens, the cadre's login and sample resident IDs are above and in $build_dir/demo-feed.txt."
echo "Protocol: docs/feed-protocol.md."
