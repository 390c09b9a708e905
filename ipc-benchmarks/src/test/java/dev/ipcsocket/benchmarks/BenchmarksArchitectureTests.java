package dev.ipcsocket.benchmarks;

import java.net.URISyntaxException;
import java.nio.file.Path;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import dev.ipcsocket.IPCSocket;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The benchmarks reach the library through what it makes public: none of their classes sits in
 * a package of the library to reach what it keeps package-private.
 */
class BenchmarksArchitectureTests {

	@Test
	void benchmarksDeclareNoPackageOfTheLibrary() {
		JavaClasses library = new ClassFileImporter().importPath(classesOf(IPCSocket.class));
		JavaClasses benchmarks = new ClassFileImporter().importPath(classesOf(BenchmarkHarness.class));
		String[] libraryPackages = library.stream().map((type) -> type.getPackageName()).distinct()
			.toArray(String[]::new);
		noClasses().should().resideInAnyPackage(libraryPackages).check(benchmarks);
	}

	private static Path classesOf(Class<?> type) {
		try {
			return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
