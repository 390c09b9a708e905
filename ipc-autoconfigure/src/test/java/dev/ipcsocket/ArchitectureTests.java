package dev.ipcsocket;

import java.net.URISyntaxException;
import java.nio.file.Path;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The dependency direction of the house style: the API knows no implementation, only
 * {@code autoconfigure} and {@code actuate} know Spring Boot, and {@code actuate} works through
 * the API alone.
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
	void onlyAutoconfigureAndActuateKnowSpringBoot() {
		noClasses().that()
			.resideOutsideOfPackages("dev.ipcsocket.autoconfigure..", "dev.ipcsocket.actuate..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework.boot..")
			.check(CLASSES);
	}

	@Test
	void actuateWorksThroughThePublicApiOnly() {
		noClasses().that()
			.resideInAPackage("dev.ipcsocket.actuate..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.ipcsocket.transport..", "dev.ipcsocket.autoconfigure..",
					"dev.ipcsocket.messaging..")
			.check(CLASSES);
	}

	@Test
	void publicApiDependsOnNoImplementation() {
		noClasses().that()
			.resideInAPackage("dev.ipcsocket")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.ipcsocket.transport..", "dev.ipcsocket.autoconfigure..",
					"dev.ipcsocket.actuate..", "dev.ipcsocket.messaging..")
			.check(CLASSES);
	}

}
