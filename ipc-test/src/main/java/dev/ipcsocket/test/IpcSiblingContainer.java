package dev.ipcsocket.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Future;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame.OutputType;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.DockerImageName;

/**
 * A sibling of the application under test that runs in a container: a Spring Boot application
 * jar packaged as an image, the host directory of the application's socket mounted at
 * {@value #SOCKET_DIRECTORY}, so that the sibling joins the same bus as it would from a sidecar
 * container sharing a volume.
 * <pre class="code">
 * static final ImageFromDockerfile IMAGE = IpcSiblingContainer.image(Path.of("target/app.jar"));
 *
 * try (IpcSiblingContainer sibling = new IpcSiblingContainer(IMAGE).withSocket(dir.resolve("app.sock"))) {
 *     sibling.start();
 *     sibling.typeLine("hello");
 * }
 * </pre>
 * The sibling gets {@code IPC_PATH} (so {@code ipc.path}) pointing at the socket inside the
 * mount; {@link #withCommand(String...)} passes further application arguments. Its standard
 * input is a FIFO that {@link #typeLine(String)} writes to and that stays open, so an
 * application reading standard input never sees its end. The container runs the image's user
 * (root for {@link #image(Path)}): a peer of another uid is refused unless
 * {@code ipc.allowed-uids} names it, on each side.
 */
public class IpcSiblingContainer extends GenericContainer<IpcSiblingContainer> {

	/** Where the socket's directory is mounted in the container. */
	public static final String SOCKET_DIRECTORY = "/ipc";

	/** The Java runtime image that {@link #image(Path)} builds on. */
	public static final String DEFAULT_BASE_IMAGE = "eclipse-temurin:17-jre";

	private static final String JAR = "/app/app.jar";

	private static final String STANDARD_INPUT = "/tmp/ipc-sibling-stdin";

	/**
	 * The image's entry point: the jar with the arguments given as the container's command,
	 * standard input on a FIFO kept open by a writer that never writes, the JVM as pid 1 (it
	 * gets the stop signal); a restarted container makes its FIFO anew.
	 */
	private static final String ENTRYPOINT = "rm -f " + STANDARD_INPUT + " && mkfifo " + STANDARD_INPUT
			+ " && (sleep infinity > " + STANDARD_INPUT
			+ " &) && exec java $JAVA_OPTS -jar " + JAR + " \"$@\" < " + STANDARD_INPUT;

	private String socketFile = "app.sock";

	/**
	 * Create a sibling of an image that {@link #image(Path)} built (or that is built alike).
	 * @param image the image, built when the container starts
	 */
	public IpcSiblingContainer(Future<String> image) {
		super(image);
	}

	/**
	 * Create a sibling of an image whose entry point runs the application as
	 * {@link #image(Path)} does.
	 * @param image the image's name
	 */
	public IpcSiblingContainer(DockerImageName image) {
		super(image);
	}

	/**
	 * An image of a Spring Boot application jar on {@value #DEFAULT_BASE_IMAGE}. Build it once
	 * per test run (keep it in a static field): every container of it shares the build.
	 * @param jar the executable jar
	 * @return the image, built on first use
	 */
	public static ImageFromDockerfile image(Path jar) {
		return image(jar, DEFAULT_BASE_IMAGE);
	}

	/**
	 * An image of a Spring Boot application jar on a Java runtime image that has {@code sh},
	 * {@code mkfifo} and {@code sleep}.
	 * @param jar the executable jar
	 * @param baseImage the Java runtime image
	 * @return the image, built on first use
	 */
	public static ImageFromDockerfile image(Path jar, String baseImage) {
		if (!Files.isRegularFile(jar)) {
			throw new IllegalArgumentException(jar.toAbsolutePath() + " is not a file: package the application first");
		}
		// removed when the test JVM ends where Testcontainers reaps its resources; a rebuild reuses the tag
		return new ImageFromDockerfile("localhost/ipc-sibling-" + Integer.toHexString(jar.toAbsolutePath().hashCode()),
				true)
			.withFileFromPath("app.jar", jar)
			.withDockerfileFromBuilder((dockerfile) -> dockerfile.from(baseImage)
				.copy("app.jar", JAR)
				.entryPoint("sh", "-c", ENTRYPOINT, "sibling")
				.build());
	}

	/**
	 * Join the bus of a socket on the host: its directory is mounted read-write at
	 * {@value #SOCKET_DIRECTORY} and {@code IPC_PATH} names the socket in it. Unix socket paths
	 * are limited to 107 bytes, in the container too: {@value #SOCKET_DIRECTORY} keeps it short.
	 * @param socket the socket's path on the host ({@code ipc.path} of the application under test)
	 * @return this container
	 */
	public IpcSiblingContainer withSocket(Path socket) {
		Path directory = socket.toAbsolutePath().getParent();
		if (directory == null || socket.getFileName() == null) {
			throw new IllegalArgumentException("socket " + socket + " has no directory to mount");
		}
		this.socketFile = socket.getFileName().toString();
		// bound on the create command: withFileSystemBind first probes file mounting with an image
		// of its own, which a machine without a registry does not have
		Bind bind = new Bind(directory.toString(), new Volume(SOCKET_DIRECTORY), AccessMode.rw);
		return withCreateContainerCmdModifier((cmd) -> {
			HostConfig host = cmd.getHostConfig();
			if (host != null) {
				Bind[] binds = (host.getBinds() != null) ? host.getBinds() : new Bind[0];
				Bind[] more = Arrays.copyOf(binds, binds.length + 1);
				more[binds.length] = bind;
				host.withBinds(more);
			}
		}).withEnv("IPC_PATH", socketPath());
	}

	/**
	 * Return the socket's path inside the container.
	 * @return the path, for example {@code /ipc/app.sock}
	 */
	public String socketPath() {
		return SOCKET_DIRECTORY + "/" + this.socketFile;
	}

	/**
	 * Write a line to the application's standard input.
	 * @param line the line, without its line break
	 * @throws IllegalStateException if the line could not be written
	 */
	public void typeLine(String line) {
		try {
			ExecResult result = execInContainer("sh", "-c", "printf '%s\\n' \"$1\" > " + STANDARD_INPUT, "sh", line);
			if (result.getExitCode() != 0) {
				throw new IllegalStateException("could not write to the standard input of " + getContainerName()
						+ ": " + result.getStderr());
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not write to the standard input of " + getContainerName(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while writing to " + getContainerName(), ex);
		}
	}

	/**
	 * Return what the application printed on its standard output so far.
	 * @return the output
	 */
	public String standardOutput() {
		return getLogs(OutputType.STDOUT);
	}

}
