#!/usr/bin/env bash
# Render a pushback workbook with LibreOffice, to check by eye that it opens
# and that the Summary sheet's charts draw: the workbook is converted to PDF
# and the Summary sheet's page(s) to PNG.
#
#   scripts/render-xlsx.sh pushback-out/pushback-<id>.xlsx [OUTDIR]
#
# OUTDIR (default: a "render" directory beside the workbook) receives
# <name>.pdf and summary-<n>.png. libreoffice-calc and poppler-utils are
# installed with apt-get when missing (Debian/Ubuntu, as root): this is an
# operator's check, not part of CI.
set -euo pipefail

book=${1:?usage: scripts/render-xlsx.sh WORKBOOK.xlsx [OUTDIR]}
out=${2:-$(dirname "$book")/render}
[ -f "$book" ] || { echo "render-xlsx: no workbook $book" >&2; exit 2; }

need=()
command -v libreoffice >/dev/null || need+=(libreoffice-calc)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  echo "render-xlsx: installing ${need[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

mkdir -p "$out"
# A separate profile, so a desktop LibreOffice that is open does not
# swallow the conversion; SinglePageSheets makes each sheet one PDF page
# (LibreOffice 7.4+), so the Summary sheet, its table and both charts,
# is page 1.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
filter='pdf:calc_pdf_Export:{"SinglePageSheets":{"type":"boolean","value":"true"}}'
libreoffice -env:UserInstallation=file://"$profile" --headless --convert-to "$filter" --outdir "$out" "$book" >&2
pdf="$out/$(basename "${book%.*}").pdf"
[ -f "$pdf" ] || { echo "render-xlsx: LibreOffice wrote no $pdf" >&2; exit 1; }
pdftoppm -png -r "${DPI:-90}" -f 1 -l 1 "$pdf" "$out/summary"
echo "pdf: $pdf"
ls "$out"/summary*.png
