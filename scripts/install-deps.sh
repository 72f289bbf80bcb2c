#!/usr/bin/env bash
# Installs the Debian 12 packages Sunlight builds and tests with — the one list of them.
# Skips apt entirely when everything is present; uses sudo when not root.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake pkg-config
  # core
  libfmt-dev nlohmann-json3-dev libsqlitecpp-dev libsqlite3-dev libsodium-dev
  # feed server: HTTP, config file
  libcpp-httplib-dev libtomlplusplus-dev zlib1g-dev
  # terminal sync: the feed client (TLS through OpenSSL)
  libcurl4-openssl-dev
  # terminals' screens: SDL2 window or headless EGL surface, Dear ImGui 1.86 (OpenGL3 + FreeType),
  # PNG screenshots (stb), the CJK font found through fontconfig, Mesa's software GL for headless runs
  libsdl2-dev libimgui-dev libstb-dev libfreetype-dev libfontconfig-dev libgl-dev libegl-dev
  libgl1-mesa-dri libegl-mesa0 fonts-noto-cjk
  # tests, benchmarks and the demo (wrk loads the feed server in bench/; curl shows it in make demo)
  catch2 wrk curl
  # the cadre console's browser tests: Debian's Chromium, driven by playwright-core from npm
  chromium
)
# Node.js and npm run the console's browser tests. A machine that already has them (say from
# NodeSource) keeps its own: Debian's npm package would fight with it.
command -v node > /dev/null || PACKAGES+=(nodejs)
command -v npm > /dev/null || PACKAGES+=(npm)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

# playwright-core for the console's browser tests, exactly as package-lock.json pins it. Never
# a browser download: the tests use /usr/bin/chromium.
install_node_packages() {
  local dir
  dir="$(dirname "$0")/../tests/console"
  # The stamp is the lock file npm ci last installed from: a changed pin installs again.
  if ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.sunlight-installed-lock" 2> /dev/null; then
    echo "install-deps: npm ci in tests/console (playwright-core)" >&2
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error > /dev/null &&
      cp package-lock.json node_modules/.sunlight-installed-lock)
  fi
}

if [ ${#missing[@]} -eq 0 ]; then
  install_node_packages
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
install_node_packages
