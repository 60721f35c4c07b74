#!/usr/bin/env sh
# Regenerate docs/img/review-item.png: the browser test seeds a temporary database through the Store
# (fake word detector, no model), opens the item view in Debian's Chromium and saves the viewport.
# Needs /usr/bin/chromium (scripts/install-system-deps.sh) and the playwright package (dev extra).
set -eu
cd "$(dirname "$0")/.."
HATESCOPE_DOCS_SCREENSHOT=1 nice .venv/bin/python -m pytest tests/test_web_browser.py -q -p no:cacheprovider
ls -l docs/img/review-item.png
