package dev.ipcsocket.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.integration.channel.PublishSubscribeChannel;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.support.MessageBuilder;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcConnectedEvent;
import dev.ipcsocket.IpcErrorEvent;
import dev.ipcsocket.IpcDataEvent;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcHeaders;
import dev.ipcsocket.IpcRole;
import dev.ipcsocket.IpcRoleDecidedEvent;
import dev.ipcsocket.messaging.IpcChannels;
import dev.ipcsocket.messaging.IpcListener;
import dev.ipcsocket.messaging.IpcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Two Spring Boot applications in one JVM, configured only with {@code ipc.path}, find each other
 * and exchange messages through {@code @EventListener}s and the message channels.
 */
class SiblingContextsTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@TempDir
	Path dir;

	private final List<ConfigurableApplicationContext> contexts = new CopyOnWriteArrayList<>();

	@AfterEach
	void close() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

	private ConfigurableApplicationContext start() {
		return start("dev.ipcsocket.autoconfigure");
	}

	private ConfigurableApplicationContext start(String trustedPackages) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SiblingApplication.class)
			.web(WebApplicationType.NONE)
			.run("--ipc.path=" + this.dir.resolve("app.sock"), "--spring.main.banner-mode=off",
					"--ipc.trusted-packages=" + trustedPackages);
		this.contexts.add(context);
		return context;
	}

	@Test
	void siblingsFindEachOtherAndTalkThroughEventListeners() {
		ConfigurableApplicationContext first = start();
		ConfigurableApplicationContext second = start();
		Recorder firstEvents = first.getBean(Recorder.class);
		Recorder secondEvents = second.getBean(Recorder.class);

		// events reach listeners on the socket's threads, possibly after start-up returned
		await().atMost(WAIT).untilAsserted(() -> assertThat(firstEvents.roles).containsExactly(IpcRole.LISTENER));
		await().atMost(WAIT).untilAsserted(() -> assertThat(secondEvents.roles).containsExactly(IpcRole.CLIENT));
		await().atMost(WAIT).until(() -> !firstEvents.connected.isEmpty());

		send(second, "hello from the client");
		send(first, "hello from the listener".getBytes());

		await().atMost(WAIT).until(() -> firstEvents.texts.contains("hello from the client"));
		await().atMost(WAIT).until(() -> secondEvents.texts.contains("hello from the listener"));
		assertThat(firstEvents.eventThreads)
			.allMatch((name) -> name.startsWith("ipc-io-") || name.startsWith("ipc-dispatch-"));
	}

	@Test
	void inboundChannelCarriesPayloadAndPeerHeaders() {
		ConfigurableApplicationContext first = start();
		ConfigurableApplicationContext second = start();
		List<Message<?>> received = new CopyOnWriteArrayList<>();
		first.getBean(IpcChannels.INBOUND, PublishSubscribeChannel.class).subscribe(received::add);

		send(second, "through the channels");

		await().atMost(WAIT).until(() -> received.size() == 1);
		Message<?> message = received.get(0);
		assertThat(message.getPayload()).isEqualTo("through the channels".getBytes());
		assertThat(message.getHeaders().get(IpcHeaders.PEER_PID)).isEqualTo(ProcessHandle.current().pid());
		assertThat(message.getHeaders().get(IpcHeaders.PEER_ID))
			.isEqualTo(second.getBean(IPCSocket.class).instanceId());
		assertThat(message.getHeaders().get(IpcHeaders.PATH)).isEqualTo(this.dir.resolve("app.sock").toString());
	}

	@Test
	void outboundChannelRefusesWhatItCannotSendInsteadOfDroppingIt() {
		ConfigurableApplicationContext lonely = start();
		// a broadcast that reaches nobody loses nothing; one on a closed socket cannot be sent
		send(lonely, "nobody hears");
		lonely.getBean(IPCSocket.class).close();

		assertThatExceptionOfType(MessagingException.class).isThrownBy(() -> send(lonely, "closed"))
			.havingRootCause()
			.isInstanceOf(IpcException.class)
			.withMessageContaining("INVALID_STATE_ERROR(106)");
		assertThatExceptionOfType(MessagingException.class).isThrownBy(() -> send(lonely, 42))
			.withStackTraceContaining("byte[] or String");
	}

	@Test
	void typedEventsArriveAsTheObjectsSiblingsPublished() {
		ConfigurableApplicationContext first = start();
		ConfigurableApplicationContext second = start();
		await().atMost(WAIT).until(() -> second.getBean(IPCSocket.class).isConnected());

		second.getBean(IpcTemplate.class).publish(new OrderPlaced("order-7", 3));

		Recorder recorder = first.getBean(Recorder.class);
		await().atMost(WAIT).until(() -> recorder.orders.contains(new OrderPlaced("order-7", 3)));
	}

	@Test
	void requestIsAnsweredByItsIpcListenerReturnValueAlone() {
		ConfigurableApplicationContext first = start();
		ConfigurableApplicationContext second = start();
		await().atMost(WAIT).until(() -> second.getBean(IPCSocket.class).isConnected());

		Quote quote = second.getBean(IpcTemplate.class)
			.sendAndReceive(first.getBean(IPCSocket.class).instanceId(), new QuoteRequest("order-7"), Quote.class,
					WAIT);

		// the handler published an audit event before it returned: that is not the reply
		assertThat(quote).isEqualTo(new Quote("order-7", 42));
		Recorder replier = first.getBean(Recorder.class);
		assertThat(replier.audits).containsExactly(new Audit("quoted order-7"));
		assertThat(replier.quotes).as("the reply is not delivered to the replier's own listeners").isEmpty();
		assertThat(replier.quoteRequests).as("a request reaches its @IpcListener only").isEmpty();
	}

	@Test
	void oneWayTypedEventReachesEventListenersAndNotTheIpcListener() {
		ConfigurableApplicationContext first = start();
		ConfigurableApplicationContext second = start();
		await().atMost(WAIT).until(() -> second.getBean(IPCSocket.class).isConnected());

		second.getBean(IpcTemplate.class).publish(new QuoteRequest("order-9"));

		Recorder recorder = first.getBean(Recorder.class);
		await().atMost(WAIT).until(() -> recorder.quoteRequests.contains(new QuoteRequest("order-9")));
		assertThat(recorder.audits).as("the @IpcListener did not run").isEmpty();
	}

	@Test
	void completableFutureReturnValueIsRepliedWhenItCompletesAndAsyncRequestsWaitOnNoThread() {
		ConfigurableApplicationContext first = start();
		ConfigurableApplicationContext second = start();
		await().atMost(WAIT).until(() -> second.getBean(IPCSocket.class).isConnected());
		String target = first.getBean(IPCSocket.class).instanceId();
		IpcTemplate template = second.getBean(IpcTemplate.class);

		CompletableFuture<Stock> stock = template.sendAndReceiveAsync(target, new StockRequest("bolts"), Stock.class,
				WAIT);
		CompletableFuture<Stock> missing = template.sendAndReceiveAsync(target, new StockRequest("missing"),
				Stock.class, WAIT);

		assertThat(stock).succeedsWithin(WAIT).isEqualTo(new Stock("bolts", 7));
		assertThat(missing).failsWithin(WAIT)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(IpcException.class)
			.withMessageContaining("INVALID_STATE_ERROR(106)")
			.withMessageContaining("'" + target + "' could not answer the request")
			.withMessageContaining("Recorder.stock(StockRequest) of member '" + target + "' failed")
			.withMessageContaining("no stock of missing");
	}

	@Test
	void handlerFailureIsAnErrorReplyNamingTheHandler() {
		ConfigurableApplicationContext first = start();
		ConfigurableApplicationContext second = start();
		await().atMost(WAIT).until(() -> second.getBean(IPCSocket.class).isConnected());
		String target = first.getBean(IPCSocket.class).instanceId();

		assertThatExceptionOfType(IpcException.class)
			.isThrownBy(() -> second.getBean(IpcTemplate.class).sendAndReceive(target, new QuoteRequest("fail"), WAIT))
			.withMessageContaining("Recorder.quote(QuoteRequest) of member '" + target + "' failed")
			.withMessageContaining("IllegalStateException: cannot quote fail");
	}

	@Test
	void requestNoIpcListenerTakesFailsAtOnceNamingTheTypeAndMember() {
		ConfigurableApplicationContext first = start();
		ConfigurableApplicationContext second = start();
		await().atMost(WAIT).until(() -> second.getBean(IPCSocket.class).isConnected());
		String target = first.getBean(IPCSocket.class).instanceId();

		// the timeout is far beyond the test's patience: the error reply, not the timeout, ends it
		assertThatExceptionOfType(IpcException.class)
			.isThrownBy(() -> second.getBean(IpcTemplate.class)
				.sendAndReceive(target, new PriceRequest("order-1"), Duration.ofMinutes(10)))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(106))
			.withMessageContaining("no @IpcListener method of member '" + target + "' takes requests of type "
					+ PriceRequest.class.getName());
	}

	@Test
	void requestOfATypeTheMemberDoesNotTrustFailsAtOnceNamingTheTypeAndMember() {
		ConfigurableApplicationContext first = start("com.example.elsewhere");
		ConfigurableApplicationContext second = start();
		await().atMost(WAIT).until(() -> second.getBean(IPCSocket.class).isConnected());
		String target = first.getBean(IPCSocket.class).instanceId();

		assertThatExceptionOfType(IpcException.class)
			.isThrownBy(() -> second.getBean(IpcTemplate.class)
				.sendAndReceive(target, new QuoteRequest("order-2"), Duration.ofMinutes(10)))
			.withMessageContaining("member '" + target + "' cannot take the request")
			.withMessageContaining("type " + QuoteRequest.class.getName() + " is not in ipc.trusted-packages");
		Recorder recorder = first.getBean(Recorder.class);
		await().atMost(WAIT).until(() -> !recorder.errors.isEmpty());
	}

	@Test
	void untrustedTypesStayRawAndRaiseAnErrorEvent() {
		ConfigurableApplicationContext first = start("com.example.elsewhere");
		ConfigurableApplicationContext second = start();
		await().atMost(WAIT).until(() -> second.getBean(IPCSocket.class).isConnected());

		second.getBean(IpcTemplate.class).publish(new OrderPlaced("order-8", 1));

		Recorder recorder = first.getBean(Recorder.class);
		await().atMost(WAIT).until(() -> !recorder.errors.isEmpty());
		assertThat(recorder.errors.get(0).getException()).hasMessageContaining("is not in ipc.trusted-packages");
		assertThat(recorder.errors.get(0).getUndelivered()).isNotNull();
		assertThat(recorder.texts).singleElement().asString().contains("order-8");
		assertThat(recorder.orders).isEmpty();
	}

	@Test
	void trustAllStillRefusesJndiAndProcessTypesWhileUserTypesArrive() {
		ConfigurableApplicationContext first = start("*");
		ConfigurableApplicationContext second = start();
		await().atMost(WAIT).until(() -> second.getBean(IPCSocket.class).isConnected());
		IPCSocket peer = second.getBean(IPCSocket.class);
		String target = first.getBean(IPCSocket.class).instanceId();

		// what a hostile peer sends: no IpcTemplate needed to name any class
		peer.send(null, "javax.naming.InitialContext", "{}".getBytes(StandardCharsets.UTF_8));
		peer.send(null, "java.lang.ProcessBuilder", "{\"command\":[\"touch\",\"x\"]}".getBytes(StandardCharsets.UTF_8));
		second.getBean(IpcTemplate.class).publish(new OrderPlaced("order-12", 1));

		Recorder recorder = first.getBean(Recorder.class);
		await().atMost(WAIT).until(() -> recorder.orders.contains(new OrderPlaced("order-12", 1)));
		await().atMost(WAIT).until(() -> recorder.errors.size() == 2);
		assertThat(recorder.errors).extracting((error) -> error.getException().getMessage())
			.anySatisfy((message) -> assertThat(message)
				.contains("type javax.naming.InitialContext is in a package ipc.trusted-packages=* never trusts"))
			.anySatisfy((message) -> assertThat(message)
				.contains("type java.lang.ProcessBuilder is in a package ipc.trusted-packages=* never trusts"));
		assertThatExceptionOfType(IpcException.class)
			.isThrownBy(() -> peer.request(target, "javax.naming.InitialContext", "{}".getBytes(StandardCharsets.UTF_8),
					Duration.ofMinutes(10)))
			.withMessageContaining("type javax.naming.InitialContext is in a package ipc.trusted-packages=* never trusts");
	}

	private static void send(ConfigurableApplicationContext context, Object payload) {
		context.getBean(IpcChannels.OUTBOUND, MessageChannel.class).send(MessageBuilder.withPayload(payload).build());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class SiblingApplication {

		@org.springframework.context.annotation.Bean
		Recorder recorder() {
			return new Recorder();
		}

	}

	static class Recorder implements ApplicationEventPublisherAware {

		private ApplicationEventPublisher publisher;

		final List<QuoteRequest> quoteRequests = new CopyOnWriteArrayList<>();

		final List<Quote> quotes = new CopyOnWriteArrayList<>();

		final List<Audit> audits = new CopyOnWriteArrayList<>();

		@Override
		public void setApplicationEventPublisher(ApplicationEventPublisher publisher) {
			this.publisher = publisher;
		}

		@IpcListener
		Quote quote(QuoteRequest request) {
			if (request.orderId().equals("fail")) {
				throw new IllegalStateException("cannot quote " + request.orderId());
			}
			// publishing an event while answering must not change the reply
			this.publisher.publishEvent(new Audit("quoted " + request.orderId()));
			return new Quote(request.orderId(), 42);
		}

		@IpcListener
		CompletableFuture<Stock> stock(StockRequest request) {
			return CompletableFuture.supplyAsync(() -> {
				if (request.item().equals("missing")) {
					throw new IllegalStateException("no stock of " + request.item());
				}
				return new Stock(request.item(), 7);
			});
		}

		@EventListener
		void on(QuoteRequest request) {
			this.quoteRequests.add(request);
		}

		@EventListener
		void on(Quote quote) {
			this.quotes.add(quote);
		}

		@EventListener
		void on(Audit audit) {
			this.audits.add(audit);
		}

		final List<IpcRole> roles = new CopyOnWriteArrayList<>();

		final List<IpcConnectedEvent> connected = new CopyOnWriteArrayList<>();

		final List<String> texts = new CopyOnWriteArrayList<>();

		final List<String> eventThreads = new CopyOnWriteArrayList<>();

		final List<OrderPlaced> orders = new CopyOnWriteArrayList<>();

		final List<IpcErrorEvent> errors = new CopyOnWriteArrayList<>();

		@EventListener
		void on(OrderPlaced order) {
			this.orders.add(order);
		}

		@EventListener
		void on(IpcErrorEvent error) {
			this.errors.add(error);
		}

		@EventListener
		void on(IpcRoleDecidedEvent event) {
			this.roles.add(event.role());
		}

		@EventListener
		void on(IpcConnectedEvent event) {
			this.connected.add(event);
		}

		@EventListener
		void on(IpcDataEvent event) {
			this.eventThreads.add(Thread.currentThread().getName());
			this.texts.add(event.getText());
		}

	}

	record OrderPlaced(String id, int quantity) {
	}

	record QuoteRequest(String orderId) {
	}

	record Quote(String orderId, int cents) {
	}

	record Audit(String what) {
	}

	record StockRequest(String item) {
	}

	record Stock(String item, int count) {
	}

	record PriceRequest(String orderId) {
	}

}
