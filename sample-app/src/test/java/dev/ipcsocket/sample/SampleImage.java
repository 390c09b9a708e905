package dev.ipcsocket.sample;

import java.nio.file.Path;

import org.testcontainers.images.builder.ImageFromDockerfile;

import dev.ipcsocket.test.IpcSiblingContainer;

/**
 * The sample jar as an image on {@code eclipse-temurin:17-jre}, built once per test JVM for every
 * container test that runs the sample.
 */
final class SampleImage {

	static final ImageFromDockerfile IMAGE = IpcSiblingContainer
		.image(Path.of(System.getProperty("sample.jar", "target/sample-app-0.1.0-SNAPSHOT.jar")));

	private SampleImage() {
	}

}
