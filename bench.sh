#!/usr/bin/env bash
# Runs the ipc-benchmarks harness: ./bench.sh quick (about a minute) or ./bench.sh full.
# Prints the table (each figure beside its ratio to raw JDK Unix sockets measured in the same
# run) and writes it to ipc-benchmarks/target/benchmarks/results-<mode>.md. See BENCHMARKS.md.
# More arguments go to the harness: --out FILE, --subjects a,b, --no-jmh, --pinned, --unpinned-only,
# --rounds N.
#
# ./bench.sh uplink [smoke|quick|full] [--brokers rabbit,kafka] [--out FILE]: the cross-host
# round trip through the uplink beside plain Spring Cloud Stream on the same broker (RabbitMQ on
# 127.0.0.1, started through scripts/rabbitmq.sh and stopped again if this started it; Kafka in
# the harness's JVM), written to ipc-uplink-benchmarks/target/benchmarks/uplink-results-<mode>.md.
set -euo pipefail
cd "$(dirname "$0")"

mode="${1:-quick}"
shift || true
case "$mode" in
	quick | full | smoke) ;;
	uplink)
		uplink_mode=quick
		if [[ $# -gt 0 && $1 != --* ]]; then
			uplink_mode=$1
			shift
		fi
		if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
			mvn -B -q -pl ipc-uplink-benchmarks -am package -DskipTests
		fi
		started_rabbitmq=0
		if [[ " $* " != *" --brokers "* || " $* " == *rabbit* ]] && ! scripts/rabbitmq.sh status; then
			scripts/rabbitmq.sh start
			started_rabbitmq=1
		fi
		status=0
		java -cp "ipc-uplink-benchmarks/target/classes:ipc-uplink-benchmarks/target/lib/*" \
			dev.ipcsocket.benchmarks.uplink.UplinkBenchmark "$uplink_mode" "$@" || status=$?
		if ((started_rabbitmq)); then
			scripts/rabbitmq.sh stop
		fi
		exit "$status"
		;;
	*)
		echo "usage: $0 quick|full [--out FILE] [--subjects a,b] [--no-jmh] [--pinned | --unpinned-only] [--rounds N]" >&2
		echo "       $0 uplink [smoke|quick|full] [--brokers rabbit,kafka] [--out FILE]" >&2
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
