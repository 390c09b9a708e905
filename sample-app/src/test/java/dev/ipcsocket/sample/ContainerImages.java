package dev.ipcsocket.sample;

import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * Whether the Docker engine has an image or can pull it: a machine that reaches no registry has
 * only the images built on it.
 */
final class ContainerImages {

	private ContainerImages() {
	}

	/**
	 * Return why an image cannot be used, or {@code null} if it is there or was just pulled.
	 * @param image the image's name
	 * @return the problem, or {@code null}
	 */
	static @Nullable String unavailable(String image) {
		DockerClient client = DockerClientFactory.instance().client();
		try {
			client.inspectImageCmd(image).exec();
			return null;
		}
		catch (NotFoundException ex) {
			// not here: try to pull it
		}
		DockerImageName name = DockerImageName.parse(image);
		try {
			boolean done = client.pullImageCmd(name.getUnversionedPart())
				.withTag(name.getVersionPart())
				.start()
				.awaitCompletion(2, TimeUnit.MINUTES);
			return done ? null : "pulling " + image + " took more than 2 minutes";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted while pulling " + image;
		}
		catch (RuntimeException ex) {
			return "the container engine has no image " + image + " and cannot pull it (" + ex.getMessage() + ")";
		}
	}

}
