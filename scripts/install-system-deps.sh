#!/usr/bin/env bash
# Installs the Debian packages the full test suite needs, only those missing:
#   postgresql (store tests), tesseract-ocr + eng/ara/fas data and FriBiDi (OCR), chromium (browser tests),
#   a Java runtime (Spark local mode).
# Usage: scripts/install-system-deps.sh [all|postgres|ocr|browser|java|demo|bench] ...
#   demo: only what `hatescope demo` needs to read its poster (Tesseract with English data, fonts);
#   not part of `all`, which installs the full OCR set.
#   bench: the en_US.UTF-8 locale that the hatesonar peer of benchmarks/ needs (its ONNX string normaliser
#   fails without it); not part of `all`.
# Needs root and apt-get (CI runs as root). Without them it says what is missing and exits 0, so tests can
# skip and the demo can leave out its poster.
set -u
want=("$@"); [ ${#want[@]} -eq 0 ] && want=(all)
has() { for w in "${want[@]}"; do [ "$w" = all ] || [ "$w" = "$1" ] && return 0; done; return 1; }
only() { for w in "${want[@]}"; do [ "$w" = "$1" ] && return 0; done; return 1; }

pkgs=()
if has postgres && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then pkgs+=(postgresql); fi
langs=()
if has ocr; then langs=(eng ara fas); elif only demo; then langs=(eng); fi
if [ ${#langs[@]} -gt 0 ]; then
  command -v tesseract >/dev/null 2>&1 || pkgs+=(tesseract-ocr)
  for l in "${langs[@]}"; do dpkg -s "tesseract-ocr-$l" >/dev/null 2>&1 || pkgs+=("tesseract-ocr-$l"); done
  fc-list 2>/dev/null | grep -qi dejavu || pkgs+=(fonts-dejavu-core)
  fc-list 2>/dev/null | grep -qi liberation || pkgs+=(fonts-liberation)
fi
# Arabic and Persian posters (tests/test_image_arabic_script.py): Pillow's wheels join and order Arabic-script
# letters through Raqm, which loads FriBiDi from the system; DejaVu Sans has the glyphs.
if has ocr && ! ldconfig -p 2>/dev/null | grep -q libfribidi; then pkgs+=(libfribidi0); fi
if has browser && ! command -v chromium >/dev/null 2>&1; then pkgs+=(chromium); fi
if has java && ! command -v java >/dev/null 2>&1; then pkgs+=(openjdk-17-jre-headless); fi
need_locale=0
if only bench && ! locale -a 2>/dev/null | grep -qi '^en_US\.utf-\?8$'; then
  need_locale=1
  [ -f /usr/share/i18n/locales/en_US ] && command -v localedef >/dev/null 2>&1 || pkgs+=(locales)
fi
make_locale() {
  [ "$need_locale" = 1 ] && [ "$(id -u)" = 0 ] && command -v localedef >/dev/null 2>&1 || return 0
  localedef -i en_US -f UTF-8 en_US.UTF-8 || echo "install-system-deps: could not build en_US.UTF-8" >&2
}

if [ ${#pkgs[@]} -eq 0 ]; then make_locale; exit 0; fi
if only demo; then skips="the demo will leave out its poster"; else skips="tests that need them will skip"; fi
if [ "$(id -u)" != 0 ]; then
  echo "install-system-deps: not root; missing: ${pkgs[*]} ($skips)" >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-system-deps: no apt-get; missing: ${pkgs[*]} ($skips)" >&2
  exit 0
fi
echo "install-system-deps: installing ${pkgs[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
if ! apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/tmp/hatescope-apt.log 2>&1; then
  echo "install-system-deps: apt-get failed (see /tmp/hatescope-apt.log); $skips" >&2
fi
make_locale
exit 0
