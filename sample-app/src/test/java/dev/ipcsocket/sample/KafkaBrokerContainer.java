package dev.ipcsocket.sample;

import java.io.File;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame.OutputType;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A Kafka broker in a container of {@code eclipse-temurin:17-jre}, the image every container test
 * of the sample uses, rather than a Kafka image: {@link KafkaBrokerMain} runs from the test's own
 * classpath (its jars and directories mounted read-only at the same paths), so the broker is the
 * Kafka version the tests compile against and no registry is needed. It uses the host's network,
 * so that the address it advertises ({@code localhost:<port>}) is the one the host connects to.
 */
final class KafkaBrokerContainer extends GenericContainer<KafkaBrokerContainer> {

	private static final Pattern BROKER = Pattern.compile("BROKER (\\S+)");

	KafkaBrokerContainer(Duration startupTimeout) {
		super(DockerImageName.parse("eclipse-temurin:17-jre"));
		String classpath = System.getProperty("java.class.path");
		Bind[] binds = Arrays.stream(classpath.split(File.pathSeparator))
			.filter((entry) -> new File(entry).exists())
			.map((entry) -> new Bind(entry, new Volume(entry), AccessMode.ro))
			.toArray(Bind[]::new);
		// on the create command: withFileSystemBind would first probe mounting with an image of its own
		withCreateContainerCmdModifier((cmd) -> cmd.getHostConfig().withBinds(binds));
		withNetworkMode("host");
		withCommand("java", "-cp", classpath, KafkaBrokerMain.class.getName());
		waitingFor(Wait.forLogMessage("BROKER .*\\n", 1).withStartupTimeout(startupTimeout));
	}

	/**
	 * Return the broker's bootstrap servers.
	 * @return host and port, as the broker advertises them
	 */
	String bootstrapServers() {
		Matcher matcher = BROKER.matcher(getLogs(OutputType.STDOUT));
		if (!matcher.find()) {
			throw new IllegalStateException("the broker has not said where it listens");
		}
		return matcher.group(1);
	}

}
