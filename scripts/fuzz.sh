#!/usr/bin/env bash
# Runs every fuzz target of the module for a fixed time each and prints a
# table of executions and findings. Crashers land, as go test writes them, in
# the package's testdata/fuzz/<Target>/ and are kept there as regression seeds.
#
#   scripts/fuzz.sh [-time 10m] [-j 2] [-minimize 5s] [-logs DIR] [target-regexp]
#
# -j runs that many targets at once, each with one worker (-parallel=1), so
# that the time given is the time each target had a core. -minimize bounds
# the time spent shrinking each input that finds new coverage or fails: go
# test's default, a minute, let one new input of examples/nlgen-tc take a
# whole 45-second run (21 executions), and CI gives each target 5 seconds.
set -uo pipefail
cd "$(dirname "$0")/.."

fuzztime=10m jobs=2 minimize=5s logs=$(mktemp -d /tmp/nlfuzz.XXXX) filter=.
while [ $# -gt 0 ]; do
	case $1 in
	-time) fuzztime=$2; shift 2 ;;
	-j) jobs=$2; shift 2 ;;
	-minimize) minimize=$2; shift 2 ;;
	-logs) logs=$2; mkdir -p "$logs"; shift 2 ;;
	*) filter=$1; shift ;;
	esac
done

# pkg target pairs, from go test -list in each package that has fuzz targets.
# A package whose tests do not build, or a filter that matches nothing, is
# an error: a fuzz pass must not succeed by running nothing.
targets=()
for pkg in $(go list ./...); do
	if ! list=$(go test -list '^Fuzz' "$pkg" 2>&1); then
		echo "fuzz.sh: go test -list $pkg failed:" >&2
		echo "$list" >&2
		exit 1
	fi
	for t in $(echo "$list" | grep '^Fuzz'); do
		if [[ "$pkg $t" =~ $filter ]]; then targets+=("$pkg $t"); fi
	done
done
if [ ${#targets[@]} = 0 ]; then
	echo "fuzz.sh: no fuzz target matches $filter" >&2
	exit 1
fi
echo "fuzzing ${#targets[@]} targets for $fuzztime each, $jobs at a time; logs in $logs"

# deadlineRace tells whether a failed run's log shows only Go's fuzzing
# coordinator failing at the -fuzztime deadline (go.dev/issue/75804, fixed
# in Go 1.27): the bare "context deadline exceeded" right after the FAIL
# line, and no failing input written. A finding always writes its input.
deadlineRace() {
	! grep -q 'Failing input written' "$1" &&
		grep -A1 -- '^--- FAIL: Fuzz' "$1" | tail -1 | grep -qx '[[:space:]]*context deadline exceeded'
}

# run fuzzes one target; a run lost to the coordinator race is run again,
# at most twice, and counted in $log.retries.
run() {
	local pkg=$1 t=$2
	local log="$logs/$(basename "$pkg")-$t.log" rc tries=0
	while :; do
		go test "$pkg" -run '^$' -fuzz "^$t\$" -fuzztime "$fuzztime" -fuzzminimizetime "$minimize" -parallel 1 >"$log" 2>&1
		rc=$?
		if [ $rc = 0 ] || [ $tries = 2 ] || ! deadlineRace "$log"; then break; fi
		tries=$((tries + 1))
		cp "$log" "$log.race$tries"
	done
	echo $rc >"$log.rc"
	echo $tries >"$log.retries"
}
export -f run deadlineRace
export logs fuzztime minimize
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -L 1 bash -c 'run "$0" "$1"'

status=0 failed=()
printf '%-55s %-8s %12s %10s %s\n' TARGET TIME EXECS CORPUS RESULT
for pt in "${targets[@]}"; do
	set -- $pt
	log="$logs/$(basename "$1")-$2.log"
	last=$(grep -o 'elapsed: [^,]*, execs: [0-9]*' "$log" | tail -1)
	execs=$(echo "$last" | sed -n 's/.*execs: \([0-9]*\).*/\1/p')
	corpus=$(grep -o 'total: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
	retries=$(cat "$log.retries")
	if [ "$(cat "$log.rc")" = 0 ]; then
		result=ok
		[ "$retries" = 0 ] || result="ok (run again $retries× after the coordinator's deadline race, go.dev/issue/75804)"
	else
		result="FAIL (see $log)"
		failed+=("$log")
		status=1
	fi
	printf '%-55s %-8s %12s %10s %s\n' "${1#github.com/nltag/go-netlink/}.$2" "$fuzztime" "${execs:-?}" "${corpus:-?}" "$result"
done
# CI keeps only this output: show why each failure failed.
for log in "${failed[@]}"; do
	echo
	echo "== $log (last 40 lines without progress)"
	grep -v '^fuzz: elapsed' "$log" | tail -40
done
exit $status
