package dev.ipcsocket.messaging;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.ipcsocket.IpcException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Which types a peer may have this member build.
 */
@ExtendWith(OutputCaptureExtension.class)
class IpcPayloadConverterTests {

	private static IpcPayloadConverter trusting(String... packages) {
		return new IpcPayloadConverter(JsonMapper.builder().build(), List.of(packages),
				IpcPayloadConverterTests.class.getClassLoader());
	}

	@Test
	void trustAllNeverTrustsJdkJndiScriptingReflectionOrGadgetTypes() {
		IpcPayloadConverter converter = trusting("*");

		assertThat(List.of("javax.naming.InitialContext", "java.lang.ProcessBuilder", "java.lang.Runtime",
				"javax.script.ScriptEngineManager", "java.lang.reflect.Proxy", "java.net.URLClassLoader",
				"jdk.jshell.JShell", "sun.misc.Unsafe", "com.sun.rowset.JdbcRowSetImpl",
				"org.springframework.beans.factory.config.PropertyPathFactoryBean",
				"org.springframework.context.support.ClassPathXmlApplicationContext",
				"org.apache.commons.collections.functors.InvokerTransformer", "org.codehaus.groovy.runtime.MethodClosure",
				"ch.qos.logback.core.db.JNDIConnectionSource", "com.zaxxer.hikari.HikariConfig",
				"[Ljavax.naming.InitialContext;", "javax.naming.InitialContext\u001b[2J"))
			.noneMatch(converter::isTrusted);
		assertThat(List.of("com.example.orders.OrderPlaced", "dev.ipcsocket.autoconfigure.orders.OrderPlaced",
				"java.lang.String", "java.lang.Integer", "java.math.BigDecimal", "java.util.UUID", "java.time.Instant"))
			.allMatch(converter::isTrusted);
	}

	@Test
	void trustAllRefusesJndiTypeWithAnErrorNamingIt() {
		IpcPayloadConverter converter = trusting("*");

		assertThatExceptionOfType(IpcException.class)
			.isThrownBy(() -> converter.decode("javax.naming.InitialContext", "{}".getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("type javax.naming.InitialContext is in a package ipc.trusted-packages=* never trusts");
		assertThatExceptionOfType(IpcException.class)
			.isThrownBy(() -> converter.decode("a\nb", "{}".getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("type a\\u000ab is not a class name");
	}

	@Test
	void aPackageNamedOutrightIsTrustedEvenWhereTheWildcardIsNot() {
		assertThat(trusting("java.util").isTrusted("java.util.ArrayList")).isTrue();
		assertThat(trusting("*").isTrusted("java.util.ArrayList")).isFalse();
		assertThat(trusting("com.example").isTrusted("java.lang.String")).isFalse();
	}

	@Test
	void trustAllIsWarnedAboutOnceWhenTheConverterIsMade(CapturedOutput output) {
		trusting("com.example");
		assertThat(output).doesNotContain("ipc.trusted-packages=*");

		trusting("com.example", "*");

		assertThat(output.toString().lines().filter((line) -> line.contains("WARN")
				&& line.contains("ipc.trusted-packages=* lets any sibling"))).hasSize(1);
	}

}
