#!/usr/bin/env bash
# Installs the Debian packages the test suite needs: strongSwan for the interop lab,
# iproute2/iptables/util-linux/procps for its network namespaces and NAT, the net-snmp tools
# and snmptrapd for the SNMP checks, nginx with the stream module as UDP load balancer,
# FreeRADIUS for the RADIUS tests (each starts its own instance: the client test on loopback,
# the eap-radius interop test inside the lab's namespace), curl to read the node's metrics in
# that namespace, Maven and a JDK 17.
# Run as root. Packages already installed are left alone, and apt-get update runs only
# when something is missing, so a second run changes nothing.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

packages=(
  strongswan-charon
  strongswan-swanctl
  libcharon-extra-plugins
  libcharon-extauth-plugins
  libstrongswan-extra-plugins
  libstrongswan-standard-plugins
  iproute2
  iptables
  util-linux
  procps
  snmp
  snmptrapd
  nginx
  libnginx-mod-stream
  freeradius
  curl
  maven
)

if [ "$(id -u)" -ne 0 ]; then
  echo "install-test-deps: must run as root (it installs Debian packages)" >&2
  exit 1
fi

is_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

# Prints the major version of the javac on PATH, or 0 when there is none.
javac_major_version() {
  command -v javac >/dev/null 2>&1 || { echo 0; return; }
  javac -version 2>&1 | awk '{ split($2, v, "."); print v[1] + 0; exit }'
}

missing=()
for package in "${packages[@]}"; do
  is_installed "$package" || missing+=("$package")
done
if [ "$(javac_major_version)" -lt 17 ]; then
  missing+=(openjdk-17-jdk-headless)
fi

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-test-deps: all test dependencies are already installed"
  exit 0
fi

echo "install-test-deps: installing ${missing[*]}"
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-test-deps: installed ${missing[*]}"
