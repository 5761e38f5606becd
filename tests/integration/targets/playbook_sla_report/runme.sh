#!/usr/bin/env bash
# Integration test of playbooks/sla_report.yml on the example inventory and
# its example outage export: the three files are written, a figure checked by
# hand is in them, a second run changes nothing, a missing export is refused, an
# export without outages needs sla_report_allow_empty, every problem of a bad
# export is listed at once.
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/../setup_divalto/lib.sh"

divalto_setup --copy-example
root="$DIVALTO_ROOT" work="$DIVALTO_WORK" config="$DIVALTO_CONFIG"
playbook="$root/playbooks/sla_report.yml"
# the example export is about 2025: fix the period instead of "last year"
period=(-e sla_report_period_start=2025-01-01T00:00:00+01:00 -e sla_report_period_end=2026-01-01T00:00:00+01:00)

echo "== report of 2025 on the example export"
ansible-playbook -i "$config" "$playbook" -e "sla_report_outages=$work/example/outages.csv" \
    -e "sla_report_dir=$work/reports" "${period[@]}" > "$work/out.txt" 2>&1 || { cat "$work/out.txt" >&2; exit 1; }
grep -q "changed=1 " "$work/out.txt"
for name in sla.json sla.csv sla.html; do
    test -s "$work/reports/$name" || { echo "missing $name" >&2; exit 1; }
done
# acme_production, March 2025: 21 service days = 756000 s; INC-2025-0031 across
# the night of 12 to 13 March costs 17:30-18:00 + 08:00-09:00 = 5400 s:
# 1 - 5400 / 756000 = 99.2857 %, below 99.4 %.
grep -qx "acme_production,month,2025-03,756000,5400,99.2857,false" "$work/reports/sla.csv"
# Good Friday (breizhfood) and the waived planned maintenance (cobalt) are free.
grep -qx "breizhfood_production,year,2025,8964000,0,100.0000,true" "$work/reports/sla.csv"
grep -qx "cobalt_production,year,2025,8964000,0,100.0000,true" "$work/reports/sla.csv"
python3 - "$work/reports/sla.json" <<'PY'
import json, sys

report = json.load(open(sys.argv[1]))
assert sorted(report["environments"]) == [
    "acme_production", "breizhfood_production", "cobalt_production", "dentelles_production"], report["environments"]
assert report["environments"]["acme_production"]["total"]["outage_seconds"] == 10800
PY
grep -q "<svg" "$work/reports/sla.html"

echo "== a second run changes nothing"
ansible-playbook -i "$config" "$playbook" -e "sla_report_outages=$work/example/outages.csv" \
    -e "sla_report_dir=$work/reports" "${period[@]}" > "$work/out.txt" 2>&1 || { cat "$work/out.txt" >&2; exit 1; }
grep -q "changed=0 " "$work/out.txt"

echo "== no export given"
rc=0
ansible-playbook -i "$config" "$playbook" -e "sla_report_dir=$work/none" > "$work/out.txt" 2>&1 || rc=$?
test "$rc" -eq 2
grep -qF "sla_report_outages: is required: -e sla_report_outages=<path to a .csv or .json export>" "$work/out.txt"
test ! -e "$work/none"

echo "== a header without outages is refused, then accepted with sla_report_allow_empty"
head -n 1 "$work/example/outages.csv" > "$work/empty.csv"
rc=0
ansible-playbook -i "$config" "$playbook" -e "sla_report_outages=$work/empty.csv" \
    -e "sla_report_dir=$work/empty" "${period[@]}" > "$work/out.txt" 2>&1 || rc=$?
test "$rc" -eq 2
grep -qF "empty.csv: a header line and no outage; a report without any outage needs allow_empty=true" "$work/out.txt"
test ! -e "$work/empty"
ansible-playbook -i "$config" "$playbook" -e "sla_report_outages=$work/empty.csv" -e sla_report_allow_empty=true \
    -e "sla_report_dir=$work/empty" "${period[@]}" > "$work/out.txt" 2>&1 || { cat "$work/out.txt" >&2; exit 1; }
grep -qx "acme_production,year,2025,8964000,0,100.0000,true" "$work/empty/sla.csv"

echo "== a misspelt environment and a naive time are both listed, nothing is written"
sed -e '2s/acme_production/acme_prodution/' -e '3s/T09:00:00+02:00/T09:00:00/' \
    "$work/example/outages.csv" > "$work/typo.csv"
rc=0
ansible-playbook -i "$config" "$playbook" -e "sla_report_outages=$work/typo.csv" \
    -e "sla_report_dir=$work/typo" "${period[@]}" > "$work/out.txt" 2>&1 || rc=$?
test "$rc" -eq 2
grep -qF "typo.csv: 2 problems" "$work/out.txt"
grep -qF "environment 'acme_prodution' is not an environment of the inventory (did you mean 'acme_production'?)" \
    "$work/out.txt"
grep -qF "typo.csv line 3 (record 1, id INC-2025-0047): column 'start': timestamp '2025-04-18T09:00:00' has no UTC" \
    "$work/out.txt"
test ! -e "$work/typo"
echo "playbook_sla_report: all checks passed"
