#!/usr/bin/env bash
# Recall (bench/realfix/score.py) and precision (bench/apps/evaluate.py) of one sqlfix
# binary on the tuned set and chosen held-out sets, two sets at a time.
#
#   bench/all_sets.sh BIN OUTDIR [SET ...]     SET: t (tuned), 1 (heldout), 2..N (heldoutN)
#
# Writes OUTDIR/recall$SET.txt (and .json), OUTDIR/prec$SET.txt and OUTDIR/dump$SET/ (each
# app's findings with code), then prints each set's totals. Needs the git mirrors of the
# sets' repositories (bench/realfix/mirrors.py says where and how to fetch them).
set -u
[ $# -ge 2 ] || { echo "usage: bench/all_sets.sh BIN OUTDIR [SET ...]" >&2; exit 2; }
bin=$(realpath "$1")
out=$(realpath -m "$2")
shift 2
cd "$(dirname "$0")/.."
sets=${*:-t}
mkdir -p "$out"
run() {
  local s=$1 sites apps judged
  case $s in
    t) sites=bench/realfix/sites.toml apps=bench/apps/apps.toml judged=bench/apps/judgements.toml ;;
    1) sites=bench/realfix/heldout_sites.toml apps=bench/apps/heldout.toml judged=bench/apps/heldout_judgements.toml ;;
    *) sites=bench/realfix/heldout${s}_sites.toml apps=bench/apps/heldout$s.toml judged=bench/apps/heldout${s}_judgements.toml ;;
  esac
  python3 bench/realfix/score.py --sqlfix "$bin" --sites "$sites" --json "$out/recall$s.json" >"$out/recall$s.txt" 2>&1
  python3 bench/apps/evaluate.py --sqlfix "$bin" --apps "$apps" --judgements "$judged" --dump "$out/dump$s" >"$out/prec$s.txt" 2>&1
}
first=() second=() i=0
for s in $sets; do
  if ((i % 2 == 0)); then first+=("$s"); else second+=("$s"); fi
  i=$((i + 1))
done
(for s in "${first[@]}"; do run "$s"; done) &
(for s in "${second[@]+"${second[@]}"}"; do run "$s"; done) &
wait
for s in $sets; do
  echo "== $s"
  grep -E "^all" "$out/recall$s.txt" | head -1
  grep -E "^all" "$out/prec$s.txt" | head -1
done
