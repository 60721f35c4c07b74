#!/usr/bin/env bash
# Installs the Debian packages the full test suite needs, only those missing:
#   postgresql (store tests), tesseract-ocr + eng/ara/fas data (OCR), chromium (browser tests),
#   a Java runtime (Spark local mode).
# Usage: scripts/install-system-deps.sh [all|postgres|ocr|browser|java] ...
# Needs root (CI runs as root). Without root it says what is missing and exits 0, so tests can skip.
set -u
want=("$@"); [ ${#want[@]} -eq 0 ] && want=(all)
has() { for w in "${want[@]}"; do [ "$w" = all ] || [ "$w" = "$1" ] && return 0; done; return 1; }

pkgs=()
if has postgres && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then pkgs+=(postgresql); fi
if has ocr; then
  command -v tesseract >/dev/null 2>&1 || pkgs+=(tesseract-ocr)
  for l in eng ara fas; do dpkg -s "tesseract-ocr-$l" >/dev/null 2>&1 || pkgs+=("tesseract-ocr-$l"); done
  fc-list 2>/dev/null | grep -qi dejavu || pkgs+=(fonts-dejavu-core)
  fc-list 2>/dev/null | grep -qi liberation || pkgs+=(fonts-liberation)
fi
if has browser && ! command -v chromium >/dev/null 2>&1; then pkgs+=(chromium); fi
if has java && ! command -v java >/dev/null 2>&1; then pkgs+=(openjdk-17-jre-headless); fi

[ ${#pkgs[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "install-system-deps: not root; missing: ${pkgs[*]} (tests that need them will skip)" >&2
  exit 0
fi
echo "install-system-deps: installing ${pkgs[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
if ! apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/tmp/hatescope-apt.log 2>&1; then
  echo "install-system-deps: apt-get failed (see /tmp/hatescope-apt.log); tests that need ${pkgs[*]} will skip" >&2
fi
exit 0
