package dev.ipcsocket.sample;

import java.net.URISyntaxException;
import java.nio.file.Path;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import dev.ipcsocket.IPCSocket;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The sample shows what a user writes: it uses the starter's public API only, and declares no
 * package of the library.
 */
class SampleArchitectureTests {

	private static final JavaClasses SAMPLE = new ClassFileImporter().importPath(classesOf(SampleApplication.class));

	private static final JavaClasses LIBRARY = new ClassFileImporter().importPath(classesOf(IPCSocket.class));

	@Test
	void sampleUsesThePublicApiOnly() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.ipcsocket.bus..", "dev.ipcsocket.transport..", "dev.ipcsocket.socket..")
			.check(SAMPLE);
	}

	@Test
	void sampleDeclaresNoPackageOfTheLibrary() {
		String[] libraryPackages = LIBRARY.stream().map((type) -> type.getPackageName()).distinct()
			.toArray(String[]::new);
		noClasses().should().resideInAnyPackage(libraryPackages).check(SAMPLE);
	}

	static Path classesOf(Class<?> type) {
		try {
			return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
