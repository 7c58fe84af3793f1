#!/usr/bin/env bash
# Set up OS¹ in ./.venv on Debian/Ubuntu: system packages, then the Python package.
#   scripts/setup.sh          what OS¹ needs to run
#   scripts/setup.sh --dev    plus what the tests need
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1

run_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "setup: need root (or sudo) to run: $*" >&2; exit 1; fi
}

# speech out (espeak-ng for pyttsx3), audio devices (PortAudio, ALSA's pulse plugin, aplay)
packages=(python3-venv python3-dev espeak-ng libportaudio2 libasound2-plugins alsa-utils)
# tests: a virtual sound server, test voices and audio tools, a real terminal, a real IMAP server
[ $dev = 1 ] && packages+=(pulseaudio pulseaudio-utils flite sox tmux dovecot-imapd)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  run_root apt-get update -qq
  run_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ $dev = 1 ]; then
  .venv/bin/python -m pip install -q -e ".[test]"
else
  .venv/bin/python -m pip install -q -e .
fi
# Build now what OS¹ would otherwise build on first use: the skill index and the film database
# (a few seconds). Not needed to run, so a failure here is reported and setup carries on.
if ! .venv/bin/os1 prepare; then
  echo "setup: could not prepare the skill index or the film database now (see above);" \
       "OS¹ builds them on first use instead" >&2
fi
echo "OS¹ is set up in $(pwd)/.venv"
