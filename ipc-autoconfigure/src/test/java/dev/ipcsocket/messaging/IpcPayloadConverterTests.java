package dev.ipcsocket.messaging;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.ipcsocket.IpcException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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

	@Test
	void aMappedClassGoesOutUnderItsAliasAndComesInAsTheClassMappedHere() {
		IpcPayloadConverter sender = mapping(Map.of("order-placed", Placed.class));
		IpcPayloadConverter receiver = mapping(Map.of("order-placed", Received.class));

		IpcPayloadConverter.Encoded encoded = sender.encode(new Placed("o-1", 3));

		assertThat(encoded.type()).isEqualTo("order-placed");
		assertThat(receiver.isTrusted("order-placed")).as("named outright, no trusted package needed").isTrue();
		assertThat(receiver.decode(encoded.type(), encoded.payload())).isEqualTo(new Received("o-1", 3));
		assertThat(sender.encode(new Received("o-2", 1)).type()).as("an unmapped class goes by its name")
			.isEqualTo(Received.class.getName());
	}

	@Test
	void anAliasNotMappedHereIsAnErrorNamingIt() {
		IpcPayloadConverter receiver = mapping(Map.of("order-placed", Received.class));

		assertThat(receiver.isTrusted("order-shipped")).isFalse();
		assertThatExceptionOfType(IpcException.class)
			.isThrownBy(() -> receiver.decode("order-shipped", "{}".getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("type alias 'order-shipped' is not in ipc.type-mappings [order-placed]");
	}

	@Test
	void anAliasMustNotLookLikeAClassNameAndAClassHasOneAlias() {
		assertThatIllegalArgumentException().isThrownBy(() -> mapping(Map.of("com.example.Placed", Placed.class)))
			.withMessageContaining("type alias 'com.example.Placed' is not 1 to 64 characters of A-Z a-z 0-9 _ -");
		Map<String, Class<?>> twice = new LinkedHashMap<>();
		twice.put("placed", Placed.class);
		twice.put("placed-again", Placed.class);
		assertThatIllegalArgumentException().isThrownBy(() -> mapping(twice))
			.withMessageContaining("aliases 'placed' and 'placed-again' both map " + Placed.class.getName());
	}

	private static IpcPayloadConverter mapping(Map<String, Class<?>> mappings) {
		return new IpcPayloadConverter(JsonMapper.builder().build(), List.of(), mappings,
				IpcPayloadConverterTests.class.getClassLoader());
	}

	record Placed(String orderId, int items) {
	}

	record Received(String orderId, int items) {
	}

}
