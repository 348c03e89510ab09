#!/usr/bin/env bash
# Render the README's screenshots of the sample city (headless): docs/screenshots/*.png
set -euo pipefail
cache=${1:-data/sample_city/sample_city.gpkg}
out=docs/screenshots
mkdir -p "$out"
cv=.venv/bin/cimview
$cv "$cache" --screenshot "$out/overview.png" --size 1280x800
$cv "$cache" --screenshot "$out/housing_safety_grade.png" --size 1280x800 --theme safety_grade
# Underground, at the crossing of 珠湾大道 near the centre of the default city (seed 2026).
$cv "$cache" --screenshot "$out/underground.png" --size 1280x800 --underground \
    --camera 428339.9,2555561.7,49,428384.9,2555621.7,7
# The window reviewing the proposal's BIM (needs an X display: Xvfb).
xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tools/window_screenshot.py bim "$cache" \
    "$out/bim_review.png"
# The window on the sample city, housing coloured by safety grade (Xvfb).
xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tools/window_screenshot.py map "$cache" \
    "$out/window.png"
# Review ▸ Run review on the proposal, its failing rule selected (Xvfb).
xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tools/window_screenshot.py review "$cache" \
    "$out/plan_review.png"
