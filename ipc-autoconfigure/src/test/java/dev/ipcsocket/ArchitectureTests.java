package dev.ipcsocket;

import java.net.URISyntaxException;
import java.nio.file.Path;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import dev.ipcsocket.transport.SocketPath;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The direction of dependencies between our packages: the API knows no implementation, only
 * {@code autoconfigure} and {@code actuate} know Spring Boot, the bus knows no socket (so that it
 * runs over in-memory links and a broker uplink can relay its frames), the transport knows no
 * bus, and only the {@code socket} façade (and the auto-configuration that creates it) knows both;
 * coordination (locks, leadership, single instance) works without the bus.
 */
class ArchitectureTests {

	// the main classes only: scanning the whole test classpath for the package takes seconds
	private static final JavaClasses CLASSES = new ClassFileImporter().importPath(mainClasses());

	private static Path mainClasses() {
		try {
			return Path.of(IPCSocket.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void publicApiDependsOnNoImplementation() {
		noClasses().that()
			.resideInAPackage("dev.ipcsocket")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.ipcsocket.transport..", "dev.ipcsocket.bus..", "dev.ipcsocket.socket..",
					"dev.ipcsocket.messaging..", "dev.ipcsocket.coordination..", "dev.ipcsocket.autoconfigure..",
					"dev.ipcsocket.actuate..", "org.springframework.boot..", "org.newsclub..")
			.check(CLASSES);
	}

	@Test
	void onlyAutoconfigureAndActuateKnowSpringBoot() {
		noClasses().that()
			.resideOutsideOfPackages("dev.ipcsocket.autoconfigure..", "dev.ipcsocket.actuate..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.boot..", "dev.ipcsocket.autoconfigure..")
			.check(CLASSES);
	}

	@Test
	void actuateWorksThroughThePublicApiOnly() {
		noClasses().that()
			.resideInAPackage("dev.ipcsocket.actuate..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.ipcsocket.transport..", "dev.ipcsocket.messaging..", "dev.ipcsocket.bus..",
					"dev.ipcsocket.socket..")
			.check(CLASSES);
	}

	@Test
	void busKnowsNoSocket() {
		noClasses().that()
			.resideInAPackage("dev.ipcsocket.bus..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.ipcsocket.transport..", "dev.ipcsocket.socket..", "org.newsclub..",
					"org.springframework.integration.ip..", "java.net..")
			.check(CLASSES);
	}

	@Test
	void transportKnowsNoBus() {
		noClasses().that()
			.resideInAPackage("dev.ipcsocket.transport..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.ipcsocket.bus..", "dev.ipcsocket.socket..")
			.check(CLASSES);
	}

	@Test
	void coordinationNeedsNoBusOnlyTheSocketPathCheck() {
		noClasses().that()
			.resideInAPackage("dev.ipcsocket.coordination..")
			.should()
			.dependOnClassesThat(resideInAnyPackage("dev.ipcsocket.bus..", "dev.ipcsocket.socket..",
					"dev.ipcsocket.messaging..", "org.newsclub..")
				.or(resideInAPackage("dev.ipcsocket.transport..").and(not(type(SocketPath.class)))))
			.check(CLASSES);
	}

	@Test
	void messagingUsesTheSocketOnlyThroughTheApi() {
		noClasses().that()
			.resideInAPackage("dev.ipcsocket.messaging..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.ipcsocket.transport..", "dev.ipcsocket.bus..", "dev.ipcsocket.socket..",
					"org.newsclub..")
			.check(CLASSES);
	}

}
