#!/usr/bin/env bash
# Render an investment-plan workbook to PDF and PNG pages with LibreOffice, to look at it the way
# an official will print it. Formulas are recalculated on load (a throw-away LibreOffice profile
# sets OOXMLRecalcMode to "always"), so the pages show what a spreadsheet program computes.
#
# Usage: scripts/render-workbook.sh path/to/investment-plan.xlsx [output-folder] [dpi]
# Needs: soffice (apt-get install libreoffice-calc-nogui) and pdftoppm (apt-get install poppler-utils).
set -euo pipefail

workbook="${1:?usage: scripts/render-workbook.sh path/to/investment-plan.xlsx [output-folder] [dpi]}"
output="${2:-$(dirname "$workbook")/rendered}"
dpi="${3:-80}"

soffice_bin="$(command -v soffice || command -v libreoffice || true)"
if [ -z "$soffice_bin" ]; then
  echo "error: soffice not found; install it with: apt-get install -y libreoffice-calc-nogui" >&2
  exit 1
fi
if [ ! -f "$workbook" ]; then
  echo "error: no such workbook: $workbook" >&2
  exit 1
fi

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
mkdir -p "$profile/user" "$output"
cat > "$profile/user/registrymodifications.xcu" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
XML

"$soffice_bin" "-env:UserInstallation=file://$profile" --headless --norestore --convert-to pdf --outdir "$output" "$workbook" >/dev/null
pdf="$output/$(basename "${workbook%.*}").pdf"
echo "PDF: $pdf"
if command -v pdftoppm >/dev/null; then
  pdftoppm -png -r "$dpi" "$pdf" "$output/page"
  echo "PNG pages: $output/page-*.png"
else
  echo "pdftoppm not found (apt-get install -y poppler-utils): PNG pages skipped" >&2
fi
