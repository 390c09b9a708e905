#!/usr/bin/env bash
# Runs the ipc-benchmarks harness: ./bench.sh quick (about a minute) or ./bench.sh full.
# Prints the table (each figure beside its ratio to raw JDK Unix sockets measured in the same
# run) and writes it to ipc-benchmarks/target/benchmarks/results-<mode>.md. See BENCHMARKS.md.
# More arguments go to the harness: --out FILE, --subjects a,b, --no-jmh, --unpinned-only.
set -euo pipefail
cd "$(dirname "$0")"

mode="${1:-quick}"
shift || true
case "$mode" in
	quick | full | smoke) ;;
	*)
		echo "usage: $0 quick|full [--out FILE] [--subjects a,b] [--no-jmh] [--unpinned-only]" >&2
		exit 2
		;;
esac

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
	mvn -B -q -pl ipc-benchmarks -am package -DskipTests
fi

# BENCH_PEER_JVM_OPTIONS reaches the peer JVMs, e.g. a JFR recording when profiling.
exec java -Dbench.peerJvmOptions="${BENCH_PEER_JVM_OPTIONS:-}" \
	-cp "ipc-benchmarks/target/classes:ipc-benchmarks/target/lib/*" \
	dev.ipcsocket.benchmarks.BenchmarkHarness "$mode" "$@"
