#!/usr/bin/env bash
# System packages the project needs on Debian/Ubuntu. Idempotent: installs only
# what is missing, so a second run costs a second. Called by `make setup`.
#   cairo/pango headers + pkg-config: pycairo and manimpango build from source
#   texlive + dvisvgm: MathTex / Tex
#   fonts-noto-cjk: the Chinese subtitle track and CJK text
#   chromium + chromium-driver: the headless test of the HTML slide decks (selenium)
#   sox: manim-voiceover imports the sox module, which warns on every render without it
set -euo pipefail
packages=(
  build-essential pkg-config python3-dev python3-venv
  libcairo2-dev libpango1.0-dev
  texlive-latex-base texlive-latex-extra texlive-fonts-recommended dvisvgm
  fonts-noto-cjk
  chromium chromium-driver
  sox
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing system packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "error: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
