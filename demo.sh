#!/usr/bin/env bash
# Starts three sibling sample apps on one socket path at the same moment, shows which one
# listens and which connect, has each say hello to the others, then stops them all and leaves
# nothing behind. Needs Java 17+ and Maven 3.8+ (it builds the sample jar if missing).
set -euo pipefail
cd "$(dirname "$0")"

jar=sample-app/target/sample-app-0.1.0-SNAPSHOT.jar
if [[ ! -f $jar ]]; then
	echo "Building the sample app..."
	mvn -q -B -DskipTests package -pl sample-app -am
fi

work=$(mktemp -d)
socket=$work/app.sock
pids=()

# stop_members, stop_and_check_sockets and wait_for
source scripts/demo-lib.sh
trap stop_members EXIT

echo "Starting three siblings on $socket"
writers=()
for i in 1 2 3; do
	mkfifo "$work/in$i"
	java -jar "$jar" --ipc.path="$socket" <"$work/in$i" >"$work/out$i" 2>"$work/err$i" &
	pids+=($!)
done
for i in 1 2 3; do
	exec {fd}>"$work/in$i"
	writers+=("$fd")
done

for i in 1 2 3; do
	wait_for "$work/out$i" 'role=' 1
	echo "  member $i: $(grep 'role=' "$work/out$i")"
done
listener=$(grep -l 'role=LISTENER' "$work"/out? | sed 's/.*out//')
wait_for "$work/err$listener" '^ipc connected' 2
echo "  member $listener listens; the other two are connected to it"

echo "Each member says hello on its standard input"
for i in 1 2 3; do
	echo "hello from member $i" >&"${writers[$((i - 1))]}"
done
for i in 1 2 3; do
	for j in 1 2 3; do
		if ((i != j)); then
			wait_for "$work/out$i" "hello from member $j" 1
		fi
	done
done
for i in 1 2 3; do
	echo "  member $i printed: $(grep -v -e 'role=' -e '^job ' "$work/out$i" | sort | paste -sd ',' | sed 's/,/, /g')"
	if grep -q "hello from member $i" "$work/out$i"; then
		echo "member $i received its own message" >&2
		exit 1
	fi
done

runner=$(grep -l '^job ' "$work"/out? | sed 's/.*out//' | paste -sd ',')
echo "  the leadership-guarded job (a 'job <id> <n>' line every 500 ms) runs on member ${runner:-none yet}"

echo "Stopping"
stop_and_check_sockets
echo "Done: one listener, two clients, every message delivered to every other member; no socket left."
