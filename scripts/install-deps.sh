#!/usr/bin/env bash
# Installs the Debian 12 packages SRM needs to build and test, skipping those already present.
# Idempotent and quiet when everything is installed. Works as root, or via sudo when not root.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

PACKAGES=(
  build-essential cmake ninja-build pkg-config
  antlr4 default-jre-headless libantlr4-runtime-dev
  llvm-14-dev libfmt-dev catch2 libsimdjson-dev libyaml-cpp-dev libcli11-dev libre2-dev
  rapidjson-dev
  # the Control Tower fidelity suite (tests/controltower/): python3, and npm for cfn-guard's rules
  python3 nodejs npm
  # the matrix's HTML page is rendered and its filters clicked in headless Chromium (tests/matrix/)
  chromium
  # llvm-14-dev link dependencies
  zlib1g-dev libzstd-dev libtinfo-dev libxml2-dev libedit-dev libffi-dev
)

is_installed() {
  # "install ok installed" and not e.g. "deinstall ok config-files".
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]
}

missing=()
for pkg in "${PACKAGES[@]}"; do
  if [[ "$pkg" == default-jre-headless ]] && command -v java >/dev/null 2>&1 \
      && java -version >/dev/null 2>&1; then
    continue  # any working Java runtime will do for the antlr4 tool
  fi
  if [[ "$pkg" == nodejs || "$pkg" == npm ]] && command -v node >/dev/null 2>&1 \
      && command -v npm >/dev/null 2>&1; then
    continue  # any working node and npm will do (e.g. NodeSource's nodejs, which bundles npm)
  fi
  is_installed "$pkg" || missing+=("$pkg")
done

if ((${#missing[@]} > 0)); then
  if [[ "$(id -u)" -eq 0 ]]; then
    SUDO=()
  elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo DEBIAN_FRONTEND=noninteractive)
  else
    echo "install-deps: missing packages: ${missing[*]}" >&2
    echo "install-deps: not root and sudo is not available; install them as root:" >&2
    echo "  apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  echo "install-deps: installing: ${missing[*]}"
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
fi

# The ANTLR tool is a Java program: check that it really runs (needs a JRE).
if ! antlr4 >/dev/null 2>&1; then
  echo "install-deps: 'antlr4' is installed but does not run (is a Java runtime present?)" >&2
  echo "  try: apt-get install -y --no-install-recommends default-jre-headless" >&2
  exit 1
fi
