package dev.ipcsocket.socket;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BiPredicate;

import org.apache.commons.logging.Log;

/**
 * Logs a socket's errors, at most {@value #LINES_PER_SECOND} lines a second: a flood of bad
 * clients must not flood the log. The lines left out are counted and summed up in one line a
 * second later; the error events and counters still have every error.
 */
final class ErrorLog {

	/** Error lines logged per second and socket, at most. */
	static final int LINES_PER_SECOND = 10;

	private static final Duration WINDOW = Duration.ofSeconds(1);

	private final Log logger;

	private final String prefix;

	/** Runs a task at an instant; false if it will not run (the socket closed). */
	private final BiPredicate<Runnable, Instant> scheduler;

	private long windowStart;

	private int lines;

	private int leftOut;

	private boolean summaryDue;

	/**
	 * Create the error log of one socket.
	 * @param logger where the lines go
	 * @param prefix what each line starts with
	 * @param scheduler runs the summary later
	 */
	ErrorLog(Log logger, String prefix, BiPredicate<Runnable, Instant> scheduler) {
		this.logger = logger;
		this.prefix = prefix;
		this.scheduler = scheduler;
		this.windowStart = System.nanoTime() - WINDOW.toNanos();
	}

	/**
	 * Log an error's line, unless this second's lines are used up.
	 * @param message the error's message
	 */
	void log(String message) {
		boolean logIt;
		boolean scheduleSummary = false;
		synchronized (this) {
			long now = System.nanoTime();
			if (now - this.windowStart >= WINDOW.toNanos()) {
				this.windowStart = now;
				this.lines = 0;
			}
			logIt = this.lines < LINES_PER_SECOND;
			if (logIt) {
				this.lines++;
			}
			else {
				this.leftOut++;
				scheduleSummary = !this.summaryDue;
				this.summaryDue = true;
			}
		}
		if (logIt) {
			this.logger.info(this.prefix + message);
		}
		else if (scheduleSummary && !this.scheduler.test(this::summarize, Instant.now().plus(WINDOW))) {
			summarize();
		}
	}

	/** Log how many lines were left out since the last summary, if any; also when the socket closes. */
	void summarize() {
		int count;
		synchronized (this) {
			count = this.leftOut;
			this.leftOut = 0;
			this.summaryDue = false;
		}
		if (count > 0) {
			this.logger.info(this.prefix + count + ((count == 1) ? " more error was" : " more errors were")
					+ " not logged (at most " + LINES_PER_SECOND
					+ " lines a second); the error events and the error counters have every one");
		}
	}

}
