#!/usr/bin/env bash
# A local RabbitMQ for the uplink's tests, demo and benchmark, reachable from this machine only
# (AMQP, epmd and Erlang distribution all bound to 127.0.0.1):
#   scripts/rabbitmq.sh start    install Debian's rabbitmq-server if missing, start a node, wait until it answers
#   scripts/rabbitmq.sh stop     stop the node that `start` started
#   scripts/rabbitmq.sh status   exit 0 if a RabbitMQ answers on 127.0.0.1:5672, 1 if not
# Callers that must stop only what they started ask `status` first (see demo-uplink.sh).
#
# The node is this script's own: it runs as the calling user (no root needed once the package
# is installed), named ipc-rabbit@localhost, with its configuration, data, logs, pid file and
# Erlang cookie in one directory, $IPC_RABBITMQ_DIR (default ${TMPDIR:-/tmp}/ipc-rabbitmq-<uid>),
# through RabbitMQ's RABBITMQ_* environment variables. Nothing under /etc is read or written.
# A RabbitMQ that was already running (the system's service, or another user's node) is left
# alone: `start` uses it, `stop` does not touch it. Installing the package needs root or sudo;
# if the install starts the package's own service, `start` stops that service again.
set -euo pipefail

PORT=5672
NODE=ipc-rabbit@localhost
DIR=${IPC_RABBITMQ_DIR:-${TMPDIR:-/tmp}/ipc-rabbitmq-$(id -u)}
BIN=/usr/lib/rabbitmq/bin
LOOPBACK_DIST="-kernel inet_dist_use_interface {127,0,0,1}"

# Everything RabbitMQ reads from the environment, pointed at $DIR: the env file that would
# otherwise be /etc/rabbitmq/rabbitmq-env.conf, the configuration, the plugins list, data and logs.
export HOME=$DIR # the Erlang cookie, $HOME/.erlang.cookie, of the node and of rabbitmqctl
export RABBITMQ_NODENAME=$NODE
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT=$PORT
export RABBITMQ_CONF_ENV_FILE=$DIR/rabbitmq-env.conf
export RABBITMQ_CONFIG_FILE=$DIR/rabbitmq.conf
export RABBITMQ_ADVANCED_CONFIG_FILE=$DIR/advanced.config
export RABBITMQ_ENABLED_PLUGINS_FILE=$DIR/enabled_plugins
export RABBITMQ_MNESIA_BASE=$DIR/mnesia
export RABBITMQ_LOG_BASE=$DIR/log
export RABBITMQ_PID_FILE=$DIR/node.pid
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=$LOOPBACK_DIST
export RABBITMQ_CTL_ERL_ARGS=$LOOPBACK_DIST
# Erlang's port mapper daemon is started by the first Erlang program (the node or a CLI tool):
# keep it on loopback too.
export ERL_EPMD_ADDRESS=127.0.0.1

as_root() {
	if ((EUID == 0)); then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		echo "rabbitmq.sh: '$*' needs root or sudo" >&2
		return 1
	fi
}

answers() {
	# bash's /dev/tcp: no client tool needed; 127.0.0.1 only
	(exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null
}

# Whether our node runs: its pid file names a live process. Another broker on the port is not ours.
ours_running() {
	[[ -s $DIR/node.pid ]] && kill -0 "$(cat "$DIR/node.pid")" 2>/dev/null
}

install() {
	if [[ -x $BIN/rabbitmq-server ]]; then
		return 0
	fi
	echo "rabbitmq.sh: installing Debian's rabbitmq-server"
	local answered=0
	answers && answered=1
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends rabbitmq-server
	# Where no policy-rc.d forbids it, the package starts its service, on every interface: stop
	# what the install started, so that the node below is the only one, on loopback.
	if ((!answered)) && answers; then
		echo "rabbitmq.sh: stopping the rabbitmq-server service that the install started"
		as_root invoke-rc.d rabbitmq-server stop || true
	fi
}

# Create $DIR, private to this user, and the configuration the node reads from it.
prepare() {
	mkdir -p -m 700 "$DIR"
	if [[ ! -O $DIR || -L $DIR ]]; then
		echo "rabbitmq.sh: $DIR belongs to another user: set IPC_RABBITMQ_DIR to a directory of your own" >&2
		return 1
	fi
	chmod 700 "$DIR"
	mkdir -p "$DIR/mnesia" "$DIR/log"
	cat >"$DIR/rabbitmq-env.conf" <<-CONF
		# Written by scripts/rabbitmq.sh, which sets RABBITMQ_* in the environment instead.
	CONF
	cat >"$DIR/rabbitmq.conf" <<-CONF
		# Written by scripts/rabbitmq.sh: a node for tests, reachable from this machine only.
		listeners.tcp.default = 127.0.0.1:$PORT
		loopback_users.guest = true
	CONF
	echo '[].' >"$DIR/enabled_plugins"
}

start() {
	if ours_running && answers; then
		echo "rabbitmq.sh: RabbitMQ ($NODE, in $DIR) already answers on 127.0.0.1:$PORT"
		return 0
	fi
	if answers; then
		echo "rabbitmq.sh: a RabbitMQ that this script did not start answers on 127.0.0.1:$PORT: using it"
		return 0
	fi
	install
	prepare
	# epmd is started by the node if none runs; remember that, so that stop ends only its own.
	if epmd -names >/dev/null 2>&1; then
		rm -f "$DIR/epmd.ours"
	else
		touch "$DIR/epmd.ours"
	fi
	local started=$SECONDS
	"$BIN/rabbitmq-server" -detached
	# Right after -detached, await_startup fails at once (the node is not registered yet): retry.
	for _ in $(seq 120); do
		if "$BIN/rabbitmqctl" await_startup --timeout 10 >/dev/null 2>&1; then
			echo "rabbitmq.sh: RabbitMQ ($NODE, in $DIR) ready on 127.0.0.1:$PORT after $((SECONDS - started)) s"
			return 0
		fi
		sleep 0.5
	done
	echo "rabbitmq.sh: RabbitMQ did not start within 60 s; its log:" >&2
	tail -n 50 "$DIR"/log/*.log >&2 || true
	return 1
}

stop() {
	if ! ours_running; then
		if answers; then
			echo "rabbitmq.sh: the RabbitMQ on 127.0.0.1:$PORT was not started by this script: left running"
		else
			echo "rabbitmq.sh: RabbitMQ is not running"
		fi
		return 0
	fi
	"$BIN/rabbitmqctl" shutdown >/dev/null
	rm -f "$DIR/node.pid"
	# epmd refuses -kill while any node is still registered, so this never takes it from another
	# Erlang program; and only an epmd that our node started is asked.
	if [[ -e $DIR/epmd.ours ]]; then
		epmd -kill >/dev/null 2>&1 || true
		rm -f "$DIR/epmd.ours"
	fi
	echo "rabbitmq.sh: RabbitMQ ($NODE) stopped"
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
