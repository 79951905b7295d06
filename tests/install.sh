#!/usr/bin/env bash
# What the tests need beyond the Python venv, from Debian's packages (never a browser or toolchain download):
# the venv module, Node.js and npm (for axe-core), Chromium and libatomic (for Playwright's driver) for the browser
# tests, LibreOffice Calc to render the scorecard to PDF and poppler-utils to read that PDF back. Each is
# installed only where missing, so a second run costs nothing.
# `install.sh venv` installs only the venv module: all that `make run` needs.
set -euo pipefail
cd "$(dirname "$0")"
missing=()
python3 -c "import ensurepip, venv" 2>/dev/null || missing+=(python3-venv)
if [ "${1:-}" != venv ]; then
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
  command -v chromium >/dev/null || missing+=(chromium fonts-liberation)
  ldconfig -p | grep -q libatomic.so.1 || missing+=(libatomic1)  # Playwright's own Node.js driver needs it
  command -v soffice >/dev/null || missing+=(libreoffice-calc)
  command -v pdftotext >/dev/null || missing+=(poppler-utils)  # the rendered scorecard read back
fi
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  echo "installing from Debian: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
[ "${1:-}" = venv ] && exit 0
# axe-core for the accessibility checks, pinned by package-lock.json
if [ ! -f e2e/browser/node_modules/.installed ] || [ e2e/browser/package-lock.json -nt e2e/browser/node_modules/.installed ]; then
  (cd e2e/browser && npm ci --no-audit --no-fund --silent && touch node_modules/.installed)
fi
