# Sourced by demo.sh and demo-uplink.sh: stopping the sample apps they start (and checking
# that they leave no socket behind), and waiting for what they print. The sourcing script sets
# work (its temporary directory), pids (the apps) and writers (the descriptors of the apps'
# standard inputs); wait_seconds may raise the 60 s bound.

# stop_members: close the apps' standard inputs, stop them, remove the work directory
stop_members() {
	for fd in "${writers[@]:-}"; do
		[[ -n $fd ]] && exec {fd}>&- || true
	done
	if ((${#pids[@]})); then
		kill "${pids[@]}" 2>/dev/null || true
		wait "${pids[@]}" 2>/dev/null || true
	fi
	rm -rf "$work"
}

# stop_and_check_sockets: stop the apps and fail if one of them left a socket file behind
stop_and_check_sockets() {
	kill "${pids[@]}"
	wait "${pids[@]}" 2>/dev/null || true
	pids=()
	local leftover
	leftover=$(find "$work" -type s)
	if [[ -n $leftover ]]; then
		echo "socket files left behind: $leftover" >&2
		exit 1
	fi
}

# wait_for FILE PATTERN COUNT: until FILE has COUNT lines matching PATTERN (wait_seconds at most)
wait_for() {
	for _ in $(seq $((${wait_seconds:-60} * 10))); do
		if (($(grep -c -- "$2" "$1" 2>/dev/null || true) >= $3)); then
			return 0
		fi
		sleep 0.1
	done
	echo "timed out waiting for '$2' in $1" >&2
	cat "$1" >&2
	return 1
}
