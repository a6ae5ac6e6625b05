#!/usr/bin/env bash
# scripts/icount.sh BINARY BENCH-REGEXP: instructions per op, by cachegrind, as the
# difference between runs of N1 and N2 iterations (setup cancels); R pairs,
# the median printed. Run it from the package's directory (for testdata),
# with GOGC=off GOMAXPROCS=1, which make the counts repeat to a few in ten
# thousand (a collection or an idle P's spinning otherwise adds to a run):
#
#   go test -c -o /tmp/new.test ./nltag && cd nltag &&
#   GOGC=off GOMAXPROCS=1 ../scripts/icount.sh /tmp/new.test 'LinkDecode/nltag$'
set -euo pipefail
bin=$1 re=$2 n1=${N1:-5000} n2=${N2:-25000} r=${R:-3}
ir() {
	local out; out=$(mktemp)
	valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$bin" -test.run '^$' -test.bench "$re" -test.benchtime "${1}x" >"$out.o" 2>"$out"
	grep -qE "^Benchmark.*[[:space:]]${1}[[:space:]]" "$out.o" || { echo "run failed: $(cat "$out.o")" >&2; exit 1; }
	grep -o 'I *refs: *[0-9,]*' "$out" | tr -d ', ' | cut -d: -f2
	rm -f "$out" "$out.o"
}
vals=()
for _ in $(seq "$r"); do a=$(ir "$n1"); b=$(ir "$n2"); vals+=($(( (b - a) / (n2 - n1) ))); done
med=$(printf '%s\n' "${vals[@]}" | sort -n | sed -n "$(( (r + 1) / 2 ))p")
echo "$re $med (${vals[*]})"
