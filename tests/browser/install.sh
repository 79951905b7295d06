#!/usr/bin/env bash
# What the browser tests need beyond Python: Debian's Chromium (no browser download) and axe-core from npm.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v chromium >/dev/null; then
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-liberation
fi
npm ci --no-audit --no-fund --silent
