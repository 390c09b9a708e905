/*
 * The floor: the benchmark protocol (see Protocol.java) in C with read(2) and write(2) on a
 * Unix domain socket. "serve <path>" answers; "drive <path> <plan...>" measures and prints one
 * BENCH RESULT line like the Java peers. Every loop is bounded by counts and an alarm.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define CONTROL_SIZE 8
#define SMALL 64
#define LARGE (64 * 1024)
#define BUFFER_BYTES (4 * LARGE)

static unsigned char in[BUFFER_BYTES];
static size_t in_start, in_end, frame_start;

static long long now_ns(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void die(const char *what) {
	printf("BENCH RESULT subject=c-floor error=%s-errno-%d\n", what, errno);
	fflush(stdout);
	exit(1);
}

static void ensure(int fd, size_t bytes) {
	while (in_end - in_start < bytes) {
		if (in_start > 0) {
			memmove(in, in + in_start, in_end - in_start);
			in_end -= in_start;
			in_start = 0;
		}
		ssize_t n = read(fd, in + in_end, BUFFER_BYTES - in_end);
		if (n == 0) {
			exit(0);
		}
		if (n < 0) {
			if (errno == EINTR) continue;
			die("read");
		}
		in_end += (size_t) n;
	}
}

/* Reads one frame; returns its payload length. */
static uint32_t read_frame(int fd) {
	ensure(fd, 4);
	uint32_t length = ((uint32_t) in[in_start] << 24) | ((uint32_t) in[in_start + 1] << 16)
			| ((uint32_t) in[in_start + 2] << 8) | in[in_start + 3];
	ensure(fd, 4 + length);
	frame_start = in_start;
	in_start += 4 + length;
	return length;
}

static void write_fully(int fd, const unsigned char *data, size_t length) {
	while (length > 0) {
		ssize_t n = write(fd, data, length);
		if (n < 0) {
			if (errno == EINTR) continue;
			die("write");
		}
		data += n;
		length -= (size_t) n;
	}
}

static unsigned char *frame_of(size_t payload_length, unsigned char first) {
	unsigned char *frame = malloc(4 + payload_length);
	frame[0] = (unsigned char) (payload_length >> 24);
	frame[1] = (unsigned char) (payload_length >> 16);
	frame[2] = (unsigned char) (payload_length >> 8);
	frame[3] = (unsigned char) payload_length;
	memset(frame + 4, 'x', payload_length);
	frame[4] = first;
	return frame;
}

static struct sockaddr_un address_of(const char *path) {
	struct sockaddr_un address;
	memset(&address, 0, sizeof address);
	address.sun_family = AF_UNIX;
	strncpy(address.sun_path, path, sizeof address.sun_path - 1);
	return address;
}

static int serve(const char *path) {
	int server = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un address = address_of(path);
	if (server < 0 || bind(server, (struct sockaddr *) &address, sizeof address) < 0 || listen(server, 1) < 0) {
		die("bind");
	}
	printf("BENCH READY\n");
	fflush(stdout);
	int fd = accept(server, NULL, NULL);
	unlink(path);
	if (fd < 0) die("accept");
	int echo = 1;
	for (;;) {
		uint32_t length = read_frame(fd);
		if (length != CONTROL_SIZE) {
			if (echo) write_fully(fd, in + frame_start, 4 + length);
			continue;
		}
		switch (in[frame_start + 4]) {
		case 'E': echo = 1; break;
		case 'S': echo = 0; break;
		case 'A': write_fully(fd, in + frame_start, 4 + length); break;
		case 'Q': return 0;
		default: die("command");
		}
	}
}

static int compare(const void *a, const void *b) {
	long long x = *(const long long *) a, y = *(const long long *) b;
	return (x > y) - (x < y);
}

static long long percentile(long long *sorted, long n, double p) {
	long index = (long) ((p / 100.0) * n + 0.5) - 1;
	if (index < 0) index = 0;
	if (index >= n) index = n - 1;
	return sorted[index];
}

static void await_ack(int fd) {
	while (read_frame(fd) != CONTROL_SIZE) {
	}
}

static void control(int fd, unsigned char command) {
	unsigned char *frame = frame_of(CONTROL_SIZE, command);
	write_fully(fd, frame, 4 + CONTROL_SIZE);
	free(frame);
}

static void send_all(int fd, const unsigned char *frame, size_t frame_length, long count) {
	for (long i = 0; i < count; i++) write_fully(fd, frame, frame_length);
	control(fd, 'A');
	await_ack(fd);
}

static double throughput(int fd, size_t size, long warmup, long measured, int repeats) {
	unsigned char *frame = frame_of(size, 'x');
	double rates[16];
	if (repeats > 16) repeats = 16;
	control(fd, 'S');
	control(fd, 'A');
	await_ack(fd);
	send_all(fd, frame, 4 + size, warmup);
	for (int r = 0; r < repeats; r++) {
		long long started = now_ns();
		send_all(fd, frame, 4 + size, measured);
		rates[r] = measured / ((now_ns() - started) / 1e9);
	}
	free(frame);
	for (int i = 1; i < repeats; i++)
		for (int j = i; j > 0 && rates[j - 1] > rates[j]; j--) {
			double t = rates[j]; rates[j] = rates[j - 1]; rates[j - 1] = t;
		}
	return rates[repeats / 2];
}

static int drive(const char *path, long *plan) {
	long rtt_warmup = plan[0], rtt_measured = plan[1];
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un address = address_of(path);
	if (fd < 0 || connect(fd, (struct sockaddr *) &address, sizeof address) < 0) die("connect");
	control(fd, 'E');
	control(fd, 'A');
	await_ack(fd);
	unsigned char *request = frame_of(SMALL, 'x');
	long long *samples = malloc(sizeof(long long) * (size_t) rtt_measured);
	for (long i = 0; i < rtt_warmup + rtt_measured; i++) {
		long long started = now_ns();
		write_fully(fd, request, 4 + SMALL);
		read_frame(fd);
		long long elapsed = now_ns() - started;
		if (i >= rtt_warmup) samples[i - rtt_warmup] = elapsed;
	}
	qsort(samples, (size_t) rtt_measured, sizeof(long long), compare);
	double t64 = throughput(fd, SMALL, plan[2], plan[3], (int) plan[6]);
	double t64k = throughput(fd, LARGE, plan[4], plan[5], (int) plan[6]);
	control(fd, 'Q');
	printf("BENCH RESULT subject=c-floor rtt.n=%ld rtt.p50=%lld rtt.p99=%lld rtt.p999=%lld rtt.max=%lld"
			" t64.msgs=%.0f t64.mibs=%.1f t64k.msgs=%.0f t64k.mibs=%.1f\n",
			rtt_measured, percentile(samples, rtt_measured, 50), percentile(samples, rtt_measured, 99),
			percentile(samples, rtt_measured, 99.9), samples[rtt_measured - 1], t64, t64 * SMALL / 1048576.0,
			t64k, t64k * LARGE / 1048576.0);
	fflush(stdout);
	close(fd);
	return 0;
}

int main(int argc, char **argv) {
	if (argc < 3) {
		fprintf(stderr, "usage: uds_floor serve|drive <path> [plan...]\n");
		return 2;
	}
	long plan[9] = { 0 };
	for (int i = 0; i < 9 && 3 + i < argc; i++) plan[i] = atol(argv[3 + i]);
	/* the watchdog: twelve phase timeouts, as for the Java peers */
	alarm((unsigned) (plan[8] > 0 ? plan[8] * 12 : 600));
	if (strcmp(argv[1], "serve") == 0) return serve(argv[2]);
	if (plan[1] <= 0) {
		fprintf(stderr, "drive needs the plan\n");
		return 2;
	}
	return drive(argv[2], plan);
}
