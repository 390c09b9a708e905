package dev.ipcsocket.benchmarks.uplink;

import java.util.function.Consumer;
import java.util.function.Function;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Runs one end of a ping/pong in its own JVM: {@code --bench.role=pong} answers until killed;
 * {@code --bench.role=ping} measures {@code bench.rounds} round trips after
 * {@code bench.warmup}, prints the {@link RoundTrips#RESULT} line and exits.
 */
public final class PingPongPeer {

	private PingPongPeer() {
	}

	/**
	 * Start an application and, as the pinging end, measure.
	 * @param application the application class
	 * @param sender how the application sends one message, once it runs
	 * @param args its arguments
	 */
	public static void run(Class<?> application, Function<ConfigurableApplicationContext, Consumer<byte[]>> sender,
			String[] args) {
		ConfigurableApplicationContext context = SpringApplication.run(application, args);
		Environment environment = context.getEnvironment();
		if (!"ping".equals(environment.getProperty("bench.role"))) {
			return;
		}
		int code = 0;
		try {
			String result = context.getBean(RoundTrips.class)
				.ping(sender.apply(context), environment.getProperty("bench.warmup", Integer.class, 200),
						environment.getProperty("bench.rounds", Integer.class, 1000));
			System.out.println(result);
		}
		catch (Exception ex) {
			System.out.println(RoundTrips.RESULT + " error=" + ex.getMessage().replace(' ', '_'));
			code = 1;
		}
		System.out.flush();
		context.close();
		System.exit(code);
	}

}
