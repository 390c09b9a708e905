package dev.ipcsocket;

import java.nio.file.Path;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The direction of dependencies between our packages: the API knows no implementation, only
 * {@code autoconfigure} knows Spring Boot, and the bus knows no socket, so that a broker uplink
 * can relay its frames.
 */
class ArchitectureTests {

	// our compiled main classes only: scanning the whole classpath for the package is slow
	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPath(Path.of("target/classes"));

	@Test
	void publicApiDependsOnNoImplementation() {
		noClasses().that()
			.resideInAPackage("dev.ipcsocket")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.ipcsocket.transport..", "dev.ipcsocket.bus..", "dev.ipcsocket.messaging..",
					"dev.ipcsocket.autoconfigure..", "org.springframework.boot..", "org.newsclub..")
			.check(CLASSES);
	}

	@Test
	void onlyAutoConfigurationKnowsSpringBoot() {
		noClasses().that()
			.resideInAnyPackage("dev.ipcsocket.transport..", "dev.ipcsocket.bus..", "dev.ipcsocket.messaging..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.boot..", "dev.ipcsocket.autoconfigure..")
			.check(CLASSES);
	}

	@Test
	void busKnowsNoSocket() {
		noClasses().that()
			.resideInAPackage("dev.ipcsocket.bus..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.ipcsocket.transport..", "org.newsclub..", "org.springframework.integration.ip..",
					"java.net..")
			.check(CLASSES);
	}

	@Test
	void messagingUsesTheSocketOnlyThroughTheApi() {
		noClasses().that()
			.resideInAPackage("dev.ipcsocket.messaging..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.ipcsocket.transport..", "org.newsclub..")
			.check(CLASSES);
	}

}
