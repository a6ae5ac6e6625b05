#!/usr/bin/env bash
# run.sh runs go-netlink's benchmarks against vishvananda/netlink and
# jsimonetti/rtnetlink and prints benchstat's tables and the ratio table of
# BENCHMARKS.md. It needs root (it makes a network namespace per round), ip(8)
# and benchstat (go install golang.org/x/perf/cmd/benchstat@latest).
#
#   bench/run.sh [-n ROUNDS] [-o DIR] [-rev REV] [-bench REGEXP] [-benchtime T] [-profile]
#
#   -n ROUNDS      rounds (default 6); each round is a fresh process with its
#                  own namespace that runs every benchmark once, so that a
#                  change of machine load spreads over all libraries alike
#   -o DIR         where results go (default: a new /tmp/nlbench.* directory)
#   -rev REV       benchmark the main module as committed at REV (git archive)
#                  instead of the work tree; the harness is this bench/
#   -bench REGEXP  which benchmarks (default: all)
#   -benchtime T   go test -benchtime (default 1s)
#   -profile       also write CPU and allocation profiles of our code paths
#                  and print their top functions
#
# It is not part of CI. A full run takes about ten minutes on two cores.
set -euo pipefail

rounds=6 out="" rev="" snap="" bench=. benchtime=1s profile=0
usage() { sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
	case "$1" in
	-n) rounds=$2; shift 2 ;;
	-o) out=$2; shift 2 ;;
	-rev) rev=$2; shift 2 ;;
	-bench) bench=$2; shift 2 ;;
	-benchtime) benchtime=$2; shift 2 ;;
	-profile) profile=1; shift ;;
	-h | -help | --help) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
if [ "$(id -u)" != 0 ]; then
	echo "run.sh: needs root, to make network namespaces" >&2
	exit 1
fi
PATH=$PATH:$(go env GOPATH)/bin
if ! command -v benchstat >/dev/null; then
	echo "run.sh: benchstat missing: go install golang.org/x/perf/cmd/benchstat@latest" >&2
	exit 1
fi
out=${out:-$(mktemp -d /tmp/nlbench.XXXXXX)}
mkdir -p "$out"

src=$here
if [ -n "$rev" ]; then
	snap=$(mktemp -d /tmp/nlbench-src.XXXXXX)
	git -C "$root" archive "$rev" | tar -x -C "$snap"
	rm -rf "$snap/bench"
	cp -r "$here" "$snap/bench"
	src=$snap/bench
	echo "main module: $rev ($(git -C "$root" rev-parse "$rev")), from $snap"
else
	echo "main module: the work tree at $root (HEAD $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- . ':!bench' || echo ', with uncommitted changes'))"
fi

(cd "$src" && go test -c -o "$out/bench.test" . && go build -o "$out/ratios" ./cmd/ratios)

# One namespace serves every round: the first run of the test binary
# populates it, the others find it populated. (Deleting a namespace with
# 100,000 routes keeps a kernel worker busy for seconds after ip(8) returns;
# a namespace per round would disturb the round after it.)
export BENCH_NETNS=bench-run-$$
ip netns add "$BENCH_NETNS"
ip -n "$BENCH_NETNS" link set lo up
trap 'ip netns del "$BENCH_NETNS" 2>/dev/null || true; [ -z "${snap:-}" ] || rm -rf "$snap"' EXIT
trap 'exit 130' INT TERM
runbin() { # runbin LOGFILE ARGS...
	local log=$1
	shift
	(cd "$src" && "$out/bench.test" "$@") 2>>"$log"
}

{
	echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
	echo "kernel: $(uname -r)"
	echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores"
	echo "memory: $(free -g | awk '/^Mem:/ {print $2}') GiB"
	echo "go: $(go version)"
	echo "iproute2: $(ip -V)"
	echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$out/machine.txt"
cat "$out/machine.txt"

echo "== checks: every library decodes the same objects, every request is accepted"
runbin "$out/log.txt" -test.run . -test.bench '^$' -test.count 1 >"$out/checks.txt" || {
	cat "$out/checks.txt" "$out/log.txt" >&2
	exit 1
}
tail -1 "$out/checks.txt"

: >"$out/results.txt"
start=$(date +%s)
for i in $(seq "$rounds"); do
	echo "== round $i/$rounds (load $(cut -d' ' -f1-3 /proc/loadavg))"
	echo "# round $i load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/log.txt"
	BENCH_ROUND=$i runbin "$out/log.txt" -test.run '^$' -test.bench "$bench" -test.benchtime "$benchtime" -test.count 1 >>"$out/results.txt"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/machine.txt"
echo "rounds: $rounds in $(( $(date +%s) - start )) s" >>"$out/machine.txt"

{
	for b in Decode NewValue Encode List; do
		if grep -q "^Benchmark$b/" "$out/results.txt"; then
			echo "### benchstat: $b"
			echo
			echo '```'
			benchstat -filter ".name:$b" -col /lib "$out/results.txt"
			echo '```'
			echo
		fi
	done
} >"$out/benchstat.md"
"$out/ratios" "$out/results.txt" >"$out/ratios.md"

if [ "$profile" = 1 ]; then
	echo "== profiles"
	for p in 'Decode/dump=routes/lib=ours-plain' 'Decode/dump=routes/lib=ours-lossless' \
		'Decode/dump=links/lib=ours-plain' 'Decode/dump=addrs/lib=ours-plain' \
		'Encode/req=veth-add/lib=ours$' 'List/dump=routes/lib=ours$' 'List/dump=routes/lib=ours-conn' \
		'List/dump=routes/lib=raw'; do
		name=$(echo "$p" | tr -c 'a-zA-Z0-9\n' '-' | sed 's/-*$//')
		runbin "$out/log.txt" -test.run '^$' -test.bench "^Benchmark$p" -test.benchtime 3s \
			-test.cpuprofile "$out/cpu-$name.pprof" -test.memprofile "$out/mem-$name.pprof" >/dev/null
		{
			echo "### $p: CPU"
			go tool pprof -top -nodecount=30 "$out/bench.test" "$out/cpu-$name.pprof" 2>/dev/null
			echo
			echo "### $p: allocations (alloc_space)"
			go tool pprof -top -nodecount=15 -sample_index=alloc_space "$out/bench.test" "$out/mem-$name.pprof" 2>/dev/null
			echo
		} >>"$out/profiles.txt"
	done
	echo "profiles: $out/profiles.txt (go tool pprof $out/bench.test $out/cpu-*.pprof)"
	if [ -n "$snap" ]; then
		echo "  the -rev sources are removed on exit; for pprof -list use the work tree if unchanged:"
		echo "  go tool pprof -trim_path=$snap -source_path=$root -list FUNC $out/bench.test PROFILE"
	fi
fi

cat "$out/benchstat.md" "$out/ratios.md"
echo "results: $out (machine.txt, results.txt, benchstat.md, ratios.md, log.txt)"
