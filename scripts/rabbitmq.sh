#!/usr/bin/env bash
# A local RabbitMQ for the uplink's tests, demo and benchmark, reachable from this machine only
# (AMQP, epmd and Erlang distribution all bound to 127.0.0.1):
#   scripts/rabbitmq.sh start    install Debian's rabbitmq-server if missing, start it, wait until it answers
#   scripts/rabbitmq.sh stop     stop it
#   scripts/rabbitmq.sh status   exit 0 if it answers on 127.0.0.1:5672, 1 if not
# Callers that must stop only what they started ask `status` first (see demo-uplink.sh).
# Needs root or sudo: the Debian package runs the broker as its own user, rabbitmq. `start`
# writes /etc/rabbitmq/rabbitmq-env.conf (a file it did not write is kept as
# rabbitmq-env.conf.before-ipc): this is a broker for tests on this machine, not a service.
set -euo pipefail

ENV_CONF=/etc/rabbitmq/rabbitmq-env.conf
PORT=5672
# Erlang's port mapper daemon is started by the first Erlang program (the broker or a CLI
# tool): keep it on loopback too.
export ERL_EPMD_ADDRESS=127.0.0.1

as_root() {
	if ((EUID == 0)); then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo --preserve-env=ERL_EPMD_ADDRESS "$@"
	else
		echo "rabbitmq.sh: '$*' needs root or sudo (Debian's rabbitmq-server runs as its own user)" >&2
		return 1
	fi
}

answers() {
	# bash's /dev/tcp: no client tool needed; 127.0.0.1 only
	(exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null
}

configure() {
	# Written before the package is installed, so that even an install that starts the broker
	# (where no policy-rc.d forbids it) starts it on loopback; the package keeps an existing file.
	as_root mkdir -p /etc/rabbitmq
	if [[ -s $ENV_CONF ]] && ! grep -q '^# Written by scripts/rabbitmq.sh' "$ENV_CONF"; then
		as_root cp -p "$ENV_CONF" "$ENV_CONF.before-ipc"
		echo "rabbitmq.sh: kept the previous $ENV_CONF as $ENV_CONF.before-ipc"
	fi
	as_root tee "$ENV_CONF" >/dev/null <<-CONF
		# Written by scripts/rabbitmq.sh: a broker for tests, reachable from this machine only.
		NODENAME=rabbit@localhost
		NODE_IP_ADDRESS=127.0.0.1
		NODE_PORT=$PORT
		export ERL_EPMD_ADDRESS=127.0.0.1
		SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
		CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
	CONF
}

install() {
	if command -v rabbitmq-server >/dev/null 2>&1 || [[ -x /usr/sbin/rabbitmq-server ]]; then
		return 0
	fi
	echo "rabbitmq.sh: installing Debian's rabbitmq-server"
	configure
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends rabbitmq-server
}

ctl() {
	as_root /usr/sbin/rabbitmqctl "$@"
}

start() {
	if answers; then
		echo "rabbitmq.sh: RabbitMQ already answers on 127.0.0.1:$PORT"
		return 0
	fi
	install
	configure
	local started=$SECONDS
	as_root /usr/sbin/rabbitmq-server -detached
	# Right after -detached, await_startup fails at once (the node is not registered yet): retry.
	for _ in $(seq 120); do
		if ctl await_startup --timeout 10 >/dev/null 2>&1; then
			echo "rabbitmq.sh: RabbitMQ ready on 127.0.0.1:$PORT after $((SECONDS - started)) s"
			return 0
		fi
		sleep 0.5
	done
	echo "rabbitmq.sh: RabbitMQ did not start within 60 s; its log:" >&2
	as_root sh -c 'tail -n 50 /var/log/rabbitmq/*.log' >&2 || true
	return 1
}

stop() {
	if ! answers; then
		echo "rabbitmq.sh: RabbitMQ is not running"
		return 0
	fi
	ctl shutdown >/dev/null
	# The broker started Erlang's port mapper; epmd refuses -kill while any node is still
	# registered, so this never takes it from another Erlang program.
	epmd -kill >/dev/null 2>&1 || true
	echo "rabbitmq.sh: RabbitMQ stopped"
}

case "${1:-}" in
	start) start ;;
	stop) stop ;;
	status) answers ;;
	*)
		echo "usage: $0 start|stop|status" >&2
		exit 2
		;;
esac
