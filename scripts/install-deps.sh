#!/usr/bin/env bash
# Installs every Debian 12 package that building, testing and running Alhena needs.
# Quiet when everything is already present; uses sudo when not run as root.
set -euo pipefail

packages=(
    # toolchain
    build-essential cmake ninja-build pkg-config clang-format git
    # Qt 6.4 (Debian 12)
    libssl-dev qt6-base-dev qt6-base-dev-tools qt6-multimedia-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools
    qt6-l10n-tools qt6-translations-l10n libqt6sql6-sqlite libqt6svg6 qt6-qpa-plugins libgl-dev
    # API key in the OS keychain
    qtkeychain-qt6-dev libsecret-1-0 gnome-keyring dbus dbus-x11
    # audio preview of attachments
    gstreamer1.0-plugins-good
    # tests, screenshots and benchmarks
    xvfb xauth xdotool imagemagick curl time python3 desktop-file-utils appstream
    # fonts so screenshots under Xvfb show real text
    fonts-dejavu-core
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

[ ${#missing[@]} -eq 0 ] && exit 0

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo_cmd=(sudo)
fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
