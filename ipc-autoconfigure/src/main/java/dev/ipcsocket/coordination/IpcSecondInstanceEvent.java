package dev.ipcsocket.coordination;

import java.nio.file.Path;
import java.util.List;

import org.springframework.context.ApplicationEvent;

/**
 * Published in the running instance when a second start of the application with
 * {@code ipc.single-instance=true} handed over its command line and exited. Published on the
 * thread that receives hand-overs, one at a time, in the order they arrived.
 */
public final class IpcSecondInstanceEvent extends ApplicationEvent {

	private final List<String> args;

	private final Path workingDirectory;

	private final long pid;

	public IpcSecondInstanceEvent(Object source, List<String> args, Path workingDirectory, long pid) {
		super(source);
		this.args = List.copyOf(args);
		this.workingDirectory = workingDirectory;
		this.pid = pid;
	}

	/**
	 * The second start's command-line arguments, as its {@code main} got them.
	 * @return the arguments
	 */
	public List<String> getArgs() {
		return this.args;
	}

	/**
	 * The second start's working directory, against which relative paths in its arguments
	 * resolve.
	 * @return the directory
	 */
	public Path getWorkingDirectory() {
		return this.workingDirectory;
	}

	/**
	 * The process id the second start reported for itself.
	 * @return its pid
	 */
	public long getPid() {
		return this.pid;
	}

	@Override
	public String toString() {
		return "IpcSecondInstanceEvent [pid=" + this.pid + ", args=" + this.args.size() + ", workingDirectory="
				+ this.workingDirectory + "]";
	}

}
