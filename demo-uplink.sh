#!/usr/bin/env bash
# Two "hosts" on this machine, each a socket directory with its own host id and two sibling
# sample apps, joined through a local RabbitMQ: a line typed on one host is printed by every
# member of both hosts but its sender, and a line addressed to a member's
# host:application:instance id by that member only. Installs and starts RabbitMQ if needed
# (scripts/rabbitmq.sh: loopback only), stops everything it started, and exits non-zero if a
# line is missing or arrives where it must not. Needs Java 17+ and Maven 3.8+ (it builds the
# sample jar if missing).
set -euo pipefail
cd "$(dirname "$0")"

jar=sample-app/target/sample-app-0.1.0-SNAPSHOT.jar
if [[ ! -f $jar ]] || ! jar tf "$jar" | grep -q '^BOOT-INF/lib/ipc-uplink-'; then
	echo "Building the sample app..."
	mvn -q -B -DskipTests package -pl sample-app -am
fi

work=$(mktemp -d)
pids=()
writers=()
started_rabbitmq=0

# stop_members, stop_and_check_sockets and wait_for
source scripts/demo-lib.sh
wait_seconds=120

cleanup() {
	stop_members
	if ((started_rabbitmq)); then
		scripts/rabbitmq.sh stop
	fi
}
trap cleanup EXIT

if ! scripts/rabbitmq.sh status; then
	scripts/rabbitmq.sh start
	started_rabbitmq=1
fi

# Host ids of their own for each run; the broker drops each host's queue a minute after its hub
# stops (x-expires), so nothing of a run stays behind but the exchange ipc-demo.
run=$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
hosts=(a b)
members=(a1 a2 b1 b2)
uplink_args=(--ipc.uplink.enabled=true --ipc.uplink.destination=ipc-demo
	--spring.cloud.stream.rabbit.bindings.ipcUplink-in-0.consumer.expires=60000
	--spring.rabbitmq.host=127.0.0.1 --spring.rabbitmq.port=5672)

# start MEMBER: member a1 runs on host a, and so on
start() {
	local member=$1 host=${1:0:1}
	mkfifo "$work/in-$member"
	java -jar "$jar" --ipc.path="$work/host-$host/app.sock" --ipc.uplink.host-id="host-$host-$run" "${uplink_args[@]}" \
		<"$work/in-$member" >"$work/out-$member" 2>"$work/err-$member" &
	pids+=($!)
	exec {fd}>"$work/in-$member"
	writers+=("$fd")
	eval "writer_$member=$fd"
}

echo "Two hosts, host-a-$run and host-b-$run: their first members listen, one per host"
for host in "${hosts[@]}"; do
	mkdir -m 700 "$work/host-$host"
	start "${host}1"
done
for host in "${hosts[@]}"; do
	wait_for "$work/out-${host}1" 'role=LISTENER' 1
done
echo "Each host's second member connects to its listener"
for host in "${hosts[@]}"; do
	start "${host}2"
done
for member in "${members[@]}"; do
	wait_for "$work/out-$member" 'role=' 1
	echo "  $member: $(grep 'role=' "$work/out-$member" | sed 's/ path=[^ ]*//')"
done
for host in "${hosts[@]}"; do
	wait_for "$work/err-${host}1" '^ipc connected' 1
	# the hub's uplink has bound its queue: from now on, nothing sent to the host is lost
	wait_for "$work/err-${host}1" "Broker uplink of host 'host-$host-$run' receives from ipc-demo" 1
done
echo "  both listeners are their host's hub, connected to RabbitMQ"

echo "Each member says hello on its standard input"
for member in "${members[@]}"; do
	fd=writer_$member
	echo "hello from $member" >&"${!fd}"
done
for member in "${members[@]}"; do
	for other in "${members[@]}"; do
		if [[ $member != "$other" ]]; then
			wait_for "$work/out-$member" "^hello from $other\$" 1
		fi
	done
done
for member in "${members[@]}"; do
	echo "  $member printed: $(grep -v 'role=' "$work/out-$member" | sort | paste -sd ',' | sed 's/,/, /g')"
	if grep -q "^hello from $member\$" "$work/out-$member"; then
		echo "$member received its own message" >&2
		exit 1
	fi
done

b2_id=$(grep -o ' id=[^ ]*' "$work/out-b2" | head -n 1 | cut -d= -f2)
echo "a1 writes to b2 alone, by its id $b2_id, then to everyone"
echo "@$b2_id just for b2" >&"$writer_a1"
echo "that was all from a1" >&"$writer_a1"
wait_for "$work/out-b2" '^just for b2$' 1
for member in a2 b1; do
	# a1's later broadcast arrives after its direct line: by then the direct line would be here too
	wait_for "$work/out-$member" '^that was all from a1$' 1
	if grep -q 'just for b2' "$work/out-$member"; then
		echo "$member received the line for b2" >&2
		exit 1
	fi
done
echo "  b2 printed 'just for b2'; a2 and b1 did not"

echo "Stopping"
stop_and_check_sockets
echo "Done: two hosts, one hub each on RabbitMQ, every line delivered to every other member of both hosts, the direct one to its target only; no socket left."
