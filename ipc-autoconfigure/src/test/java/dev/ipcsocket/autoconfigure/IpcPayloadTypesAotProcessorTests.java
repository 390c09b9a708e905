package dev.ipcsocket.autoconfigure;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.javapoet.ClassName;

import dev.ipcsocket.autoconfigure.orders.OrderPlaced;
import dev.ipcsocket.autoconfigure.orders.OrderQuery;
import dev.ipcsocket.autoconfigure.orders.OrderStatus;
import dev.ipcsocket.messaging.IpcListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Spring AOT is told the starter reflects on: the mapped payload classes and the
 * {@code @IpcListener} methods with their request and reply types.
 */
class IpcPayloadTypesAotProcessorTests {

	@Test
	void isRegisteredForSpringAot() {
		assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(BeanFactoryInitializationAotProcessor.class)).hasAtLeastOneElementOfType(IpcPayloadTypesAotProcessor.class);
	}

	@Test
	void mappedClassesAndListenerMethodsWithTheirTypesGetHints() {
		GenericApplicationContext context = new GenericApplicationContext();
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("ipc.type-mappings.order-placed", OrderPlaced.class.getName())));
		context.registerBean(OrderDesk.class);
		context.refreshForAotProcessing(new RuntimeHints());

		RuntimeHints hints = contribute(context);

		assertThat(RuntimeHintsPredicates.reflection().onType(OrderPlaced.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(OrderQuery.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(OrderStatus.class)).as("a CompletableFuture's reply")
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OrderDesk.class, "status")).accepts(hints);
	}

	@Test
	void contributesNothingWithoutMappingsOrListeners() {
		GenericApplicationContext context = new GenericApplicationContext();
		context.refreshForAotProcessing(new RuntimeHints());

		assertThat(new IpcPayloadTypesAotProcessor().processAheadOfTime(context.getBeanFactory())).isNull();
	}

	private static RuntimeHints contribute(GenericApplicationContext context) {
		BeanFactoryInitializationAotContribution contribution = new IpcPayloadTypesAotProcessor()
			.processAheadOfTime(context.getBeanFactory());
		assertThat(contribution).isNotNull();
		DefaultGenerationContext generation = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get(IpcPayloadTypesAotProcessorTests.class)), new InMemoryGeneratedFiles());
		contribution.applyTo(generation, null);
		return generation.getRuntimeHints();
	}

	static class OrderDesk {

		@IpcListener
		CompletableFuture<OrderStatus> status(OrderQuery query) {
			return CompletableFuture.completedFuture(new OrderStatus(query.orderId(), "desk"));
		}

	}

}
